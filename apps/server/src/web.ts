/**
 * Serves the face (`@paige/web`'s built `dist/`, DESIGN section 11) at `/`: the files found at start, with
 * hashed assets cached immutably, everything else revalidated, a Content-Security-Policy that lets the page
 * talk only to its own origin (its `/ws` included), and the SPA fallback for view URLs (`/`, `/dashboard`,
 * `/practice/:id`, the routes `@paige/web` exports). Only files listed when the server started are ever read, so no request path reaches the
 * file system.
 */
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Context, Env, Hono } from 'hono';
import type { Logger } from './logger.js';
import { isLoopbackHostname } from './security.js';

/** One servable file of the built page. */
export interface WebFile {
  /** Absolute path on disk. */
  abs: string;
  /** `Content-Type` header value. */
  type: string;
  /** Size in bytes. */
  size: number;
  /** True for content-hashed build output (`/assets/name-<hash>.ext`): cached for a year, immutable. */
  immutable: boolean;
  /** Weak validator from size and mtime, for `If-None-Match` on revalidated files. */
  etag: string;
}

/** The built page as scanned at start: URL path (`/assets/index-abc123.js`) -> file. */
export interface WebPage {
  distDir: string;
  files: Map<string, WebFile>;
  /** `/index.html`, served for `/` and every view URL. */
  index: WebFile;
}

/**
 * The page's Content-Security-Policy: scripts, styles, fonts, workers and connections from its own origin only
 * (`connect-src 'self'` covers `ws://` on the same host and port in CSP Level 3); images also as `data:` URLs
 * (the favicon and Monaco's inline icons); inline styles allowed because Monaco writes its theme and layout into
 * `<style>` elements and `style` attributes at run time. No inline or eval'd script, no plugins, no framing.
 */
export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Paths the page never answers, even with the SPA fallback: they belong to the server's own endpoints. */
const RESERVED = ['/health', '/mcp', '/ws', '/pty', '/api'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/** Vite's hashed file names: `name-<8+ chars of base64url hash>.ext` under `assets/`. */
const HASHED = /^\/assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

function typeOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return (dot === -1 ? undefined : TYPES[path.slice(dot).toLowerCase()]) ?? 'application/octet-stream';
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name);
    if (entry.isDirectory()) walk(abs, out);
    else if (entry.isFile()) out.push(abs);
  }
}

/**
 * Scans a built page folder once, at start-up. Synchronous on purpose: about 100 small `stat`s take ~1 ms in one go,
 * and ~30 ms as as many thread-pool round trips before the server listens.
 * @returns the page, or `undefined` when `distDir` has no `index.html` (the page was not built).
 */
export async function loadWebPage(distDir: string): Promise<WebPage | undefined> {
  const paths: string[] = [];
  try {
    walk(distDir, paths);
  } catch {
    return undefined;
  }
  const files = new Map<string, WebFile>();
  for (const abs of paths) {
    const st = statSync(abs);
    const url = '/' + relative(distDir, abs).split(sep).join('/');
    files.set(url, {
      abs,
      type: typeOf(url),
      size: st.size,
      immutable: HASHED.test(url),
      etag: `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`,
    });
  }
  const index = files.get('/index.html');
  return index ? { distDir, files, index } : undefined;
}

function securityHeaders(c: Context): void {
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Content-Security-Policy', WEB_CSP);
  c.header('Cross-Origin-Resource-Policy', 'same-origin');
  c.header('Referrer-Policy', 'no-referrer');
}

async function send(c: Context, file: WebFile): Promise<Response> {
  securityHeaders(c);
  c.header('Content-Type', file.type);
  if (file.immutable) {
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
  } else {
    c.header('Cache-Control', 'no-cache');
    c.header('ETag', file.etag);
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
  }
  if (file.type.startsWith('text/html')) {
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
  }
  const body = await readFile(file.abs);
  c.header('Content-Length', String(body.byteLength));
  return c.body(body, 200);
}

/** Default view routes when `@paige/web` cannot be imported (it normally provides `webViewRoutes`). */
export const DEFAULT_VIEW_ROUTES = ['/'];

/**
 * Compiles view route patterns (`/practice/:id`; a `:name` segment matches one non-empty segment) into a
 * predicate; a trailing slash is accepted.
 */
export function viewMatcher(routes: readonly string[]): (path: string) => boolean {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const res = routes.map((r) => {
    const body = r
      .split('/')
      .map((seg) => (seg.startsWith(':') ? '[^/]+' : escape(seg)))
      .join('/');
    return new RegExp(`^${body === '' ? '/' : body}/?$`);
  });
  return (path) => res.some((re) => re.test(path));
}

/** Options of {@link mountWebPage}. */
export interface MountWebPageOptions {
  /** The scanned page, or `undefined` when it was not built (`/` then explains how to build it, 503). */
  page: WebPage | undefined;
  /** URL patterns of the page's views (answered with `index.html`), e.g. `@paige/web`'s `webViewRoutes`. */
  viewRoutes: readonly string[];
  /** The configured `HOST`: requests addressed to it are accepted besides loopback names. */
  bindHost: string;
  logger: Logger;
}

/**
 * Adds `GET /*` for the page to `app` (register it after `/health`, `/mcp` and before `notFound`). Requests
 * whose `Host` is not a loopback name or the bind host get 403 (DNS rebinding, DESIGN section 7).
 */
export function mountWebPage<E extends Env>(app: Hono<E>, opts: MountWebPageOptions): void {
  const bindHost = opts.bindHost.toLowerCase();
  const isViewPath = viewMatcher(opts.viewRoutes);
  app.get('*', async (c, next) => {
    const path = c.req.path;
    if (RESERVED.some((r) => path === r || path.startsWith(r + '/'))) return next();
    const host = (c.req.header('host') ?? '').toLowerCase();
    const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
    if (!isLoopbackHostname(hostname) && hostname !== bindHost) {
      opts.logger.warn(
        { path, reason: `Host ${hostname || '(none)'} is not a loopback address` },
        'page request rejected (403)',
      );
      return c.text('Forbidden: this page is served to loopback addresses only', 403);
    }
    const page = opts.page;
    if (!page) {
      if (!isViewPath(path)) return next();
      securityHeaders(c);
      c.header('Cache-Control', 'no-store');
      return c.text(
        'The Paige page is not built: run `pnpm build` (or `pnpm --filter @paige/web build`) and restart the server.',
        503,
      );
    }
    const file = page.files.get(path);
    if (file) return send(c, file);
    if (isViewPath(path)) return send(c, page.index);
    return next();
  });
}
