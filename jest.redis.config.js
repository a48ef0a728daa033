// Suites that need a running Redis (REDIS_URL, default redis://127.0.0.1:6379): `npm run test:redis`.
// Kept out of jest.config.js so that `npm test` needs no services. Files: *.redis-spec.ts.
const base = require('./jest.config');

const { transform, transformIgnorePatterns, testEnvironment, moduleFileExtensions } = base.projects[0];

module.exports = {
  testTimeout: base.testTimeout,
  projects: [
    {
      transform,
      transformIgnorePatterns,
      testEnvironment,
      moduleFileExtensions,
      displayName: 'redis',
      rootDir: '.',
      roots: ['<rootDir>/src', '<rootDir>/test'],
      testRegex: '.*\\.redis-spec\\.ts$',
    },
  ],
};
