/** One jest run for the whole monorepo: unit specs beside the code, contract and e2e suites under test/. */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: {
    // Type checking is done once by `npm run typecheck`; jest only transpiles.
    '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }],
    // openid-client 6 (and its oauth4webapi, jose 6) ship as ES modules only. Node ≥ 20.19 loads them
    // with require(); jest's CommonJS runtime cannot, so jest transpiles them to CommonJS.
    '^.+/node_modules/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['^(?!.*/openid-client/node_modules/jose/).*/node_modules/(?!(openid-client|oauth4webapi)/)'],
  moduleFileExtensions: ['js', 'json', 'ts'],
  moduleNameMapper: {
    '^@klaster/event-store(|/.*)$': '<rootDir>/libs/event-store/src$1',
    '^@klaster/domain(|/.*)$': '<rootDir>/libs/domain/src$1',
    '^@klaster/identity(|/.*)$': '<rootDir>/libs/identity/src$1',
    '^@klaster/projections(|/.*)$': '<rootDir>/libs/projections/src$1',
    '^@klaster/audit(|/.*)$': '<rootDir>/libs/audit/src$1',
  },
  testTimeout: 60000,
  // Two workers on two cores: most e2e time is spent waiting on servers, child processes and the browser
  // (a full run: 405 s with two against 521 s with jest's default of one on this machine).
  maxWorkers: 2,
  // The browser tests (test/web) need the built page: built here when missing or stale. The shared-state
  // tests need PostgreSQL: a throw-away cluster is started here when it is installed (see test/support/postgres).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
