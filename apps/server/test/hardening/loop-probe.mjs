/**
 * Preloaded into the spawned server by the soak test (`node --import <this> dist/main.js`): measures the
 * server's own event-loop delay with `perf_hooks.monitorEventLoopDelay` and reports unhandled rejections,
 * writing `PROBE {json}` lines to stderr. It changes nothing else: an unhandled rejection is rethrown so the
 * process still crashes as it would without the probe.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
// The longest garbage-collection pause of each second, to tell GC pauses from other stalls.
let gcMaxMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMaxMs = Math.max(gcMaxMs, e.duration);
}).observe({ entryTypes: ['gc'] });
/** One line per second: the largest loop delay of that second (the histogram restarts each time), memory. */
const report = (extra = {}) => {
  const m = process.memoryUsage();
  process.stderr.write(
    `PROBE ${JSON.stringify({ maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, rss: m.rss, heapUsed: m.heapUsed, external: m.external, gcMaxMs, ...extra })}\n`,
  );
  histogram.reset();
  gcMaxMs = 0;
};
const timer = setInterval(() => report(), 1000);
timer.unref();
// A mark (end of warm-up, end of soak): report, run a full GC when `--expose-gc` is on (so RSS is compared
// after collection, not at a random point of the heap's growth), then restart the histogram so the forced
// collection is not counted as a stall, and report the RSS after it.
process.on('SIGUSR2', () => {
  report();
  globalThis.gc?.();
  setTimeout(() => {
    histogram.reset();
    process.stderr.write(
      `PROBE ${JSON.stringify({ mark: true, rss: process.memoryUsage.rss(), heapUsed: process.memoryUsage().heapUsed })}\n`,
    );
  }, 50);
});
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`PROBE ${JSON.stringify({ unhandledRejection: String(reason?.stack ?? reason) })}\n`);
  throw reason;
});
