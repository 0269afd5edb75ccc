/**
 * `@paige/memory/service`: the memory's lifecycle in a server (Story 8; issue 7 item 4; issue 25 item 1): which
 * Chroma to use, starting and stopping a local Chroma child process, and the degraded mode when none answers.
 *
 * - `chromaUrl` set: that server (`mode: 'external'`).
 * - else `startLocal`: a Chroma child process with its data in `dataDir` (`mode: 'local'`); a failure to start means
 *   degraded mode with a clear warning.
 * - else off (`mode: 'off'`): coaching runs without cross-session memory.
 *
 * The store reconnects lazily once Chroma answers (`memory-store.ts`). Nothing is imported until `start()`: the
 * chromadb client stays off a server's start-up path. `start()` never throws; `stop()` is idempotent.
 */
import type { MemoryLogger } from './logger.js';
import type { MemoryStore } from './memory-store.js';

/** Options of {@link createMemoryService}. */
export interface MemoryServiceOptions {
  /** An external Chroma server (`CHROMA_URL`); wins over `startLocal`. */
  chromaUrl?: string | undefined;
  /** Start a local Chroma child process when no `chromaUrl` is set (`PAIGE_START_CHROMA`). */
  startLocal: boolean;
  /** Data directory of the local Chroma (e.g. `DATA_DIR/chroma`). */
  dataDir: string;
  logger: MemoryLogger;
}

/** The memory's state for a health report: `starting` until `start()` settled, then `up` while Chroma answers. */
export interface MemoryHealth {
  status: 'up' | 'starting' | 'down' | 'off';
  mode: 'local' | 'external' | 'off';
}

/** See the module comment. */
export interface MemoryService {
  /** Connects (starting a local Chroma first when configured). Never throws: failures degrade. */
  start(): Promise<void>;
  /** Closes the store and stops the local Chroma. Idempotent; a `start()` in flight stops what it started. */
  stop(): Promise<void>;
  /** The memory store, or `null` while starting, when off or when it could not be used (coaching runs without it). */
  store(): MemoryStore | null;
  /** True when Chroma answered the last operation. */
  available(): boolean;
  /** From in-memory state only (no I/O): safe for every `/health` request. */
  health(): MemoryHealth;
}

/** Creates the service; see the module comment. */
export function createMemoryService(options: MemoryServiceOptions): MemoryService {
  const log = options.logger;
  const mode: MemoryHealth['mode'] = options.chromaUrl ? 'external' : options.startLocal ? 'local' : 'off';
  let phase: 'idle' | 'starting' | 'ready' | 'failed' | 'off' = 'idle';
  let current: MemoryStore | null = null;
  let local: { stop(): Promise<void> } | undefined;
  let stopped = false;

  async function start(): Promise<void> {
    if (phase !== 'idle') return;
    phase = 'starting';
    let url = options.chromaUrl;
    if (!url) {
      if (!options.startLocal) {
        phase = 'off';
        log.warn(
          {},
          'memory disabled: no CHROMA_URL and PAIGE_START_CHROMA=false; coaching runs without cross-session memory',
        );
        return;
      }
      try {
        const { startLocalChroma } = await import('./local-chroma.js');
        const chroma = await startLocalChroma({ dataDir: options.dataDir, logger: log });
        if (stopped) {
          await chroma.stop();
          return;
        }
        local = chroma;
        url = chroma.url;
        log.info({ url, pid: chroma.pid }, 'local ChromaDB started');
      } catch (err) {
        phase = 'failed';
        log.warn(
          { err: (err as Error).message },
          'local ChromaDB failed to start: memory runs in degraded mode',
        );
        return;
      }
    }
    const { createMemoryStore } = await import('./memory-store.js');
    const store = createMemoryStore({ url, logger: log });
    try {
      const ok = await store.connect();
      if (!ok)
        log.warn(
          { url },
          'ChromaDB unreachable at start: memory degraded, will reconnect on the next operation',
        );
    } catch (err) {
      // EMBEDDING_MISMATCH: the collection was built with another embedding function; never mix vectors.
      phase = 'failed';
      log.error({ err: (err as Error).message, url }, 'memory collection unusable: memory disabled');
      await store.close();
      return;
    }
    if (stopped) {
      await store.close();
      return;
    }
    current = store;
    phase = 'ready';
  }

  return {
    start: () =>
      start().catch((err: unknown) => {
        phase = 'failed';
        log.error(
          { err: (err as Error).message },
          'memory service failed to start: memory runs in degraded mode',
        );
      }),
    async stop() {
      if (stopped) return;
      stopped = true;
      const store = current;
      current = null;
      await store?.close();
      if (local) {
        log.info({}, 'shutdown: stopping local ChromaDB');
        await local.stop();
      }
    },
    store: () => current,
    available: () => current?.isMemoryAvailable() ?? false,
    health() {
      if (mode === 'off' || phase === 'off') return { status: 'off', mode: 'off' };
      if (phase === 'idle' || phase === 'starting') return { status: 'starting', mode };
      return { status: current?.isMemoryAvailable() ? 'up' : 'down', mode };
    },
  };
}
