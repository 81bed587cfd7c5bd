// @ts-check
import js from '@eslint/js';
import formatjs from 'eslint-plugin-formatjs';
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
    plugins: { 'react-hooks': reactHooks, formatjs },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Every word a user reads comes from the locale catalogue (src/shared/i18n): no literal text in JSX.
      'formatjs/no-literal-string-in-jsx': [
        'error',
        { props: { include: [['*', '{aria-label,aria-description,aria-valuetext,alt}']] } },
      ],
    },
  },
  {
    // The core is plain Node: the Electron shell is the only place that may touch electron.
    files: ['src/main/core/**/*.ts', 'src/shared/**/*.ts', 'src/host/**/*.ts', 'src/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The core runs under plain Node; only src/main/index.ts may import electron.',
            },
            { name: 'electron-store', message: 'electron-store imports electron; take a settings factory instead.' },
          ],
        },
      ],
    },
  },
  {
    // Shared code runs in the renderer too: no Node builtins.
    files: ['src/shared/**/*.ts', 'src/preload/bridge.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^node:', message: 'src/shared is loaded by the renderer: keep it free of Node APIs.' }],
          paths: [{ name: 'electron', message: 'Shared code must not import electron.' }],
        },
      ],
    },
  },
);
