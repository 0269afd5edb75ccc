/**
 * The terminal and the doors with the real binary (`dist/main.js` as a child process, issue 17): no shell outlives a
 * SIGKILLed server, the server's memory stays bounded under a 10 MB stream and under a client that never reads, the
 * runtime file follows the process, and a client reconnects after a restart with the token it had.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  exited,
  freePort,
  rssOf,
  spawnServer,
  stopServer,
  type SpawnedServer,
} from '../hardening/spawned.js';
import { eventually, processAlive, PtyClient, readServerJson, WsClient } from '../support/harness.js';

const temp: string[] = [];
const started: SpawnedServer[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temp.push(d);
  return d;
};
afterAll(async () => {
  for (const s of started) await stopServer(s.child);
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

function env(): Record<string, string> {
  const projectDir = tempDir('paige-tp-project-');
  writeFileSync(join(projectDir, 'README.md'), '# t\n');
  return {
    PROJECT_DIR: projectDir,
    DATA_DIR: tempDir('paige-tp-data-'),
    SHELL: '/bin/sh',
    PATH: '/usr/bin:/bin',
    LOG_LEVEL: 'info',
  };
}

async function spawn(
  e: Record<string, string>,
  opts: { port?: number; args?: string[] } = {},
): Promise<SpawnedServer> {
  const s = await spawnServer(e, opts);
  started.push(s);
  return s;
}

describe('issue 17: the terminal with the real binary', () => {
  it('a SIGKILLed server leaves no shell behind, nor a job that ignores SIGHUP', async () => {
    const s = await spawn(env());
    const pty = await PtyClient.connect(s.url);
    const leader = (await pty.message('pty:started')).payload.pid as number;
    pty.input('sh -c \'trap "" HUP; exec sleep 300\' & echo JOB=$!\r');
    const job = Number((await pty.output(/JOB=(\d+)/))[1]);
    pty.input('sleep 300\r'); // a foreground job too
    await pty.output(/sleep 300\r\n/);
    expect(processAlive(leader) && processAlive(job)).toBe(true);
    s.child.kill('SIGKILL');
    await exited(s.child);
    await eventually(() => !processAlive(leader) && !processAlive(job), 10_000);
    await pty.whenClosed();
  }, 30_000);

  it('streams 10 MB to a reading client with bounded server memory, and holds back a client that never reads', async () => {
    const s = await spawn(env());
    const reader = await PtyClient.connect(s.url);
    await reader.message('pty:started');
    reader.input('stty -echo; echo warm\r');
    await reader.output(/warm\r\n/);
    const base = rssOf(s.child.pid!);
    let peak = base;
    const sample = setInterval(() => (peak = Math.max(peak, rssOf(s.child.pid!))), 10);
    try {
      reader.forgetOutput();
      reader.input("head -c 10000000 /dev/zero | tr '\\0' 'p'; echo; echo END-$((4 * 4))\r");
      await reader.until(
        '10 MB',
        () => reader.bytes >= 10_000_000 && /END-16/.test(reader.text().slice(-100)),
        60_000,
      );
      const streamedPeak = peak;

      // a second client floods and never reads: the PTY is paused, the server does not buffer the flood
      const stalled = await PtyClient.connect(s.url);
      await stalled.message('pty:started');
      stalled.input('yes paige-flood\r');
      await stalled.output(/paige-flood\r\n/);
      (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      await new Promise((r) => setTimeout(r, 3000)); // `yes` writes hundreds of MB/s when it is not held back
      const stalledPeak = peak;
      clearInterval(sample);
      const MB = 1024 * 1024;
      console.log(
        `server RSS: base ${(base / MB).toFixed(1)} MB, peak while streaming 10 MB ${(streamedPeak / MB).toFixed(1)} MB, peak with a stalled flood ${(stalledPeak / MB).toFixed(1)} MB`,
      );
      expect(streamedPeak - base).toBeLessThan(48 * MB);
      expect(stalledPeak - base).toBeLessThan(48 * MB);
      stalled.ws.terminate(); // a close handshake would wait for the reader that never reads
    } finally {
      clearInterval(sample);
      await reader.close();
    }
  }, 90_000);
});

describe('issue 17: the doors with the real binary', () => {
  it('the runtime file exists with mode 0600 while the server runs and is gone after a clean stop; the start log prints the URL with the token', async () => {
    const e = env();
    const s = await spawn(e);
    const file = join(e.DATA_DIR!, 'server.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readServerJson(e.DATA_DIR!)).toMatchObject({
      url: s.url,
      port: s.port,
      pid: s.child.pid,
      token: s.token,
    });
    expect(s.output()).toContain(`open http://127.0.0.1:${s.port}/?token=${s.token}`);
    await stopServer(s.child);
    expect(s.child.exitCode).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('a client connected before a restart reconnects after it with the same token (cookie and bearer)', async () => {
    const e = env();
    const port = await freePort();
    const first = await spawn(e, { port });
    const cookie = `paige-token-${port}=${first.token}`;
    const before = await WsClient.connect(first.url, { cookie, origin: first.url });
    await stopServer(first.child);
    await eventually(() => before.closed !== undefined);

    const second = await spawn(e, { port });
    expect(second.token).toBe(first.token);
    const again = await WsClient.connect(second.url, { cookie, origin: second.url });
    again.send('connection:hello', {
      version: '1.0.0',
      platform: 'browser',
      windowSize: { width: 1, height: 1 },
    });
    await again.next('connection:init');
    await again.close();
    const bearer = await PtyClient.connect(second.url, { token: first.token });
    await bearer.message('pty:started');
    await bearer.close();
  });

  it('--new-token rotates the token: the old cookie is refused, the new one works', async () => {
    const e = env();
    const port = await freePort();
    const first = await spawn(e, { port });
    const oldToken = first.token;
    await stopServer(first.child);
    const second = await spawn(e, { port, args: ['--new-token'] });
    expect(second.token).not.toBe(oldToken);
    await expect(WsClient.connect(second.url, { cookie: `paige-token-${port}=${oldToken}` })).rejects.toThrow(
      'unexpected response 401',
    );
    const ok = await WsClient.connect(second.url, { cookie: `paige-token-${port}=${second.token}` });
    await ok.close();
  });
});
