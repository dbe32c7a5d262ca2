import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * The web page: built to apps/web/dist, served by the Klaster server at `/`. Types come from the
 * server's contracts through `import type` only, so nothing of the server reaches the bundle.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  // The domain's pure rules (e.g. who is entitled to vote, the quorum) run in the page as they do on the server.
  resolve: { alias: { '@klaster/domain': fileURLToPath(new URL('../../libs/domain/src', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The first view's budget is 200 KB gzipped; the build reports each chunk's gzipped size.
    reportCompressedSize: true,
    chunkSizeWarningLimit: 400,
    sourcemap: false,
    // scripts/first-view-size.mjs reads it to measure what the first screen loads.
    manifest: true,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000', '/socket.io': { target: 'ws://localhost:3000', ws: true } },
  },
});
