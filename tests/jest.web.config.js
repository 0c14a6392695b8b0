/**
 * Browser suites (`npm run test:web`): the platform in embedded mode on a free port serving the
 * built web app, driven with playwright-core through Debian's chromium (CHROMIUM_PATH,
 * default /usr/bin/chromium; scripts/infra/install-chromium.sh). No browser is ever downloaded.
 * Screenshots go to artifacts/screenshots/.
 */
const path = require('path');
const { pathsToModuleNameMapper } = require('../scripts/jest-paths');
module.exports = {
  rootDir: path.join(__dirname, '..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/web/**/*.web-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', require('../scripts/swc-jest-options')] },
  moduleNameMapper: pathsToModuleNameMapper(),
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/tests/web/support/build-web.js',
  testTimeout: 180000,
  maxWorkers: 1,
};
