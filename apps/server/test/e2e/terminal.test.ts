/**
 * The terminal at `/pty` (issue 17 items 1-2), in-process: a real PTY per connection, real `ws` clients playing the
 * page's terminal pane, and the processes checked in /proc.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sessionMembers } from '@paige/terminal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  processAlive,
  PtyClient,
  startTestServer,
  WsClient,
  type TestServer,
} from '../support/harness.js';

/** A shell for every test: `sh` (no user rc files), and a PATH without `claude` (npm -g puts it in /usr/local/bin). */
const SHELL_ONLY = { SHELL: '/bin/sh', PATH: '/usr/bin:/bin' };

let t: TestServer;
const temp: string[] = [];
beforeAll(async () => {
  t = await startTestServer({ files: { 'README.md': '# terminal\n' } });
  t.config.terminal.env = { ...t.config.terminal.env, ...SHELL_ONLY };
});
afterAll(async () => {
  await t.stop();
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

/** `/proc/<pid>/<file>` as text ('' once the process is gone). */
function procText(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

async function open(size?: { cols: number; rows: number }): Promise<{ pty: PtyClient; pid: number }> {
  const pty = await PtyClient.connect(t.url, size ? { size } : {});
  const started = await pty.message('pty:started');
  return { pty, pid: started.payload.pid as number };
}

describe('issue 17: the terminal at /pty', () => {
  it('a session runs the shell in PROJECT_DIR, announces itself and echoes input', async () => {
    const { pty, pid } = await open();
    expect(pty.messages[0]).toMatchObject({
      type: 'pty:started',
      payload: { pid, kind: 'shell', command: 'sh', cols: 80, rows: 24 },
    });
    expect(pty.messages[0]?.timestamp).toMatch(/^\d{4}-/);
    pty.input('echo paige-$((6 * 7)); pwd\r');
    await pty.output(/paige-42\r\n/);
    await pty.output(new RegExp(`${t.projectDir.replace(/[/.]/g, '\\$&')}\\r\\n`));
    expect(pty.text()).toContain('echo paige-$((6 * 7)); pwd'); // the PTY's echo of what was typed
    expect(t.server.terminals.map((s) => s.pid)).toContain(pid);
    await pty.close();
  });

  it('binary input frames are raw keystrokes: Ctrl+C interrupts the running command', async () => {
    const { pty } = await open();
    pty.input('sleep 30; echo not-interrupted\r');
    await pty.output(/sleep 30/);
    await new Promise((r) => setTimeout(r, 200));
    pty.ws.send(Buffer.from([0x03]));
    pty.input('echo after-$((1 + 1))\r');
    await pty.output(/after-2\r\n/);
    expect(pty.text()).not.toMatch(/\nnot-interrupted\r\n/); // the typed line is echoed; its output never came
    await pty.close();
  });

  it('resize reaches the process; zero or absurd sizes are rejected and the session lives on', async () => {
    const { pty } = await open({ cols: 100, rows: 30 });
    expect(pty.messages[0]?.payload).toMatchObject({ cols: 100, rows: 30 });
    pty.input('stty size\r');
    await pty.output(/30 100\r\n/);
    pty.resize(132, 43);
    pty.input('stty size\r');
    await pty.output(/43 132\r\n/);
    for (const [i, [cols, rows]] of (
      [
        [0, 24],
        [80, 0],
        [1001, 24],
        [80, 501],
        [65_536, 65_536],
        [80.5, 24],
      ] as const
    ).entries()) {
      pty.resize(cols, rows, `bad-${i}`);
      const err = await pty.message('pty:error', { id: `bad-${i}` });
      expect(err.payload).toMatchObject({ code: 'INVALID_PAYLOAD', type: 'pty:resize' });
      expect(String(err.payload.message)).toMatch(/^Invalid pty:resize message \(payload\.(cols|rows): /);
    }
    pty.input('stty size\r');
    await pty.output(/43 132\r\n[\s\S]*43 132\r\n/);
    await pty.close();
  });

  it('a bad initial size refuses the upgrade with 400 and starts nothing', async () => {
    const before = t.server.terminals.length;
    for (const q of ['cols=0&rows=24', 'cols=80&rows=9999', 'cols=abc&rows=24', 'cols=-3&rows=5']) {
      await expect(
        new Promise((resolve, reject) => {
          void import('ws').then(({ default: WebSocket }) => {
            const ws = new WebSocket(`${t.url.replace(/^http/, 'ws')}/pty?${q}`, {
              headers: { authorization: `Bearer ${t.token}` },
            });
            ws.once('open', () => resolve('open'));
            ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
            ws.once('error', () => undefined);
          });
        }),
        q,
      ).rejects.toThrow('status 400');
    }
    expect(t.server.terminals.length).toBe(before);
  });

  it('the exit code is reported after the last output; input and resize afterwards are refused with a clear message', async () => {
    const { pty } = await open();
    pty.input('echo bye; exit 7\r');
    const exit = await pty.message('pty:exit');
    expect(exit.payload).toEqual({ exitCode: 7, signal: null });
    expect(pty.text()).toContain('bye\r\n');
    const lastOutput = pty.bytes;
    pty.input('echo late\r', 'late-1');
    const refused = await pty.message('pty:error', { id: 'late-1' });
    expect(refused.payload).toEqual({
      code: 'PTY_EXITED',
      type: 'pty:input',
      message: 'input refused: the terminal process exited with code 7; open a new terminal to go on',
    });
    pty.resize(90, 30, 'late-2');
    expect((await pty.message('pty:error', { id: 'late-2' })).payload).toMatchObject({
      code: 'PTY_EXITED',
      type: 'pty:resize',
    });
    pty.ws.send(Buffer.from('x'));
    await pty.until('binary refusal', () => pty.messages.filter((m) => m.type === 'pty:error').length >= 3);
    expect(pty.bytes).toBe(lastOutput);
    expect(pty.closed).toBeUndefined(); // the page decides when to close
    await pty.close();
  });

  it('bad frames get a typed pty:error and the session lives on; input is never logged', async () => {
    const { pty } = await open();
    pty.ws.send('{nope');
    expect((await pty.message('pty:error')).payload).toMatchObject({ code: 'INVALID_JSON' });
    pty.ws.send(JSON.stringify({ type: 'pty:kill', payload: {}, id: 'u1' }));
    expect((await pty.message('pty:error', { id: 'u1' })).payload).toMatchObject({
      code: 'UNKNOWN_TYPE',
      type: 'pty:kill',
    });
    pty.ws.send(JSON.stringify({ type: 'pty:input', payload: { data: 'x'.repeat(65_537) }, id: 'big' }));
    expect((await pty.message('pty:error', { id: 'big' })).payload).toMatchObject({
      code: 'INVALID_PAYLOAD',
      type: 'pty:input',
    });
    const seen = pty.messages.length;
    pty.ws.send(Buffer.alloc(65_537, 0x61));
    expect((await pty.message('pty:error', { from: seen })).payload).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
    pty.input('echo secret-$((2 + 3))-still-alive\r');
    await pty.output(/secret-5-still-alive\r\n/);
    expect(JSON.stringify(t.logs.lines)).not.toContain('secret-');
    await pty.close();
  });

  it('closing the socket hangs up the whole session, a job that ignores SIGHUP included', async () => {
    const { pty, pid } = await open();
    pty.input('sh -c \'trap "" HUP; exec sleep 300\' & echo JOB=$!\r');
    const job = Number((await pty.output(/JOB=(\d+)/))[1]);
    expect(processAlive(pid) && processAlive(job)).toBe(true);
    await pty.close();
    await eventually(() => sessionMembers(pid).length === 0 && !processAlive(job), 8000);
    await eventually(() => !t.server.terminals.some((s) => s.pid === pid));
  });

  it('a client that never reads is paused, not buffered: the PTY stops being read until the client reads again', async () => {
    const { pty, pid } = await open();
    const info = () => t.server.terminals.find((s) => s.pid === pid);
    pty.input('yes paige-flood-line\r');
    await pty.output(/paige-flood-line\r\n/);
    // stop reading the socket: the kernel buffers fill, then the server's queue, then the PTY is paused
    (pty.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    await eventually(() => info()?.paused, 15_000);
    const held = info()!;
    await new Promise((r) => setTimeout(r, 1000));
    const later = info()!;
    expect(later.paused).toBe(true);
    // nothing more is read from the PTY while paused (a few KiB in flight at most); the queue stays at the high-water mark
    expect(later.bytesOut - held.bytesOut).toBeLessThan(128 * 1024);
    expect(later.unsentBytes).toBeLessThan(256 * 1024 + 128 * 1024);
    expect(later.bufferedAmount).toBeLessThan(256 * 1024 + 128 * 1024);
    expect(later.pauses).toBeGreaterThanOrEqual(1);
    (pty.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await eventually(() => (info()?.bytesOut ?? 0) > later.bytesOut + 1_000_000, 15_000);
    pty.forgetOutput();
    pty.ws.send(Buffer.from([0x03]));
    await pty.close();
  });

  it("the page's flow control: after pty:pause no more output comes past a bounded amount and the program itself stops; pty:resume goes on", async () => {
    const { pty, pid } = await open();
    const info = () => t.server.terminals.find((s) => s.pid === pid);
    const flow = (type: 'pty:pause' | 'pty:resume') => pty.ws.send(JSON.stringify({ type, payload: {} }));
    pty.input('yes paige-flow-line\r');
    await pty.output(/paige-flow-line\r\n/);
    const yesPid = await eventually(
      () => sessionMembers(pid).find((p) => procText(p, 'comm').trim() === 'yes'),
      5000,
    );
    const written = () => Number(/^wchar: (\d+)$/m.exec(procText(yesPid!, 'io'))?.[1] ?? NaN);
    pty.forgetOutput();
    const atPause = pty.bytes;
    flow('pty:pause');
    await eventually(() => info()?.clientPaused && info()?.paused, 5000);
    expect(info()).toMatchObject({ clientPaused: true, clientPauses: 1 });
    // what was already on its way still arrives (the server's socket queue and the kernel's buffers), then nothing
    await new Promise((r) => setTimeout(r, 500));
    const settled = { bytes: pty.bytes, bytesOut: info()!.bytesOut, wchar: written() };
    await new Promise((r) => setTimeout(r, 1500));
    expect(settled.bytes - atPause).toBeLessThan(1024 * 1024); // at most the server queue (256 KiB) and the kernel buffers
    expect(pty.bytes - settled.bytes).toBeLessThan(64 * 1024);
    expect(info()!.bytesOut - settled.bytesOut).toBeLessThan(64 * 1024);
    // `yes` is blocked on its write to the full PTY, not producing into a buffer somewhere
    expect(written() - settled.wchar).toBeLessThan(64 * 1024);
    expect(info()!.paused).toBe(true);
    // a repeated pause changes nothing; input still reaches the program while its output is held
    flow('pty:pause');
    expect(info()!.clientPauses).toBe(1);
    const resumedFrom = pty.bytes;
    flow('pty:resume');
    await pty.until('output after pty:resume', () => pty.bytes > resumedFrom + 1_000_000, 15_000);
    expect(info()).toMatchObject({ clientPaused: false });
    expect(written()).toBeGreaterThan(settled.wchar + 500_000); // the PTY turns each \n into \r\n: fewer bytes written than received
    pty.forgetOutput();
    pty.ws.send(Buffer.from([0x03]));
    pty.input('echo flow-$((4 * 5))\r');
    await pty.output(/flow-20\r\n/, 15_000);
    await pty.close();
  });

  it('the PTY runs only when both the socket and the page allow it: pty:resume does not override a full socket', async () => {
    const { pty, pid } = await open();
    const info = () => t.server.terminals.find((s) => s.pid === pid);
    const flow = (type: 'pty:pause' | 'pty:resume') => pty.ws.send(JSON.stringify({ type, payload: {} }));
    const socket = (pty.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    pty.input('yes paige-both-holds\r');
    await pty.output(/paige-both-holds\r\n/);
    socket.pause();
    await eventually(() => info()?.paused && info()!.pauses >= 1, 15_000);
    flow('pty:pause');
    await eventually(() => info()?.clientPaused, 5000);
    flow('pty:resume');
    await eventually(() => info()?.clientPaused === false, 5000);
    const held = info()!.bytesOut;
    await new Promise((r) => setTimeout(r, 800));
    expect(info()).toMatchObject({ paused: true, clientPaused: false });
    expect(info()!.bytesOut - held).toBeLessThan(64 * 1024);
    // and the other way round: the socket drains while the page holds the PTY
    flow('pty:pause');
    socket.resume();
    await eventually(() => info()!.unsentBytes === 0, 15_000);
    const drained = info()!.bytesOut;
    await new Promise((r) => setTimeout(r, 800));
    expect(info()).toMatchObject({ paused: true, clientPaused: true });
    expect(info()!.bytesOut - drained).toBeLessThan(64 * 1024);
    flow('pty:resume');
    await eventually(() => (info()?.bytesOut ?? 0) > drained + 1_000_000, 15_000);
    pty.forgetOutput();
    pty.ws.send(Buffer.from([0x03]));
    await pty.close();
  });

  it('a bad pty:pause or pty:resume frame gets a typed pty:error and the session lives on', async () => {
    const { pty } = await open();
    pty.ws.send(JSON.stringify({ type: 'pty:pause', payload: 'now', id: 'p1' }));
    expect((await pty.message('pty:error', { id: 'p1' })).payload).toMatchObject({
      code: 'INVALID_PAYLOAD',
      type: 'pty:pause',
    });
    pty.ws.send(JSON.stringify({ type: 'pty:resume', id: 'p2' }));
    expect((await pty.message('pty:error', { id: 'p2' })).payload).toMatchObject({
      code: 'INVALID_PAYLOAD',
      type: 'pty:resume',
    });
    pty.input('echo still-$((3 + 4))\r');
    await pty.output(/still-7\r\n/);
    await pty.close();
  });

  it('streams 10 MB of output to a reading client, every byte, with the server queue bounded', async () => {
    const { pty, pid } = await open();
    const info = () => t.server.terminals.find((s) => s.pid === pid);
    let maxUnsent = 0;
    const sampler = setInterval(() => (maxUnsent = Math.max(maxUnsent, info()?.unsentBytes ?? 0)), 5);
    pty.input("stty -echo; head -c 10000000 /dev/zero | tr '\\0' 'a'; echo; echo END-$((3 * 3))\r");
    await pty.until('10 MB', () => pty.bytes >= 10_000_000 && /END-9/.test(pty.text().slice(-200)), 60_000);
    clearInterval(sampler);
    const as = (pty.text().match(/a+/g) ?? []).reduce(
      (n, run) => n + (run.length > 1000 ? run.length : 0),
      0,
    );
    expect(as).toBe(10_000_000);
    expect(maxUnsent).toBeLessThan(256 * 1024 + 128 * 1024);
    await pty.close();
  });

  it('PAIGE_TERMINAL_COMMAND runs instead of the shell', async () => {
    const s = await startTestServer({
      env: { PAIGE_TERMINAL_COMMAND: 'exec /bin/sh -c "echo custom-$((5 * 5)); exec /bin/sh"' },
    });
    try {
      const pty = await PtyClient.connect(s.url);
      expect((await pty.message('pty:started')).payload).toMatchObject({ kind: 'custom', command: 'sh' });
      await pty.output(/custom-25\r\n/);
      await pty.close();
    } finally {
      await s.stop();
    }
  });

  it('Claude Code with the Paige plugin and PAIGE_URL when claude is on PATH (and no token in its environment)', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'paige-fake-claude-'));
    temp.push(bin);
    writeFileSync(
      join(bin, 'claude'),
      '#!/bin/sh\necho "claude-args: $*"\necho "url=$PAIGE_URL token=${PAIGE_TOKEN:-none}"\nexec /bin/sh\n',
    );
    chmodSync(join(bin, 'claude'), 0o755);
    const s = await startTestServer({ env: { PAIGE_TOKEN: 'x'.repeat(40) } });
    s.config.terminal.env = { ...s.config.terminal.env, PATH: `${bin}:/usr/bin:/bin` };
    try {
      const pty = await PtyClient.connect(s.url);
      expect((await pty.message('pty:started')).payload).toMatchObject({ kind: 'claude', command: 'claude' });
      const pluginDir = s.config.terminal.pluginDir;
      expect(pluginDir).toMatch(/apps\/claude-plugin$/);
      await pty.output(new RegExp(`claude-args: --plugin-dir ${pluginDir!.replace(/[/.]/g, '\\$&')}\\r\\n`));
      await pty.output(new RegExp(`url=${s.url.replace(/[/.:]/g, '\\$&')} token=none\\r\\n`));
      await pty.close();
    } finally {
      await s.stop();
    }
  });

  it('the server environment never passes PAIGE_TOKEN on to the terminal', async () => {
    const s = await startTestServer({ env: { PAIGE_TOKEN: 'y'.repeat(40), ...SHELL_ONLY } });
    try {
      expect(s.config.terminal.env.PAIGE_TOKEN).toBeUndefined();
      const pty = await PtyClient.connect(s.url);
      await pty.message('pty:started');
      pty.input('echo "tok=${PAIGE_TOKEN:-unset} url=$PAIGE_URL"\r');
      await pty.output(/tok=unset url=http:\/\/127\.0\.0\.1:\d+\r\n/);
      await pty.close();
    } finally {
      await s.stop();
    }
  });

  it('PAIGE_TERMINAL=false: /pty answers 404 and connection:init says terminal: false', async () => {
    const s = await startTestServer({ env: { PAIGE_TERMINAL: 'false' } });
    try {
      await expect(PtyClient.connect(s.url)).rejects.toThrow('unexpected response 404');
      const { client, init } = await WsClient.hello(s.url);
      expect((init.payload.featureFlags as Record<string, boolean>).terminal).toBe(false);
      await client.close();
    } finally {
      await s.stop();
    }
    const { client, init } = await WsClient.hello(t.url);
    expect((init.payload.featureFlags as Record<string, boolean>).terminal).toBe(true);
    await client.close();
  });

  it('at shutdown every session is hung up: pty:exit, then close 1001, and no process is left', async () => {
    const s = await startTestServer();
    s.config.terminal.env = { ...s.config.terminal.env, ...SHELL_ONLY };
    const pty = await PtyClient.connect(s.url);
    const pid = (await pty.message('pty:started')).payload.pid as number;
    pty.input('sh -c \'trap "" HUP; exec sleep 300\' & echo JOB=$!\r');
    const job = Number((await pty.output(/JOB=(\d+)/))[1]);
    await s.stop();
    expect((await pty.message('pty:exit')).payload).toMatchObject({ exitCode: null, signal: 'SIGHUP' });
    expect((await pty.whenClosed()).code).toBe(1001);
    expect(sessionMembers(pid)).toEqual([]);
    expect(processAlive(job)).toBe(false);
  });
});
