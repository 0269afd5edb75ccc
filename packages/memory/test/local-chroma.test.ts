import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { findChromaCli, MemoryError, startLocalChroma } from '../src/index.js';
import type { LocalChroma } from '../src/index.js';
import { createCapturingLogger, heartbeat, processAlive, waitFor } from './helpers.js';

const dirs: string[] = [];
const started: LocalChroma[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paige-memory-local-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((chroma) => chroma.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('Local Chroma launcher (issue 7)', () => {
  it('finds the chromadb CLI next to the resolved package main file', () => {
    const cli = findChromaCli();
    expect(cli).toMatch(/chromadb[/\\]dist[/\\]cli\.mjs$/);
    expect(existsSync(cli)).toBe(true);
  });

  it('starts Chroma on a free port, reports the real Chroma pid, and stop() shuts it down', async () => {
    const { logger, entries } = createCapturingLogger();
    const dataDir = tempDir();
    const chroma = await startLocalChroma({ dataDir: join(dataDir, 'nested', 'chroma'), logger });
    started.push(chroma);
    expect(chroma.url).toBe(`http://127.0.0.1:${chroma.port}`);
    expect(await heartbeat(chroma.url)).toBe(true);
    expect(chroma.pid).not.toBe(chroma.watchdogPid);
    const cmdline = readFileSync(`/proc/${chroma.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toEqual(expect.arrayContaining([findChromaCli(), 'run', '--path', join(dataDir, 'nested', 'chroma')]));
    expect(readFileSync(`/proc/${chroma.pid}/status`, 'utf8')).toMatch(/VmRSS:\s+\d+ kB/);
    expect(entries).toContainEqual(expect.objectContaining({ level: 'info', message: 'local Chroma started' }));

    const stopStarted = Date.now();
    await chroma.stop();
    expect(Date.now() - stopStarted).toBeLessThan(4500);
    expect(await heartbeat(chroma.url)).toBe(false);
    expect(await waitFor(() => !processAlive(chroma.pid), 2000)).toBe(true);
    await expect(chroma.exited).resolves.toMatchObject({ expected: true });
    await chroma.stop();
  });

  it('refuses a port that is already taken', async () => {
    const sharedPort = Number(new URL(inject('chromaUrl')).port);
    const failure = await startLocalChroma({ dataDir: tempDir(), port: sharedPort, logger: createCapturingLogger().logger }).catch(
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(MemoryError);
    expect(failure).toMatchObject({ code: 'CHROMA_PORT_IN_USE' });
  });

  it('reports a data directory that cannot be created as CHROMA_START_FAILED', async () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a directory');
    await expect(startLocalChroma({ dataDir: join(blocker, 'chroma'), logger: createCapturingLogger().logger })).rejects.toMatchObject({
      name: 'MemoryError',
      code: 'CHROMA_START_FAILED',
    });
  });

  it('warns when Chroma dies on its own', async () => {
    const { logger, entries } = createCapturingLogger();
    const chroma = await startLocalChroma({ dataDir: tempDir(), logger });
    started.push(chroma);
    process.kill(chroma.pid, 'SIGKILL');
    await expect(chroma.exited).resolves.toMatchObject({ expected: false });
    expect(entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'local Chroma exited unexpectedly' }));
  });

  it('Chroma does not outlive a parent process that is SIGKILLed', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/chroma-parent.mjs', import.meta.url));
    const parent = spawn(process.execPath, [fixture, tempDir()], { stdio: ['ignore', 'pipe', 'inherit'] });
    const parentExited = new Promise((resolve) => parent.once('exit', resolve));
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        createInterface({ input: parent.stdout! }).once('line', resolve);
        parent.once('exit', (code) => reject(new Error(`parent exited early with code ${String(code)}`)));
      });
      const info = JSON.parse(firstLine) as { url: string; pid: number; watchdogPid: number };
      expect(await heartbeat(info.url)).toBe(true);
      expect(processAlive(info.pid)).toBe(true);

      parent.kill('SIGKILL');
      await parentExited;
      // The watchdog sees its stdin pipe close and ends Chroma (SIGTERM, SIGKILL after 3 s at the latest).
      expect(await waitFor(async () => !(await heartbeat(info.url)), 5000)).toBe(true);
      expect(await waitFor(() => !processAlive(info.pid) && !processAlive(info.watchdogPid), 5000)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
