import { strykerConfigFor } from './stryker.base.mjs';

/**
 * The port's input rules (libs/event-store/src/port/validation.ts) are zod schemas built when the module
 * loads, so per-test coverage cannot say which tests reach them: this run gives every mutant of that file
 * the port's own specs (`coverageAnalysis: 'all'`), which is both quick and conservative (a mutant the
 * port specs miss may still be killed elsewhere, never the reverse). See docs/mutation-testing.md.
 */
const base = strykerConfigFor('event-store');
export default {
  ...base,
  mutate: ['libs/event-store/src/port/validation.ts'],
  coverageAnalysis: 'all',
  ignoreStatic: false,
  // Without per-test coverage the incremental file cannot tell that a new spec reaches a survivor (it
  // reused all but 3 of 171 results after validation-messages.spec.ts was added): test every mutant,
  // about 10 minutes for this file.
  force: true,
  jest: { ...base.jest, config: { ...base.jest.config, roots: ['<rootDir>/libs/event-store/test/port'] }, enableFindRelatedTests: false },
  incrementalFile: 'mutation/incremental/event-store-validation.json',
  tempDirName: '.stryker-tmp/event-store-validation',
  htmlReporter: { fileName: 'reports/mutation/event-store-validation.html' },
  jsonReporter: { fileName: 'reports/mutation/event-store-validation.json' },
  thresholds: { high: 85, low: 75, break: null },
};
