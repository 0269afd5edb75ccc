/**
 * Process-level V8 tuning for the server, measured on the target machine class (2 vCPUs shared with the editor and
 * Claude Code; DESIGN section 8): the process's command-line flags and one heap compaction after the initial crawl.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The Node.js command-line flags the server process is started with: the root `pnpm start`, `pnpm demo`, the
 * benchmarks and the hardening suite all spawn `node ...SERVER_NODE_ARGS dist/main.js` (a test keeps the `start`
 * script in step). V8 reads both at heap setup, so they cannot be set from inside the process.
 *
 * - `--max-semi-space-size=4` (MiB; V8's default on 64-bit is 16): a 200 KB `buffer:update` allocates two large
 *   strings (the frame text and the parsed `content`) that V8 keeps in large-object pages and unmaps when a scavenge
 *   finds them dead. With 16 MiB semi-spaces a scavenge came every 30-40 updates and unmapped about 80 pages at once
 *   (pause 3-4 ms, in a VM where `munmap` costs tens of µs); with 4 MiB it comes every few updates and stays short.
 *   It also keeps the idle young generation small (RSS). 2 MiB was no better for the tail, slowed the flood (600-730
 *   updates/s) and start-up (more scavenges while modules load).
 * - `--no-concurrent-sweeping`: sweeping (and freeing of pages) in the GC pause on the main thread, instead of a
 *   sweeper thread that competes with the main thread on 2 vCPUs.
 *
 * Measured with bench/buffer-update.mjs on the 2-vCPU target machine (`buffer:update` 200 KB, send -> handled), three
 * or four runs each: p99 5.0-6.0 ms with V8's defaults, 3.7-5.6 ms with `--no-concurrent-sweeping` alone, 2.8-3.0 ms
 * with both flags (flood 680-840 updates/s). Start-up (spawn -> first /health 200, median of 5): about 355 ms with
 * V8's defaults, 385 ms with these flags.
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=4', '--no-concurrent-sweeping'];

/** The flags of {@link SERVER_NODE_ARGS} this process was not started with (empty when tuned as intended). */
export function missingServerNodeArgs(execArgv: readonly string[] = process.execArgv): string[] {
  return SERVER_NODE_ARGS.filter((flag) => !execArgv.includes(flag));
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
