/**
 * Benchmark (issue 16 item 2, DESIGN section 11 targets): bytes on the wire per keystroke and keystroke -> handled
 * latency on a 200 KB file, incremental sync (`@paige/client`'s `createBufferSync` -> `buffer:edit`) side by side
 * with full-content `buffer:update`, against the real server run in this process during an active session.
 *
 * Method: as bench/buffer-update.mjs. The editor runs in a child process (lib/edit-client.mjs) and stamps each
 * keystroke on CLOCK_MONOTONIC before the client does any work for it (so the client's own encoding is included);
 * this process stamps the `buffer_update` activity event (after parse, validation, confinement, applying the
 * changes, the buffer cache and the buffer-logging policy: what the Observer sees). Every keystroke is flushed at
 * once, then an ordered `file:open` of a one-line file is awaited (the barrier), so keystrokes never overlap. Bytes
 * are the frames the client writes (UTF-8, before WebSocket framing; no compression). 1,000 measured keystrokes after
 * 100 warm-up ones, per mode.
 * Writes bench/results/server-buffer-edit.json.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchEnv, importServer, partsOf, round, stats, writeResults } from './lib/common.mjs';

const { createLogger, createServer, loadConfig } = await importServer();

const KEYSTROKES = 1000;
const WARMUP = 100;
const lines = [];
for (let i = 1, size = 0; size < 200 * 1024; i += 1) {
  const line = `  const line ${i} = computeSomething(${i}, "padding text to make a realistic line");`;
  lines.push(line);
  size += line.length + 1;
}
const content = lines.join('\n') + '\n';

async function run(mode) {
  const dataDir = mkdtempSync(join(tmpdir(), 'paige-bench-edit-data-'));
  const projectDir = mkdtempSync(join(tmpdir(), 'paige-bench-edit-project-'));
  writeFileSync(join(projectDir, 'big.ts'), content);
  writeFileSync(join(projectDir, 'tiny.ts'), 'export {};\n');
  const server = createServer(
    loadConfig({
      PROJECT_DIR: projectDir,
      DATA_DIR: dataDir,
      ANTHROPIC_API_KEY: 'sk-ant-bench-unused',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
      PORT: '0',
      LOG_LEVEL: 'info',
      PAIGE_START_CHROMA: 'false',
      PAIGE_WATCH: 'false',
      PAIGE_DAILY_BUDGET_USD: '0',
      ...benchEnv(),
    }),
    { logger: createLogger({ level: 'info', pretty: false, destination: { write: () => true } }) },
  );
  await server.start();
  await partsOf(server).sessions.start({ issueNumber: 1, issueTitle: 'bench' });
  const handledAt = [];
  let stop = () => {};
  const result = await new Promise((resolve, reject) => {
    const client = fork(new URL('./lib/edit-client.mjs', import.meta.url), {
      stdio: 'inherit',
      execArgv: [],
    });
    client.send({
      url: server.url,
      token: server.token,
      path: 'big.ts',
      keystrokes: KEYSTROKES,
      warmup: WARMUP,
      mode,
    });
    client.on('message', (m) => {
      if (m.error) reject(new Error(`sync failed: ${JSON.stringify(m.error)}`));
      if (m.measuring) {
        stop = partsOf(server).bus.subscribe((event) => {
          if (event.type === 'buffer_update') handledAt.push(Number(process.hrtime.bigint()) / 1e6);
        });
        client.send('go');
      }
      if (m.done) resolve(m);
    });
    client.on('error', reject);
    client.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the client exited with ${code}`));
    });
  });
  stop();
  const buffer = await partsOf(server).workspace.getBuffer('big.ts');
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(projectDir, { recursive: true, force: true });
  if (buffer?.content.length !== result.finalLength)
    throw new Error(
      `${mode}: the server holds ${buffer?.content.length} chars, the editor ${result.finalLength}`,
    );
  if (handledAt.length !== KEYSTROKES)
    throw new Error(`${mode}: stamped ${handledAt.length} of ${KEYSTROKES} keystrokes`);
  const handledMs = handledAt.map((t, i) => t - result.sentAt[i]);
  if (handledMs.some((ms) => ms < 0))
    throw new Error('a keystroke was handled before it was sent: clocks disagree');
  return {
    handled: stats(handledMs),
    bytes: stats(result.bytes),
    meanBytes: result.bytes.reduce((a, b) => a + b, 0) / result.bytes.length,
    syncStats: result.stats,
  };
}

const inc = await run('incremental');
const full = await run('full');
if (inc.syncStats.fullUpdates !== 0 || inc.syncStats.syncErrors !== 0)
  throw new Error(`incremental run fell back to full text: ${JSON.stringify(inc.syncStats)}`);
writeResults('buffer-edit', [
  {
    metric: 'bytes sent per keystroke, 200 KB file, incremental sync (buffer:edit)',
    unit: 'bytes',
    target: '< 1024',
    median: round(inc.bytes.p50, 0),
    p99: round(inc.bytes.p99, 0),
    value: round(inc.meanBytes, 1),
    pass: inc.bytes.max < 1024,
    notes: `${KEYSTROKES} single-character inserts into a ${content.length}-char file, each flushed at once (no debounce batching); value = mean; max ${inc.bytes.max} B. With the default 300 ms debounce a typing run is one message.`,
  },
  {
    metric: 'bytes sent per keystroke, 200 KB file, full-content buffer:update (reference)',
    unit: 'bytes',
    target: 'report',
    median: round(full.bytes.p50, 0),
    p99: round(full.bytes.p99, 0),
    value: round(full.meanBytes, 1),
    pass: true,
    notes: `the same keystrokes, each sending the whole text: ${round(full.meanBytes / inc.meanBytes, 0)}x the incremental bytes.`,
  },
  {
    metric: 'keystroke -> handled, 200 KB file, incremental sync (buffer:edit)',
    unit: 'ms',
    target: 'p99 < 5',
    median: round(inc.handled.p50, 3),
    p99: round(inc.handled.p99, 3),
    value: round(inc.handled.p99, 3),
    pass: inc.handled.p99 < 5,
    notes: `from the keystroke in the editor process (before the client's work) to the server's buffer_update event, active session; max ${round(inc.handled.max, 2)} ms.`,
  },
  {
    metric: 'keystroke -> handled, 200 KB file, full-content buffer:update (reference)',
    unit: 'ms',
    target: 'report',
    median: round(full.handled.p50, 3),
    p99: round(full.handled.p99, 3),
    value: round(full.handled.p99, 3),
    pass: true,
    notes: `same method, the whole text per keystroke; max ${round(full.handled.max, 2)} ms.`,
  },
]);
process.exit(0);
