/**
 * Hardening (issue 11 item 3): a bounded soak of the spawned server (`dist/main.js`, about 3 minutes; set
 * `PAIGE_SOAK_MS` to change it) under mixed traffic from several clients during an active session:
 * WebSocket editors (buffer updates, selections, explorer actions, file opens, handshakes), MCP clients (buffer
 * reads, open files, opens, highlights), and churn (WebSocket and MCP sessions opened and closed).
 *
 * Pass: RSS (VmRSS from /proc) grows under 10% from the end of the warm-up (a third of the soak, at most 60 s) to
 * the end; the server's own event loop (measured inside it by the preloaded `loop-probe.mjs`) never stalls over
 * 100 ms after warm-up; no unhandled rejection; every request was answered.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { connectMcp, WsClient } from '../support/harness.js';
import { rssBreakdown, rssOf, spawnServer, stopServer, type SpawnedServer } from './spawned.js';

const SOAK_MS = Number(process.env.PAIGE_SOAK_MS ?? 180_000);
// Warm-up: a third of the soak, at most 60 s. Under this traffic the bounded caches (SQLite's 16 MiB page cache, the
// pages of the growing database file) take about a minute to fill; measured from 40 s they showed as 10% growth.
const WARMUP_MS = Math.min(60_000, Math.floor(SOAK_MS / 3));
const WS_CLIENTS = 4;
const MCP_CLIENTS = 2;
const PROBE = fileURLToPath(new URL('./loop-probe.mjs', import.meta.url));

const dataDir = mkdtempSync(join(tmpdir(), 'paige-soak-data-'));
const projectDir = mkdtempSync(join(tmpdir(), 'paige-soak-project-'));
mkdirSync(join(projectDir, 'src'));
const FILES = Array.from({ length: 10 }, (_, i) => `src/mod${i}.ts`);
const body = (i: number, v: number) =>
  Array.from({ length: 150 }, (_, l) => `export const m${i}_${l} = ${v + l}; // soak line`).join('\n') + '\n';
FILES.forEach((f, i) => writeFileSync(join(projectDir, f), body(i, 0)));
let server: SpawnedServer | undefined;

afterAll(async () => {
  if (server) await stopServer(server.child);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(projectDir, { recursive: true, force: true });
});

interface ProbeLine {
  maxMs?: number;
  p99Ms?: number;
  rss?: number;
  heapUsed?: number;
  gcMaxMs?: number;
  mark?: boolean;
  unhandledRejection?: string;
}
const probes = (out: string): ProbeLine[] =>
  out
    .split('\n')
    .filter((l) => l.startsWith('PROBE '))
    .map((l) => JSON.parse(l.slice(6)) as ProbeLine);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Hardening: bounded soak', () => {
  it(`mixed MCP + WebSocket traffic for ${Math.round(SOAK_MS / 1000)} s: bounded RSS, no loop stall, no unhandled rejection`, async () => {
    server = await spawnServer(
      { PROJECT_DIR: projectDir, DATA_DIR: dataDir },
      { nodeArgs: ['--expose-gc', '--import', PROBE] },
    );
    // An idle node process with the same probe: how much loop delay the machine itself causes meanwhile.
    const control = spawn(process.execPath, ['--import', PROBE, '-e', 'setInterval(() => {}, 1000)'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let controlOut = '';
    control.stderr.on('data', (d: Buffer) => (controlOut += d.toString()));
    const s = server;
    const pid = s.child.pid ?? 0;
    const setup = await connectMcp(s.url, 'soak-setup');
    expect(
      (await setup.client.callTool({ name: 'paige_start_session', arguments: { issueTitle: 'soak' } }))
        .isError,
    ).toBeFalsy();

    const t0 = Date.now();
    const end = t0 + SOAK_MS;
    const counts = { ws: 0, mcp: 0, churn: 0, errors: [] as string[] };

    const wsWorker = async (ci: number) => {
      const c = (await WsClient.hello(s.url)).client;
      for (let n = 0; Date.now() < end; n += 1) {
        const fi = (ci + n) % FILES.length;
        const path = FILES[fi] ?? 'src/mod0.ts';
        c.send('buffer:update', {
          path,
          content: body(fi, n),
          cursorPosition: { line: 1 + (n % 150), column: 1 },
        });
        c.send('editor:selection', {
          path,
          range: { startLine: 1, startColumn: 1, endLine: 2, endColumn: 5 },
          textLength: 20,
        });
        c.send('explorer:expand_dir', { path: 'src' });
        const r =
          n % 10 === 0
            ? await c.request('file:open', { path }, 'fs:content', 15_000)
            : await c.request(
                'connection:hello',
                { version: '1.0.0', platform: 'linux', windowSize: { width: 800, height: 600 } },
                'connection:init',
                15_000,
              );
        if (!r) counts.errors.push('ws no reply');
        // The harness client keeps every message; drop them so the test process itself stays small.
        c.received.length = 0;
        counts.ws += 1;
        await sleep(15);
      }
      await c.close();
    };

    const mcpWorker = async (ci: number) => {
      const m = await connectMcp(s.url, `soak-${ci}`);
      for (let n = 0; Date.now() < end; n += 1) {
        const path = FILES[(ci * 3 + n) % FILES.length] ?? 'src/mod0.ts';
        const calls: Array<[string, Record<string, unknown>]> = [
          ['paige_get_buffer', { path }],
          ['paige_get_open_files', {}],
          ['paige_open_file', { path }],
          ['paige_highlight_lines', { path, start: 1 + (n % 100), end: 3 + (n % 100), style: 'hint' }],
        ];
        const [name, args] = calls[n % calls.length] ?? ['paige_get_open_files', {}];
        const r = await m.client.callTool({ name, arguments: args }, undefined, { timeout: 15_000 });
        if (r.isError) counts.errors.push(`${name}: ${JSON.stringify(r.content).slice(0, 200)}`);
        counts.mcp += 1;
        await sleep(20);
      }
      await m.close();
    };

    const churn = async () => {
      while (Date.now() < end) {
        const m = await connectMcp(s.url, 'soak-churn');
        await m.client.callTool({ name: 'paige_get_open_files', arguments: {} });
        await m.close();
        const { client } = await WsClient.hello(s.url);
        await client.close();
        counts.churn += 1;
        await sleep(500);
      }
    };

    // A mark makes the probe collect garbage and report; RSS is then read from /proc.
    const marks = () => probes(s.output()).filter((l) => l.mark).length;
    const breakdown: Array<{ anonMb: number; fileMb: number }> = [];
    const mark = async (): Promise<number> => {
      const before = marks();
      s.child.kill('SIGUSR2');
      while (marks() === before) await sleep(20);
      const b = rssBreakdown(pid);
      breakdown.push({ anonMb: Math.round(b.anon / 1048576), fileMb: Math.round(b.file / 1048576) });
      return rssOf(pid);
    };
    const rss: Array<{ at: number; bytes: number }> = [];
    let warmRss = 0;
    const sampler = (async () => {
      while (Date.now() < end) {
        await sleep(2000);
        if (s.child.exitCode !== null) return;
        rss.push({ at: Date.now() - t0, bytes: rssOf(pid) });
        if (!warmRss && Date.now() - t0 >= WARMUP_MS) warmRss = await mark();
      }
    })();

    await Promise.all([
      ...Array.from({ length: WS_CLIENTS }, (_, i) => wsWorker(i)),
      ...Array.from({ length: MCP_CLIENTS }, (_, i) => mcpWorker(i)),
      churn(),
      sampler,
    ]);
    const finalRss = await mark();
    await setup.close();
    expect(s.child.exitCode).toBeNull();
    control.kill('SIGKILL');

    // Both readings are taken right after a full collection (the probe's mark), so they compare like with like;
    // between marks RSS follows V8's heap growth and lazy page release, which says nothing about a leak.
    const growth = (finalRss - warmRss) / warmRss;
    const lines = probes(s.output());
    const firstMark = lines.findIndex((l) => l.mark);
    const lastMark = lines.findLastIndex((l) => l.mark);
    // The 3 s after the warm-up mark are skipped: the forced collection there is the probe's, not the server's.
    const after = lines.slice(firstMark + 4, lastMark).filter((l) => l.maxMs !== undefined);
    const maxStall = Math.max(...after.map((l) => l.maxMs ?? 0));
    const controlLines = probes(controlOut).filter((l) => l.maxMs !== undefined);
    const controlMax = Math.max(...controlLines.slice(Math.floor(WARMUP_MS / 1000)).map((l) => l.maxMs ?? 0));
    const summary = {
      seconds: SOAK_MS / 1000,
      wsRequests: counts.ws,
      mcpCalls: counts.mcp,
      churnCycles: counts.churn,
      warmRssMb: Math.round(warmRss / 1048576),
      finalRssMb: Math.round(finalRss / 1048576),
      growthPct: Math.round(growth * 1000) / 10,
      maxLoopDelayMs: Math.round(maxStall),
      idleControlProcessMaxDelayMs: Math.round(controlMax),
      rssAtMarks: breakdown,
      heapAfterGcMb: lines.filter((l) => l.mark).map((l) => Math.round((l.heapUsed ?? 0) / 1048576)),
    };
    console.log(`soak: ${JSON.stringify(summary)}`);
    console.log(
      `soak RSS MB every ~10 s: ${rss
        .filter((_, i) => i % 5 === 0)
        .map((r) => Math.round(r.bytes / 1048576))
        .join(' ')}`,
    );
    console.log(
      `soak heap MB every ~10 s: ${lines
        .filter((_, i) => i % 10 === 0)
        .map((l) => Math.round((l.heapUsed ?? 0) / 1048576))
        .join(' ')}`,
    );
    console.log(
      `soak seconds with server loop delay > 50 ms after warm-up: ${after
        .filter((l) => (l.maxMs ?? 0) > 50)
        .map((l) => `${Math.round(l.maxMs ?? 0)} (gc ${Math.round(l.gcMaxMs ?? 0)})`)
        .join(' ')}`,
    );
    console.log(
      `idle control process seconds with loop delay > 50 ms: ${controlLines
        .filter((l) => (l.maxMs ?? 0) > 50)
        .map((l) => Math.round(l.maxMs ?? 0))
        .join(' ')}`,
    );

    expect(counts.errors).toEqual([]);
    expect(lines.filter((l) => l.unhandledRejection)).toEqual([]);
    expect(s.output()).not.toMatch(/"level":(50|60)/);
    expect(s.output()).not.toMatch(/MaxListenersExceededWarning/);
    expect(lastMark).toBeGreaterThan(firstMark);
    expect(after.length).toBeGreaterThan(0);
    expect(counts.ws).toBeGreaterThan(WS_CLIENTS * 10);
    expect(counts.mcp).toBeGreaterThan(MCP_CLIENTS * 10);
    expect(growth).toBeLessThan(0.1);
    // 100 ms of the server's own stall at most; a stall that an idle control process saw too is the machine's (other
    // load on a shared 2-core box), not the server's, so it widens the bound by that much.
    expect(
      maxStall,
      `server loop stalled ${Math.round(maxStall)} ms (an idle control process on this machine: ${Math.round(controlMax)} ms)`,
    ).toBeLessThan(100 + controlMax);
  });
});
