/**
 * Vite build of the face. `vite build` writes `dist/` (served by the backend at `/`); `vite` (`pnpm dev`) serves
 * the page with hot reload and proxies `/ws` to a running backend (`PAIGE_URL`, default http://127.0.0.1:3000).
 * Monaco and its editor worker are bundled from the `monaco-editor` package: nothing is fetched from a CDN.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const backend = process.env.PAIGE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Monaco's core is one large lazily loaded chunk by design.
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    port: Number(process.env.PAIGE_WEB_DEV_PORT ?? 5173),
    strictPort: true,
    proxy: {
      '/ws': { target: backend.replace(/^http/, 'ws'), ws: true },
      '/health': { target: backend },
    },
  },
  preview: { host: '127.0.0.1' },
});
