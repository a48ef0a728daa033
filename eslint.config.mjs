// @ts-check
// House rules: typescript-eslint's type-checked rules (floating promises above all: a promise
// nobody awaits is an error nobody hears), imports in one order, and Prettier's formatting left
// to Prettier. `npx eslint .` must report nothing; .ci/run runs it with --max-warnings 0.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'coverage/',
      'data/',
      'node_modules/',
      'eslint.config.mjs',
      'jest.config.js',
      'jest.redis.config.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      parserOptions: {
        projectService: { allowDefaultProject: ['bench/*.mjs', 'test/faults/*.mjs', 'test/multi-instance/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: {
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Tests read HTTP answers (supertest's `body` is `any` by design) and assert on their shape;
    // typing every response would add casts, not safety. The rest of the type-checked rules hold.
    files: ['test/**/*.ts', 'src/**/*.spec.ts', 'src/**/*.redis-spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Bodies and rows are read loosely (test/support/values.ts `Body`).
      '@typescript-eslint/no-explicit-any': 'off',
      // Fakes implement async interfaces with plain values.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Plain scripts (bench, fault checks): no types to check against.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
