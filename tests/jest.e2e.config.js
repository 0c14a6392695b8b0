/**
 * Cross-service suites (supertest). TEST_MODE=embedded (default, Node only) or distributed (real
 * PostgreSQL + Kafka, see scripts/infra). tests/messaging holds the Kafka fault tests, which only
 * make sense against a real broker: they are selected by mode here, never skipped inside a suite.
 */
const path = require('path');
const { pathsToModuleNameMapper } = require('../scripts/jest-paths');
const distributed = process.env.TEST_MODE === 'distributed';
module.exports = {
  rootDir: path.join(__dirname, '..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: distributed ? [] : ['<rootDir>/tests/messaging/'],
  transform: { '^.+\\.ts$': ['@swc/jest', require('../scripts/swc-jest-options')] },
  moduleNameMapper: pathsToModuleNameMapper(),
  setupFiles: ['reflect-metadata'],
  testTimeout: 120000,
  maxWorkers: distributed ? 1 : 2,
};
