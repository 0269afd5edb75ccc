/**
 * Vite build of the face. `vite build` writes `dist/` (served by the backend at `/`); `vite` (`pnpm dev`) serves
 * the page with hot reload and proxies `/ws`, `/pty` and `/auth` to a running backend (`PAIGE_URL`, default
 * http://127.0.0.1:3000), adding its token.
 * Monaco and its editor worker are bundled from the `monaco-editor` package: nothing is fetched from a CDN.
 */
import { readFileSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

const backend = process.env.PAIGE_URL ?? 'http://127.0.0.1:3000';
const devPort = Number(process.env.PAIGE_WEB_DEV_PORT ?? 5173);
/** The backend's runtime file (issue 17): `DATA_DIR/server.json`, with the token of `/ws`, `/pty` and `/auth`. */
const runtimeFile = join(process.env.DATA_DIR ?? join(homedir(), '.paige'), 'server.json');

/**
 * The token of the backend the proxy talks to, read from its runtime file at each proxied request (the backend may
 * start after Vite, or restart); `undefined` when the file is missing or belongs to another port.
 */
function backendToken(): string | undefined {
  try {
    const runtime = JSON.parse(readFileSync(runtimeFile, 'utf8')) as { url?: string; token?: string };
    return runtime.url !== undefined && new URL(runtime.url).port === new URL(backend).port
      ? runtime.token
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Proxies a path to the backend with `Authorization: Bearer <token>` added, so the dev page needs no token URL. The
 * page's `Origin` is kept: the backend still refuses every origin but the dev page's (`PAIGE_ALLOWED_ORIGINS`, which
 * the server's `dev` script sets), so another site cannot ride on the proxy.
 */
function authorised(target: string, ws = false): ProxyOptions {
  const addToken = (proxyReq: ClientRequest) => {
    const token = backendToken();
    if (token !== undefined && !proxyReq.getHeader('authorization'))
      proxyReq.setHeader('authorization', `Bearer ${token}`);
  };
  return {
    target,
    ws,
    configure(proxy) {
      proxy.on('proxyReq', addToken);
      proxy.on('proxyReqWs', addToken);
    },
  };
}

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
            `  The proxy adds the backend's token from ${runtimeFile}. The backend's Origin check must accept this page:\n` +
            `  PAIGE_ALLOWED_ORIGINS=${origin} (the root \`pnpm dev\` sets it).\n`,
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
      '/ws': authorised(backend.replace(/^http/, 'ws'), true),
      '/pty': authorised(backend.replace(/^http/, 'ws'), true),
      '/auth': authorised(backend),
      '/health': { target: backend },
    },
  },
  preview: { host: '127.0.0.1' },
});
