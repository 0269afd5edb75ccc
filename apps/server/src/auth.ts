/**
 * The token on the browser-facing doors (issue 17 item 5; the way Jupyter guards its local server).
 *
 * `/ws` and `/pty` run commands and write files, and any web page the user visits can reach a loopback port, so an
 * upgrade needs a secret: the `paige-token-<port>` cookie (set by opening `/?token=...`) or `Authorization: Bearer
 * <token>`. The token is made once (256 random bits, base64url) and kept in `DATA_DIR/token` (mode 0600), so an
 * open page keeps working across a reload and a server restart; `--new-token` or deleting the file rotates it;
 * `PAIGE_TOKEN` fixes it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from './logger.js';
import { checkRequestOrigin } from './security.js';

/** Name of the token file in `DATA_DIR`. */
export const TOKEN_FILE = 'token';
/** Characters a token may use (URL-, header- and cookie-safe); 32..512 of them. */
const TOKEN_RE = /^[A-Za-z0-9._~-]{32,512}$/;
/** Cookie lifetime: 400 days, the longest browsers keep one. */
const COOKIE_MAX_AGE_S = 400 * 24 * 3600;

/** Where the token came from: `PAIGE_TOKEN`, the token file, or made now (first start, rotation, bad file). */
export type TokenSource = 'env' | 'file' | 'created' | 'rotated';

/**
 * The token for this start: `fixed` (`PAIGE_TOKEN`) when set; else the one in `DATA_DIR/token`; else (no file, an
 * unreadable or malformed one, or `rotate`) a new 256-bit token written there with mode 0600. A token file readable by
 * others is narrowed to 0600.
 * @throws Error when a new token cannot be written (DATA_DIR not writable).
 */
export function loadOrCreateToken(opts: {
  dataDir: string;
  fixed?: string | undefined;
  rotate?: boolean;
  logger?: Logger;
}): {
  token: string;
  source: TokenSource;
} {
  if (opts.fixed) return { token: opts.fixed, source: 'env' };
  const path = join(opts.dataDir, TOKEN_FILE);
  if (!opts.rotate && existsSync(path)) {
    try {
      const token = readFileSync(path, 'utf8').trim();
      if (TOKEN_RE.test(token)) {
        if ((statSync(path).mode & 0o077) !== 0) {
          chmodSync(path, 0o600);
          opts.logger?.warn({ path }, 'token file was readable by others: narrowed to mode 0600');
        }
        return { token, source: 'file' };
      }
      opts.logger?.warn({ path }, 'token file is malformed: making a new token');
    } catch (err) {
      opts.logger?.warn(
        { path, err: (err as Error).message },
        'token file is unreadable: making a new token',
      );
    }
  }
  const existed = existsSync(path);
  const token = randomBytes(32).toString('base64url');
  writePrivateFile(path, `${token}\n`);
  return { token, source: opts.rotate && existed ? 'rotated' : 'created' };
}

/** Writes `content` to `path` atomically (temp file + rename) with mode 0600. */
export function writePrivateFile(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  chmodSync(tmp, 0o600); // a umask cannot widen it, but a pre-existing temp file could have another mode
  renameSync(tmp, path);
}

/** Checks credentials against one token; built by {@link createAuth}. */
export interface Auth {
  readonly token: string;
  /** `paige-token-<port>`: one cookie per server, since cookies do not separate ports. */
  readonly cookieName: string;
  /** Constant-time comparison of a presented token. */
  matches(candidate: string | undefined | null): boolean;
  /**
   * Whether a request carries the token: `Authorization: Bearer <token>` or the cookie.
   * @returns `ok`, or why not (`missing` credentials or a `wrong` one).
   */
  check(headers: {
    authorization?: string | null | undefined;
    cookie?: string | null | undefined;
  }): 'ok' | 'missing' | 'wrong';
  /** The `Set-Cookie` value: HttpOnly, SameSite=Strict, Path=/, 400 days. */
  setCookie(): string;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Reads every value of cookie `name` from a `Cookie` header. */
function cookieValues(header: string, name: string): string[] {
  const out: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name)
      out.push(
        part
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      );
  }
  return out;
}

/** The bearer token of an `Authorization` header, `undefined` when there is none, `''` for another scheme. */
export function bearerOf(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? '';
}

/** Builds the checks for `token` on a server listening on `port`. */
export function createAuth(token: string, port: number): Auth {
  const expected = digest(token);
  const cookieName = `paige-token-${port}`;
  const matches = (candidate: string | undefined | null) =>
    typeof candidate === 'string' && candidate.length > 0 && timingSafeEqual(digest(candidate), expected);
  return {
    token,
    cookieName,
    matches,
    check(headers) {
      const bearer = bearerOf(headers.authorization);
      const cookies = headers.cookie ? cookieValues(headers.cookie, cookieName) : [];
      if (bearer === undefined && cookies.length === 0) return 'missing';
      if (matches(bearer) || cookies.some((c) => matches(c))) return 'ok';
      return 'wrong';
    },
    setCookie() {
      return `${cookieName}=${token}; Path=/; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict`;
    },
  };
}

/**
 * The token exchange (issue 17): a `GET` (or `HEAD`) of any page with `?token=<token>` (the URL the server prints at
 * start) sets the cookie and redirects (303) to the same URL without the token, so the secret leaves the address bar
 * and the history. A wrong token answers 401 and sets nothing; a foreign `Host` answers 403. Registered before every
 * other route; requests without `token` pass through untouched, as do `/mcp` requests.
 */
export function tokenExchange(opts: {
  auth: () => Auth;
  bindHost: string;
  logger: Logger;
}): MiddlewareHandler {
  return async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || c.req.path === '/mcp') return next();
    const url = new URL(c.req.url);
    if (!url.searchParams.has('token')) return next();
    const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
    const hostCheck = checkRequestOrigin({ host: c.req.header('host') }, [], opts.bindHost);
    if (!hostCheck.ok) return c.text(`Forbidden: ${hostCheck.reason}\n`, 403, noStore);
    const auth = opts.auth();
    if (!auth.matches(url.searchParams.get('token'))) {
      opts.logger.warn({ path: c.req.path }, 'token exchange refused: wrong token (401)');
      return c.text(
        'Unauthorized: this token is not (or no longer) valid. Open the URL the Paige server printed at start, or read url and token from DATA_DIR/server.json.\n',
        401,
        noStore,
      );
    }
    url.searchParams.delete('token');
    const location = `${url.pathname}${url.search}`;
    return new Response(null, {
      status: 303,
      headers: { ...noStore, location, 'set-cookie': auth.setCookie() },
    });
  };
}
