/**
 * DNS-rebinding and cross-site WebSocket hijacking protection for /mcp, /ws and /pty (DESIGN section 7, issue 17).
 *
 * A request passes when its `Host` is a loopback name (or the configured bind host) and its `Origin`,
 * when present, is allowed. Clients that send no `Origin` (Claude Code, Node) pass; browsers always send
 * one for cross-site requests, so a page on another site cannot reach the backend.
 *
 * `/mcp` allows any loopback origin. The browser-facing sockets `/ws` and `/pty` allow only the server's own origin
 * (see {@link isOwnOrigin}): cookies do not separate ports and every loopback port is the same site, so a page served
 * from another local port must not reach them.
 */

/** Result of {@link checkRequestOrigin}: `ok`, or the reason for a 403. */
export type OriginCheck = { ok: true } | { ok: false; reason: string };

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end === -1 ? h : h.slice(0, end + 1);
  }
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/** True for `localhost`, `*.localhost`, any `127.0.0.0/8` address and `[::1]`. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (LOOPBACK_HOSTNAMES.has(h) || h.endsWith('.localhost')) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Origins allowed by default: `http(s)://` on a loopback host with any port, and the schemes an Electron
 * renderer sends (`file://`, `app://…`). `PAIGE_ALLOWED_ORIGINS` adds exact origins (or `null`).
 */
export function isOriginAllowed(origin: string, extra: readonly string[]): boolean {
  if (extra.includes(origin)) return true;
  if (origin.startsWith('file://')) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol === 'app:') return true;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return isLoopbackHostname(url.hostname);
}

/**
 * Origins allowed on the browser-facing sockets `/ws` and `/pty` (issue 17): the server's own origin
 * (`http://<host>:<port>` with host `127.0.0.1`, `localhost`, `[::1]` or the configured bind host, and the
 * server's real port), `file://` and `app://` (an Electron renderer), and the exact origins of
 * `PAIGE_ALLOWED_ORIGINS` (`pnpm dev` adds its Vite origin there). A page on another loopback port is refused.
 */
export function isOwnOrigin(
  origin: string,
  self: { port: number; bindHost: string },
  extra: readonly string[],
): boolean {
  if (extra.includes(origin)) return true;
  if (origin.startsWith('file://')) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol === 'app:') return true;
  if (url.protocol !== 'http:') return false;
  const port = url.port === '' ? 80 : Number(url.port);
  if (port !== self.port) return false;
  const host = url.hostname.toLowerCase();
  const bind = self.bindHost.toLowerCase();
  return (
    host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === bind || `[${bind}]` === host
  );
}

/**
 * Checks the `Host` and `Origin` headers of a request to /mcp (any loopback origin) or, with `self`, to /ws and /pty
 * (the server's own origin only, {@link isOwnOrigin}).
 * @param bindHost the configured `HOST`; requests addressed to it are accepted as well.
 * @param self the server's listening port: narrows the Origin rule to the server's own origin.
 */
export function checkRequestOrigin(
  headers: { host?: string | null | undefined; origin?: string | null | undefined },
  allowedOrigins: readonly string[],
  bindHost: string,
  self?: { port: number },
): OriginCheck {
  const host = headers.host;
  if (!host) return { ok: false, reason: 'missing Host header' };
  const hostname = hostnameOf(host);
  if (!isLoopbackHostname(hostname) && hostname !== bindHost.toLowerCase()) {
    return { ok: false, reason: `Host ${hostname} is not a loopback address` };
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== null) {
    const allowed = self
      ? isOwnOrigin(origin, { port: self.port, bindHost }, allowedOrigins)
      : isOriginAllowed(origin, allowedOrigins);
    if (!allowed) return { ok: false, reason: `Origin ${origin} is not allowed` };
  }
  return { ok: true };
}
