// Lint rules that keep the runtime boundaries visible (see ../shared/design/STYLE.md). Inside src, the layer
// allow-list (lint/layers.js) decides what each folder may import: src/shared is pure TypeScript, the renderer
// has no Node, the hub imports src/shared and nothing of the desk. Outside src (tests, scripts), only the ban on
// 'electron' applies.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './lint/layers.js';

const electronBan = { name: 'electron', message: 'Only src/main/host and src/preload may import electron.' };

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'coverage/**', 'docs/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [electronBan] }],
    },
  },
  {
    // The layer allow-list (lint/layers.js): every folder of src imports only what its row allows.
    files: ['src/**/*.{ts,tsx,js,mjs}'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/allowed': 'error' },
  },
  {
    files: ['src/main/host/**', 'src/preload/**'],
    // Electron is theirs; everything else is decided by the allow-list above.
    rules: { 'no-restricted-imports': ['error', { paths: [] }] },
  },
  {
    files: ['src/demo/customer-page/**'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'module' },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
);
