// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import mpviz from './scripts/eslint-plugin-mpviz.js';

const SIM_REASON =
  'src/sim is the pure model: deterministic TypeScript that runs unchanged in Node, in a ' +
  'Web Worker and on the main thread, so it must not depend on';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-pages/',
      'dist-release/',
      'e2e/.sites/',
      'node_modules/',
      'playwright-report/',
      'test-results/',
      'coverage/',
      '.vite/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    // A folder with an index.ts is entered through it (scripts/eslint-plugin-mpviz.js).
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { mpviz },
    rules: { 'mpviz/no-internal-imports': 'error' },
  },
  {
    // src/sim's layers import downwards only: Python values < pickle < system calls
    // and trace < kernel < mp library < scenarios < run (SIM_LAYERS in the plugin).
    // app/lint-boundary.test.ts checks that this block stays in force.
    files: ['src/sim/**/*.{ts,tsx}'],
    rules: { 'mpviz/sim-layers': 'error' },
  },
  {
    // Node-run files: tool configs, CLI, scripts, Playwright specs and all Vitest tests.
    files: [
      '*.config.{js,ts}',
      'e2e/**/*.{ts,mjs}',
      'scripts/**/*.{js,mjs,ts}',
      'src/cli/**/*.ts',
      '**/*.test.{ts,tsx}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Scripts for docs pages (the documented host examples): classic browser scripts.
    files: ['docs/examples/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    // The React component for Docusaurus/MDX: plain ES modules for the browser (and SSR).
    files: ['integrations/react/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.flat.recommended.rules },
  },
  {
    files: ['src/workers/**/*.ts'],
    languageOptions: { globals: { ...globals.worker } },
  },
  {
    files: ['public/coi-serviceworker.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.serviceworker } },
  },
  {
    // The one boundary that carries the design (see DESIGN.md, "Conventions").
    // app/lint-boundary.test.ts checks that this block stays in force.
    files: ['src/sim/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(react|react-dom|comlink|framer-motion|motion|zustand)(/.*)?$',
              message: `${SIM_REASON} UI, state or worker-messaging libraries.`,
            },
            {
              regex: '^(\\.{1,2}/|/)?(.*/)?(app|workers)(/.*)?$',
              message: `${SIM_REASON} app/ (the UI) or src/workers/ (the worker kernel); they depend on it, never the reverse.`,
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        {
          name: 'window',
          message: `${SIM_REASON} the DOM: there is no window in Node or in a Web Worker.`,
        },
        {
          name: 'document',
          message: `${SIM_REASON} the DOM: there is no document in Node or in a Web Worker.`,
        },
      ],
    },
  },
);
