import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  findChromaCli,
  firstErrorLine,
  MemoryError,
  PINNED_LINUX_BINDING,
  resolveChromaLauncher,
  startLocalChroma,
} from '../src/index.js';
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

  it('on Linux x64 glibc runs the binding pinned in @paige/memory, not the one chromadb resolves (issue 19 item 3)', () => {
    const launcher = resolveChromaLauncher();
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      expect(launcher).toMatchObject({ script: findChromaCli(), binding: null });
      return;
    }
    expect(launcher.script).toMatch(/dist[/\\]chroma-cli\.js$/);
    expect(launcher.binding).toMatchObject({
      name: PINNED_LINUX_BINDING.name,
      version: PINNED_LINUX_BINDING.version,
    });
    expect(launcher.args).toEqual([launcher.binding?.path]);
    expect(existsSync(launcher.binding?.path ?? '')).toBe(true);
  });

  it('a Chroma that fails to start: the error names the first error line, not the stack frames, and advises on glibc', async () => {
    const fake = join(tempDir(), 'failing-chroma.mjs');
    writeFileSync(
      fake,
      [
        "process.stderr.write('node:internal/modules/cjs/loader:1460\\n  return process.dlopen(module, path.toNamespacedPath(filename));\\n                 ^\\n\\n');",
        'process.stderr.write("Error: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.38\' not found (required by /x/chromadb-js-bindings.linux-x64-gnu.node)\\n");',
        'for (let i = 0; i < 12; i += 1) process.stderr.write(`    at Module._extensions..node (node:internal/modules/cjs/loader:${i})\\n`);',
        'process.exit(1);',
      ].join('\n'),
    );
    const failure = (await startLocalChroma({
      dataDir: tempDir(),
      cliPath: fake,
      logger: createCapturingLogger().logger,
    }).catch((err: unknown) => err)) as MemoryError;
    expect(failure).toBeInstanceOf(MemoryError);
    expect(failure.code).toBe('CHROMA_START_FAILED');
    expect(failure.message).toContain(
      "Error: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.38' not found",
    );
    expect(failure.message).not.toContain('at Module._extensions');
    expect(failure.message).toContain(`${PINNED_LINUX_BINDING.name}@${PINNED_LINUX_BINDING.version}`);
    expect(failure.message).toContain('CHROMA_URL');
  });

  it('firstErrorLine skips stack frames, carets and the watchdog line', () => {
    const output = [
      '\u001b[31m',
      'node:internal/modules/cjs/loader:1460',
      '    ^',
      'thread main panicked at rust/src/lib.rs:10: address in use',
      '    at Object.<anonymous> (/x.js:1:1)',
      'chroma-watchdog: Chroma exited (code 1, signal null)',
    ].join('\n');
    expect(firstErrorLine(output)).toBe('thread main panicked at rust/src/lib.rs:10: address in use');
    expect(firstErrorLine('starting\n    at a (b)\n')).toBe('starting');
    expect(firstErrorLine('')).toBe('');
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
    const launcher = resolveChromaLauncher();
    expect(cmdline).toEqual(
      expect.arrayContaining([
        launcher.script,
        ...launcher.args,
        'run',
        '--path',
        join(dataDir, 'nested', 'chroma'),
      ]),
    );
    expect(readFileSync(`/proc/${chroma.pid}/status`, 'utf8')).toMatch(/VmRSS:\s+\d+ kB/);
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 'info', message: 'local Chroma started' }),
    );

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
    const failure = await startLocalChroma({
      dataDir: tempDir(),
      port: sharedPort,
      logger: createCapturingLogger().logger,
    }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(MemoryError);
    expect(failure).toMatchObject({ code: 'CHROMA_PORT_IN_USE' });
  });

  it('reports a data directory that cannot be created as CHROMA_START_FAILED', async () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a directory');
    await expect(
      startLocalChroma({ dataDir: join(blocker, 'chroma'), logger: createCapturingLogger().logger }),
    ).rejects.toMatchObject({
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
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'local Chroma exited unexpectedly' }),
    );
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
      expect(await waitFor(() => !processAlive(info.pid) && !processAlive(info.watchdogPid), 5000)).toBe(
        true,
      );
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
