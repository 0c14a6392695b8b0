/**
 * The specs Stryker judges the money rules by (stryker.config.mjs): those of apps/<service>/src/domain,
 * libs/ and the provider/HTTP edges that predate the handler specs. The handler specs of commands/,
 * consumers/, jobs/, queries/ and persistence/ load NestJS, TypeORM and the CQRS bus for every mutant
 * they relate to (a full run took over 35 minutes with them); they run in npm test as usual.
 */
const base = require('./jest.config.js');
module.exports = {
  ...base,
  testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/apps/[^/]+/src/(commands|consumers|jobs|queries|persistence|services)/'],
};
