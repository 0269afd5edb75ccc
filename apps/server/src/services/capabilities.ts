/**
 * What the running server can actually do, for `connection:init.featureFlags` (issue 20 item 4): whether the
 * Anthropic key is usable, and whether the GitHub CLI is installed and authenticated. Both are known without blocking
 * anything: the key from its form and from the answers of real model calls, `gh` from a background probe whose result
 * is cached.
 */
import { execFile } from 'node:child_process';
import type { Logger } from '../logger.js';

/** How long a `gh auth status` result is trusted before the next handshake re-probes in the background, ms. */
export const GH_PROBE_TTL_MS = 10 * 60_000;

/** The GitHub CLI as last probed. */
export type GhState = 'unknown' | 'missing' | 'unauthenticated' | 'ready';

/** Options of {@link GhProbe}. */
export interface GhProbeOptions {
  /** Executable (`PAIGE_GH_PATH`, default `gh` on `PATH`). */
  ghPath: string;
  /** Directory `gh` runs in (`PROJECT_DIR`). */
  cwd: string;
  /** Longest a probe may take, ms; a probe that times out leaves the state `unknown`. */
  timeoutMs: number;
  logger: Logger;
  /** Re-probe after this long, ms. Default {@link GH_PROBE_TTL_MS}. */
  ttlMs?: number;
  now?: () => number;
}

/**
 * Probes `gh auth status` (exit 0: installed and logged in; exit non-zero: installed but not usable; not found:
 * missing) at most once per TTL, never on the caller's path: {@link GhProbe.state} answers from the cache at once.
 * @see discovery Story 12 EC-82/EC-83 (gh missing / not authenticated)
 */
export class GhProbe {
  private current: GhState = 'unknown';
  private checkedAt = Number.NEGATIVE_INFINITY;
  private running: Promise<GhState> | undefined;
  private child: ReturnType<typeof execFile> | undefined;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly opts: GhProbeOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The cached state (`unknown` until the first probe finished). */
  state(): GhState {
    return this.current;
  }

  /** Starts a probe in the background when the cached state is older than the TTL; returns the running probe. */
  refresh(): Promise<GhState> {
    if (this.running) return this.running;
    if (this.closed) return Promise.resolve(this.current);
    if (this.now() - this.checkedAt < (this.opts.ttlMs ?? GH_PROBE_TTL_MS))
      return Promise.resolve(this.current);
    this.running = this.probe().then((state) => {
      if (state !== this.current)
        this.opts.logger.info({ gh: state, path: this.opts.ghPath }, 'GitHub CLI probed');
      this.current = state;
      this.checkedAt = this.now();
      this.running = undefined;
      return state;
    });
    return this.running;
  }

  /** Stops a probe in flight (server shutdown). */
  close(): void {
    this.closed = true;
    this.child?.kill();
  }

  private probe(): Promise<GhState> {
    return new Promise((resolve) => {
      const child = (this.child = execFile(
        this.opts.ghPath,
        ['auth', 'status'],
        { cwd: this.opts.cwd, timeout: this.opts.timeoutMs, windowsHide: true, maxBuffer: 256 * 1024 },
        (err) => {
          this.child = undefined;
          if (!err) return resolve('ready');
          const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null };
          if (e.code === 'ENOENT' || e.code === 'EACCES') return resolve('missing');
          if (e.killed || e.signal) {
            if (!this.closed)
              this.opts.logger.warn(
                { path: this.opts.ghPath, timeoutMs: this.opts.timeoutMs },
                'GitHub CLI probe timed out',
              );
            return resolve(this.current);
          }
          resolve('unauthenticated');
        },
      ));
      child.stdin?.end();
    });
  }
}

/**
 * The Anthropic key as far as the server can tell: usable unless its form cannot work with the real API (Anthropic
 * keys start with `sk-ant-`; with `ANTHROPIC_BASE_URL` set the form is not judged, a proxy may take any key) or the API
 * answered a call with an authentication error. A later successful call makes it usable again.
 */
export class ModelKeyState {
  private rejected = false;

  constructor(
    private readonly apiKey: string,
    private readonly customBaseUrl: boolean,
  ) {}

  /** Records the outcome of one model call (`error.code` from `@paige/llm`'s call record). */
  record(outcome: { error?: { code: string } | undefined }): void {
    if (!outcome.error) this.rejected = false;
    else if (outcome.error.code === 'API_AUTH_ERROR') this.rejected = true;
  }

  /** True when model calls can be expected to work. */
  usable(): boolean {
    if (this.rejected) return false;
    return this.customBaseUrl || this.apiKey.startsWith('sk-ant-');
  }
}
