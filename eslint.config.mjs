import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdkImports = ['botbuilder', 'botbuilder-*', 'botframework-*', 'ldapts', 'ldapts/*', 'twilio', 'twilio/*',
  '@microsoft/microsoft-graph-client', '@azure/*', 'restify', 'better-sqlite3', 'pino', 'croner'];
const nodeIo = ['fs', 'fs/*', 'node:fs', 'node:fs/*', 'net', 'node:net', 'tls', 'node:tls', 'http', 'node:http',
  'https', 'node:https', 'child_process', 'node:child_process', 'dgram', 'node:dgram'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', '.tmp/**', 'test-output/**', 'devTools/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    // The core stays free of SDKs and I/O: the rules and use cases are plain modules.
    files: ['src/domain/**/*.ts', 'src/app/**/*.ts', 'src/ports/**/*.ts', 'src/i18n/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...sdkImports, ...nodeIo].map((group) => ({ group: [group], message: 'domain/, app/, ports/ and i18n/ import no SDK and no I/O module; use a port.' })) }],
    },
  },
  {
    // Command-line scripts, test servers and benchmarks print to the terminal by design.
    files: ['scripts/**/*.ts', 'test/**/*.ts', 'src/adapters/console/**/*.ts', 'src/sweep.ts'],
    rules: { 'no-console': 'off' },
  },
);
