/**
 * Heap management for the server process, measured on the target machine class (2 vCPUs shared with the editor and
 * Claude Code; DESIGN section 8): optional paced young-generation collections under large WebSocket frames
 * (`PAIGE_GC_PACING`, off by default), and one heap compaction after the watcher's initial crawl of a large project
 * (through the inspector protocol, no V8 flag).
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;

/** Why {@link resolveGc} found no collector: shown in the start-up log when pacing was asked for. */
export interface GcUnavailable {
  reason: string;
}

/** What {@link resolveGc} reaches V8 through (tests replace them). */
export interface GcDeps {
  /** The global `gc` (present under `node --expose-gc`). */
  globalGc?: unknown;
  setFlags?: (flags: string) => void;
  /** Reads `gc` from a fresh context. */
  contextGc?: () => unknown;
}

/**
 * V8's `gc` function, or why it is not available. Never throws, and changes nothing when this Node refuses:
 * - started with `node --expose-gc`: that global `gc`;
 * - else V8's `--expose-gc` flag is set at run time and `gc` read from a fresh context (the flag only installs the
 *   global on contexts created afterwards). Node documents run-time flag changes as unpredictable, which is why
 *   the pacing that needs it is off unless `PAIGE_GC_PACING=true`.
 */
export function resolveGc(deps: GcDeps = {}): Gc | GcUnavailable {
  const global = 'globalGc' in deps ? deps.globalGc : (globalThis as { gc?: unknown }).gc;
  if (typeof global === 'function') return global as Gc;
  try {
    (deps.setFlags ?? ((flags: string) => v8.setFlagsFromString(flags)))('--expose-gc');
    const fn: unknown = (deps.contextGc ?? (() => runInNewContext('gc') as unknown))();
    if (typeof fn === 'function') return fn as Gc;
    return { reason: 'V8 ignored --expose-gc set at run time' };
  } catch (err) {
    return { reason: `V8 refused --expose-gc at run time (${(err as Error).message})` };
  }
}

/** Frames of at least this many bytes count toward {@link GC_PACE_BYTES}. */
export const GC_PACE_MIN_FRAME_BYTES = 64 * 1024;
/** Bytes of large frames handled between two paced young-generation collections (2 MiB). */
export const GC_PACE_BYTES = 2 * 2 ** 20;

/**
 * A young-generation collection (scavenge), now, or `GcUnavailable` when V8's `gc` cannot be reached (see
 * {@link resolveGc}). With `PAIGE_GC_PACING=true` the WebSocket hub runs it between two frames after every
 * {@link GC_PACE_BYTES} of large frames ({@link GC_PACE_MIN_FRAME_BYTES} or more).
 *
 * Why: a 200 KB `buffer:update` allocates two large strings (the frame text and the parsed `content`), which V8 keeps
 * in large-object pages and unmaps when a scavenge finds them dead. Left to V8 (16 MiB semi-spaces), a scavenge came
 * every 30-40 updates, inside the handling of one of them, and unmapped about 80 pages at once: pauses of 3-4 ms (in
 * a VM `munmap` costs tens of µs) and a p99 of 5-6 ms for the update. Paced every 2 MiB of frames, a scavenge frees
 * about 20 pages between two frames. Measured with bench/buffer-update.mjs (send -> handled, 1,000 updates): p99
 * 5.0-6.0 ms unpaced, 2.3-2.9 ms paced; flood 690-880 updates/s either way. Off by default since the editor's
 * incremental buffer sync (DESIGN section 11) makes whole-file frames of that size rare.
 */
export function createMinorGc(deps?: GcDeps): (() => void) | GcUnavailable {
  const gc = resolveGc(deps);
  if (typeof gc !== 'function') return gc;
  return () => gc({ type: 'minor' });
}

/**
 * Collects all available garbage the way V8 does under memory pressure (all generations, compaction, and the young
 * generation shrunk to its minimum), and resolves with the resident set size before and after, in bytes. One
 * main-thread pause of about 80 ms after a 50,000-file crawl.
 *
 * Why: the watcher's initial crawl of a large project (chokidar `lstat`s every entry: 50,000 files -> about 500 MB
 * allocated in 2-3 s) promotes most of its short-lived objects while they wait for the thread pool, and grows the
 * young generation to its 32 MiB maximum; V8 then keeps both (about 190 MB of heap committed for a 35 MB live heap)
 * indefinitely in an idle process: its memory reducer did not run within 30 s of idling. Full collections alone
 * left the young generation committed (RSS about 185 MB); this one gives it back too (about 140-160 MB; DESIGN
 * section 8, "RSS idle with watcher on a 50,000-file tree": < 200 MB).
 *
 * How: the DevTools protocol's `HeapProfiler.collectGarbage` over an in-process `node:inspector` session (no port is
 * opened), which V8 runs as a low-memory notification.
 */
export async function compactHeap(): Promise<{ rssBefore: number; rssAfter: number }> {
  const { Session } = await import('node:inspector/promises');
  const rssBefore = process.memoryUsage.rss();
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.collectGarbage');
  } finally {
    session.disconnect();
  }
  return { rssBefore, rssAfter: process.memoryUsage.rss() };
}
