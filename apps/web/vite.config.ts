import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The Hindsight server in development (`PORT=8787 pnpm --filter @hindsight/server start`). */
const DEV_SERVER = 'http://127.0.0.1:8787';

// The API and the sync socket live on the server; the dev server and `vite preview` proxy them so
// the app always talks to its own origin, exactly as it does when the server serves the build.
const proxy = {
  '/api': { target: DEV_SERVER },
  '/sync': { target: DEV_SERVER, ws: true },
};

export default defineConfig({
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
  // The manifest lets the benchmark tell the board's first-paint scripts from lazily loaded ones.
  build: { outDir: 'dist', emptyOutDir: true, manifest: true },
});
