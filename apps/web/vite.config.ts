/**
 * Vite build of the face. `vite build` writes `dist/` (served by the backend at `/`); `vite` (`pnpm dev`) serves
 * the page with hot reload and proxies `/ws`, `/pty` and `/auth` to a running backend (`PAIGE_URL`, default http://127.0.0.1:3000).
 * Monaco and its editor worker are bundled from the `monaco-editor` package: nothing is fetched from a CDN.
 */
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const backend = process.env.PAIGE_URL ?? 'http://127.0.0.1:3000';
const devPort = Number(process.env.PAIGE_WEB_DEV_PORT ?? 5173);

/** `pnpm dev`: says where `/ws` goes and how to let the backend accept the dev page's origin. */
function devBanner(): Plugin {
  return {
    name: 'paige-dev-banner',
    apply: 'serve',
    configureServer(server) {
      server.httpServer?.once('listening', () => {
        const origin = `http://127.0.0.1:${devPort}`;
        server.config.logger.info(
          `\n  Paige (dev): ${origin}/ with hot reload; /ws, /pty and /auth are proxied to ${backend} (PAIGE_URL).\n` +
            `  Start the backend first (pnpm start). Its Origin check must accept this page: PAIGE_ALLOWED_ORIGINS=${origin}\n`,
        );
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), devBanner()],
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
    port: devPort,
    strictPort: true,
    proxy: {
      '/ws': { target: backend.replace(/^http/, 'ws'), ws: true },
      '/pty': { target: backend.replace(/^http/, 'ws'), ws: true },
      '/auth': { target: backend },
      '/health': { target: backend },
    },
  },
  preview: { host: '127.0.0.1' },
});
