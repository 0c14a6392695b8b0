/**
 * Cross-service suites (supertest). TEST_MODE=embedded (default, Node only) or distributed (real
 * PostgreSQL + Kafka, see scripts/infra). tests/messaging holds the Kafka fault tests, which only
 * make sense against a real broker, and tests/stripe needs stripe-mock: both are selected here by
 * configuration, never skipped inside a suite.
 */
const path = require('path');
const { pathsToModuleNameMapper } = require('../scripts/jest-paths');
const distributed = process.env.TEST_MODE === 'distributed';
// tests/stripe talks to stripe-mock (scripts/infra/start-stripe-mock.sh); selected when it is configured.
const stripeMock = Boolean(process.env.STRIPE_MOCK_URL);
module.exports = {
  rootDir: path.join(__dirname, '..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: [...(distributed ? [] : ['<rootDir>/tests/messaging/']), ...(stripeMock ? [] : ['<rootDir>/tests/stripe/'])],
  transform: { '^.+\\.ts$': ['@swc/jest', require('../scripts/swc-jest-options')] },
  moduleNameMapper: pathsToModuleNameMapper(),
  setupFiles: ['reflect-metadata'],
  testTimeout: 120000,
  maxWorkers: distributed ? 1 : 2,
};
