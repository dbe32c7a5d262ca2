/**
 * Shared StrykerJS settings for `npm run test:mutation` (one run per library, see docs/mutation-testing.md).
 * Each library is judged by its own specs only: the score says how well *its* tests bite.
 */
// Read by specs that only exercise other processes (where no mutant is active) to skip themselves.
process.env.KLASTER_MUTATION_RUN = '1';

export function strykerConfigFor(lib) {
  return {
    $schema: '../node_modules/@stryker-mutator/core/schema/stryker-schema.json',
    packageManager: 'npm',
    testRunner: 'jest',
    jest: {
      projectType: 'custom',
      configFile: 'jest.config.js',
      // Only this library's specs; jest's other roots (apps, e2e) are not part of the measure.
      // Nor the browser tests' global setup (it builds the web page, which no library spec needs).
      config: { roots: [`<rootDir>/libs/${lib}`], globalSetup: null },
      enableFindRelatedTests: true,
    },
    checkers: ['typescript'],
    tsconfigFile: `libs/${lib}/tsconfig.lib.json`,
    typescriptChecker: { prioritizePerformanceOverAccuracy: true },
    coverageAnalysis: 'perTest',
    // Static mutants (module-level initialisers: schemas, tables, constants) would each run the whole
    // suite — half the run's time for 4 % of the mutants on a shared 2-core machine. They are reported
    // as Ignored and left out of the score (see docs/mutation-testing.md).
    ignoreStatic: true,
    mutate: [`libs/${lib}/src/**/*.ts`],
    // The machine has two cores shared with others: `--concurrency 1` when someone else is busy.
    concurrency: 2,
    timeoutMS: 10_000,
    incremental: true,
    incrementalFile: `mutation/incremental/${lib}.json`,
    ignorePatterns: ['bench', 'docs', 'data', 'dist', 'coverage', 'reports', 'mutation/incremental', 'apps/web'],
    tempDirName: `.stryker-tmp/${lib}`,
    reporters: ['clear-text', 'progress', 'html', 'json'],
    htmlReporter: { fileName: `reports/mutation/${lib}.html` },
    jsonReporter: { fileName: `reports/mutation/${lib}.json` },
    thresholds: { high: 90, low: 80, break: null },
  };
}
