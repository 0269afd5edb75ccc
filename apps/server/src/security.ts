/**
 * DNS-rebinding and cross-site WebSocket hijacking protection for /mcp and /ws (DESIGN section 7).
 *
 * A request passes when its `Host` is a loopback name (or the configured bind host) and its `Origin`,
 * when present, is allowed. Clients that send no `Origin` (Claude Code, Node) pass; browsers always send
 * one for cross-site requests, so a page on another site cannot reach the backend.
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
 * Checks the `Host` and `Origin` headers of a request to /mcp or /ws.
 * @param bindHost the configured `HOST`; requests addressed to it are accepted as well.
 */
export function checkRequestOrigin(
  headers: { host?: string | null | undefined; origin?: string | null | undefined },
  allowedOrigins: readonly string[],
  bindHost: string,
): OriginCheck {
  const host = headers.host;
  if (!host) return { ok: false, reason: 'missing Host header' };
  const hostname = hostnameOf(host);
  if (!isLoopbackHostname(hostname) && hostname !== bindHost.toLowerCase()) {
    return { ok: false, reason: `Host ${hostname} is not a loopback address` };
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== null && !isOriginAllowed(origin, allowedOrigins)) {
    return { ok: false, reason: `Origin ${origin} is not allowed` };
  }
  return { ok: true };
}
