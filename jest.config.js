/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // tsconfig's isolatedModules makes ts-jest transpile file by file; `npm test` type-checks the whole tree with tsc first.
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  setupFiles: ['<rootDir>/test/support/jestSetup.ts'],
  testTimeout: 60000,
  // Integration suites start real servers; keep them from fighting over ports and CPU.
  maxWorkers: 2,
};
