/** Unit and service-level tests: co-located *.spec.ts under apps/ and libs/. */
const { pathsToModuleNameMapper } = require('./scripts/jest-paths');
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', require('./scripts/swc-jest-options')] },
  moduleNameMapper: pathsToModuleNameMapper(),
  setupFiles: ['reflect-metadata', '<rootDir>/scripts/jest-fast-check.js'],
  // Stryker's sandboxes (npm run test:mutation) are copies of the repository: not tests of their own.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
};
