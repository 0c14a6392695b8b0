// Mutation testing of the money rules (issue 17, "Tests that can fail"): Stryker mutates the pure domain
// code of every service and the ledger library, runs the unit specs (jest.mutation.config.js: all but the handler specs) against each mutant and
// fails under 90 % killed. `npm run test:mutation` (and CI) run incrementally against the committed baseline
// tests/mutation/stryker-incremental.json: only mutants whose code or covering tests changed are run again;
// `npm run test:mutation:full` runs every mutant. The surviving mutants and why each is equivalent are listed in docs/testing.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  // The unit script runs Jest under --experimental-vm-modules; the mutant runs do the same.
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning'],
  mutate: ['apps/*/src/domain/**/*.ts', 'libs/ledger/src/**/*.ts', '!**/*.spec.ts', '!**/*.spec-fixture.ts', '!libs/ledger/src/index.ts'],
  coverageAnalysis: 'perTest',
  checkers: [],
  concurrency: 2,
  timeoutMS: 10000,
  thresholds: { high: 95, low: 90, break: 90 },
  incremental: true,
  incrementalFile: 'tests/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'artifacts/mutation/mutation.html' },
  jsonReporter: { fileName: 'artifacts/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
