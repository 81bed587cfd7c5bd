// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.test-output/', 'test/fixtures/', '.scratch-*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx', 'scripts/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // Process boundaries (docs/architecture.md): each runtime may import only what runs there.
  // test/foundation/lint-boundaries.test.ts proves each rule fails a violating file.
  {
    // The core (and the host, the sandbox) is plain Node: only the Electron shell touches electron.
    files: ['src/main/core/**/*.ts', 'src/host/**/*.ts', 'src/sandbox/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The core runs under plain Node; only src/main/*.ts may import electron.' },
            { name: 'electron-store', message: 'electron-store imports electron; take a settings factory instead.' },
          ],
          patterns: [
            { group: ['**/renderer/**', '**/preload/**'], message: 'The core never imports renderer or preload code.' },
          ],
        },
      ],
    },
  },
  {
    // Shared code runs in the renderer and in Node: neither Node APIs nor the DOM.
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'src/shared is loaded by the renderer: keep it free of Node APIs.' },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/host/**', '**/sandbox/**'],
              message: 'src/shared imports only src/shared.',
            },
          ],
          paths: [{ name: 'electron', message: 'Shared code must not import electron.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', '__dirname', '__filename'].map((name) => ({
          name,
          message: 'src/shared runs in the renderer too: no Node globals.',
        })),
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement'].map((name) => ({
          name,
          message: 'src/shared runs in Node too: no DOM.',
        })),
      ],
    },
  },
  {
    // The renderer is a web page: it reaches the app through window.hoiio only.
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'The renderer is a web page: no Node APIs.' },
            {
              group: ['**/main/**', '**/host/**', '**/sandbox/**'],
              message: 'The renderer talks to the core through window.hoiio (the contract), never by import.',
            },
          ],
          paths: [{ name: 'electron', message: 'The renderer must not import electron.' }],
        },
      ],
    },
  },
  {
    // The preload is zero-dependency: names from src/shared/channels.ts, types only from the contract.
    files: ['src/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'zod', message: 'The preload bundles no schemas: validation happens in main (dispatch).' },
            { name: 'libphonenumber-js', message: 'The preload bundles no phone metadata.' },
          ],
          patterns: [
            {
              group: [
                '**/shared/contract',
                '**/shared/contract.ts',
                '**/shared/*',
                '!**/shared/channels.ts',
                '!**/shared/channels',
                '!**/shared/errors.ts',
              ],
              allowTypeImports: true,
              message:
                'The preload imports values only from src/shared/channels.ts (types from anywhere in src/shared).',
            },
            { regex: '^node:', message: 'The sandboxed preload has no Node APIs.' },
            { group: ['**/main/**', '**/renderer/**'], message: 'The preload imports neither main nor renderer code.' },
          ],
        },
      ],
    },
  },
);
