// Lint rules that keep the runtime boundaries visible (see ../shared/design/STYLE.md):
// only src/main/host and src/preload may import 'electron'; src/shared is pure TypeScript;
// the renderer has no Node; the hub imports src/shared and nothing of the desk.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './lint/layers.js';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'stream', 'events', 'worker_threads'];
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
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronBan, 'better-sqlite3', 'socket.io', 'socket.io-client', 'react', 'ws', 'openai'],
          patterns: [
            { group: nodeBuiltins, message: 'src/shared is pure TypeScript: no runtime-specific modules.' },
            { group: ['**/hub/**', '**/main/**', '**/renderer/**', '**/preload/**'], message: 'src/shared imports only src/shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/demo/customer-page/**'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'module' },
  },
  {
    files: ['src/hub/**', 'src/demo/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronBan],
          patterns: [{ group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'The hub imports src/shared only.' }],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electronBan, 'better-sqlite3', 'socket.io', 'ws', 'openai'],
          patterns: [
            { group: nodeBuiltins, message: 'No Node in the renderer: go through DeskApi.' },
            { group: ['**/main/**', '**/hub/**', '**/preload/**'], message: 'The renderer talks to the desk only through DeskApi.' },
          ],
        },
      ],
    },
  },
);
