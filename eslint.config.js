import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The web's layers (bulletproof-react's): `web/app` composes (router, layout, what other features
 * add to the ticket page) and may import anything; a feature imports `web/lib`, `web/components`
 * and `shared`, never another feature nor the app; `web/components` (shared domain widgets) and
 * `web/lib` (the library: API client, i18n, session, shared queries) import no feature and no
 * app, and the library no widget either. Relative imports are matched by depth, so each
 * feature gets the paths that would reach its neighbours from each level of its folder.
 */
const server = { group: ['**/server/**'], message: 'The web talks to the server over HTTP only.' };
const features = readdirSync(new URL('./web/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const up = (n) => '../'.repeat(n);
const featureZones = features.flatMap((feature) =>
  [1, 2, 3].map((depth) => ({
    files: [`web/features/${feature}/${'*/'.repeat(depth - 1)}*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            server,
            {
              group: features.filter((f) => f !== feature).flatMap((f) => [`${up(depth)}${f}`, `${up(depth)}${f}/**`]),
              message: 'A feature does not import another feature: move what both need to web/lib or web/components, or compose them in web/app.',
            },
            { group: [`${up(depth + 1)}app`, `${up(depth + 1)}app/**`], message: 'A feature does not import the app; the app imports features.' },
          ],
        },
      ],
    },
  })),
);

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
    // So does the demo, which makes its data through the modules' published functions.
    files: ['server/*.ts', 'server/workflows/**/*.ts', 'server/http/**/*.ts', 'server/demo/**/*.ts'],
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
      'no-restricted-imports': ['error', { patterns: [server] }],
    },
  },
  ...featureZones,
  {
    files: ['web/lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            server,
            { group: ['**/features', '**/features/**', '**/app', '**/app/**', '**/components', '**/components/**'], message: 'web/lib is the library under everything: it imports no feature, no app and no widget.' },
          ],
        },
      ],
    },
  },
  {
    files: ['web/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [server, { group: ['**/features', '**/features/**', '**/app', '**/app/**'], message: 'Shared widgets import web/lib and shared, never a feature or the app.' }] },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '**/web/**'], message: 'shared/ is pure and used by both sides.' }] }],
    },
  },
);
