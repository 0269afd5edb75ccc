/**
 * Process-level V8 tuning for the server, measured on the target machine class (2 vCPUs shared with the editor and
 * Claude Code; DESIGN section 8). Kept to two documented V8 knobs, each applied once.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Sweeps the heap on the main thread instead of a concurrent sweeper thread (`--no-concurrent-sweeping`).
 *
 * Why: every 200 KB `buffer:update` allocates two large strings (the frame text and the parsed `content`), which V8
 * keeps in large-object pages that are unmapped again when swept. On 2 vCPUs a concurrent sweeper thread competes with
 * the main thread and its `munmap`s interrupt it; with it, about 3% of updates (those next to a scavenge) took 5-9 ms
 * instead of about 1 ms. Measured with `pnpm bench` (bench/buffer-update.mjs), three runs each: p99 send -> handled
 * 5.4-6.1 ms by default, 3.7-4.4 ms with this flag; flood rate unchanged (about 720-880 updates/s).
 * Cost: the sweeping of a mark-compact runs in its pause (a few ms on this server's heap of tens of MB).
 *
 * Call it first thing in the process that hosts the server (`main.ts`; benchmarks that host the server in-process do
 * the same). V8 reads this flag at each GC, so setting it at run time takes effect from the next collection.
 */
export function tuneV8ForServer(): void {
  v8.setFlagsFromString('--no-concurrent-sweeping');
}

let fullGc: (() => void) | undefined;

/**
 * Runs `rounds` full garbage collections, `gapMs` apart (each in its own macrotask, so HTTP and WebSocket work
 * interleaves), and resolves with the resident set size before and after, in bytes.
 *
 * Why: the watcher's initial crawl of a large project (chokidar `lstat`s every entry, 50,000 files -> about 500 MB
 * allocated in 2-3 s) promotes most of its short-lived objects while they wait for the thread pool, and V8 then keeps
 * the grown old generation (about 180 MB committed for a 35 MB live heap) indefinitely in an idle process: its memory
 * reducer did not run within 30 s of idling. A few full collections right after the crawl give it back (RSS
 * 280-320 MB -> under 200 MB; DESIGN section 8, "RSS idle with watcher on a 50,000-file tree"). V8 releases the
 * emptied pages progressively, hence more than one round.
 *
 * The collector is reached through `--expose-gc` set at run time and a fresh context's `gc` global (the flag only
 * installs that global on contexts created afterwards).
 */
export async function compactHeap(rounds = 3, gapMs = 50): Promise<{ rssBefore: number; rssAfter: number }> {
  if (!fullGc) {
    v8.setFlagsFromString('--expose-gc');
    fullGc = runInNewContext('gc') as () => void;
  }
  const rssBefore = process.memoryUsage.rss();
  for (let i = 0; i < rounds; i += 1) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    fullGc();
  }
  return { rssBefore, rssAfter: process.memoryUsage.rss() };
}
