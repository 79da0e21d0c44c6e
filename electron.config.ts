// electron-vite build of Baton Desk: the Electron main process, the preload bridge and the React renderer.
// Every script passes `--config electron.config.ts`. The browser host (src/main/web) serves the same
// renderer output, so one build feeds both hosts.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import { precompress } from './scripts/precompress';

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('src/main/host/index.ts') } },
    },
  },
  preload: {
    // A sandboxed preload can require only 'electron': bundle zod (the DeskApi contract's schemas) into it.
    plugins: [externalizeDepsPlugin({ exclude: ['zod'] })],
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // Sandboxed preloads cannot load ES modules: emit CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  // Production renderer: minified (electron-vite leaves it unminified by default), content-hashed file names
  // (assets/name-HASH.js, cached as immutable by both hosts), split at the React.lazy seams (supervisor
  // console, settings, cheat sheet, quick search), and precompressed to .br and .gz.
  renderer: {
    root: 'src/renderer',
    plugins: [react(), precompress()],
    build: {
      outDir: 'out/renderer',
      minify: 'esbuild',
      cssMinify: 'esbuild',
      assetsDir: 'assets',
      reportCompressedSize: false,
      rollupOptions: {
        input: { index: resolve('src/renderer/index.html') },
        // src/shared is pure declarations (STYLE.md, enforced by lint): a module there whose exports the
        // renderer does not use can be dropped whole. That keeps the contract's zod schemas (validated by the
        // hosts) out of the agent's bundle.
        treeshake: { moduleSideEffects: (id) => !/[\\/]src[\\/]shared[\\/]/.test(id) },
        output: {
          entryFileNames: 'assets/[name]-[hash].js',
          chunkFileNames: 'assets/[name]-[hash].js',
          assetFileNames: 'assets/[name]-[hash][extname]',
        },
      },
    },
  },
});
