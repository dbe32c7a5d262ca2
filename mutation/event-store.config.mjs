import { strykerConfigFor } from './stryker.base.mjs';

const base = strykerConfigFor('event-store');
export default {
  ...base,
  // port/validation.ts is its own run (event-store-validation.config.mjs): its rules are zod schemas built
  // when the module loads, which per-test coverage cannot attribute to the tests that exercise them.
  mutate: [...base.mutate, '!libs/event-store/src/port/validation.ts'],
  thresholds: { high: 85, low: 75, break: 75 },
};
