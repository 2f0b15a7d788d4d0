import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'server/db/migrations/**', 'coverage/**', 'e2e/screenshots/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Boundaries are rules, not intentions: a module reaches another through its index.ts.
    // Its tables are its own: others read the views it publishes (server/architecture.test.ts
    // also reads the SQL in template strings, which lint cannot).
    files: ['server/modules/**/*.ts'],
    ignores: ['server/modules/**/*.schema.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*/*.repository', '../*/*.repository.ts'], message: 'Use the other module’s index.ts, never its repository.' },
            { group: ['../*/*.service', '../*/*.routes'], message: 'Import another module through its index.ts.' },
            { group: ['../*/*.schema', '../*/*.schema.ts'], message: 'Another module’s tables are its own: read the views its index.ts publishes.' },
          ],
        },
      ],
    },
  },
  {
    // The composition root, the app and the workflows compose modules through their indexes.
    files: ['server/*.ts', 'server/workflows/**/*.ts', 'server/http/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/modules/*/*'], message: 'Import a module through its index.ts.' }] }],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**'], message: 'The web talks to the server over HTTP only.' }] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '**/web/**'], message: 'shared/ is pure and used by both sides.' }] }],
    },
  },
);
