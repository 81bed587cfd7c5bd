import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    // Issue 14 (desktop shell): the update feed is fixed at build time; empty = the app never checks.
    define: { __HOIIO_UPDATE_FEED_URL__: JSON.stringify(process.env.HOIIO_UPDATE_FEED_URL ?? '') },
    build: {
      outDir: 'out/main',
      // keytar is a native module and node:sqlite a builtin: both load at run time, never bundled.
      // The database and upgrade workers are entries of their own (out/main/database-worker.js,
      // upgrade-worker.js): worker_threads load them by file, from inside the asar
      // (database-worker-client.ts workerEntry finds them).
      rollupOptions: {
        input: {
          index: 'src/main/index.ts',
          'database-worker': 'src/main/core/workers/database.worker.ts',
          'upgrade-worker': 'src/main/core/workers/upgrade.worker.ts',
        },
        external: ['keytar', /^node:/],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require node_modules: bundle everything into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: 'src/preload/index.ts',
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified by default; the first screen loads faster minified.
      minify: true,
      rollupOptions: { input: 'src/renderer/index.html' },
    },
  },
});
