/** `paige-team` as a real child process: --help, --version, the start line, invite, SIGTERM (issue 26 item 1). */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { api, tempDir } from './support/team.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('issue 26 item 1: the paige-team command', () => {
  it('prints --help and --version; refuses bad usage with exit 2', () => {
    const help = spawnSync(process.execPath, [MAIN, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/paige-team invite \[--expires 7d\]/);
    expect(help.stdout).toMatch(/DATABASE_URL/);
    const version = spawnSync(process.execPath, [MAIN, '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const bad = spawnSync(process.execPath, [MAIN, '--nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    const badExpiry = spawnSync(process.execPath, [MAIN, 'invite', '--expires', 'soon'], {
      encoding: 'utf8',
    });
    expect(badExpiry.status).toBe(2);
    expect(badExpiry.stderr).toMatch(/not a duration/);
  });

  it('starts on the embedded database, prints the mentor URL, makes invites, stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, [MAIN, '--port', '0', '--data-dir', dataDir], {
      env: { PATH: process.env.PATH, LOG_FORMAT: 'json', HOME: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 100_000; // a fresh embedded database runs initdb in WASM: seconds, more on a busy machine
    while (!/mentor's view: open/.test(out) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const url = /open (http:\/\/127\.0\.0\.1:\d+)\/\?token=([A-Za-z0-9_-]+)/.exec(out);
    expect(url, out).not.toBeNull();
    expect((statSync(join(dataDir, 'mentor-token')).mode & 0o777).toString(8)).toBe('600');
    const base = url![1]!;
    expect((await api(base, 'GET', '/health')).body.database).toEqual({ driver: 'pglite', ok: true });

    const invite = spawnSync(process.execPath, [MAIN, 'invite', '--expires', '2h', '--data-dir', dataDir], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dataDir },
    });
    expect(invite.status, invite.stderr).toBe(0);
    const code = invite.stdout.trim();
    expect(code).toMatch(/^pti_/);
    expect(invite.stderr).toContain(`paige team join ${base} ${code}`);
    const joined = await api(base, 'POST', '/api/join', { body: { code, displayName: 'Cli Learner' } });
    expect(joined.status).toBe(201);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toMatch(/shutdown complete/);
  }, 120_000);

  it('the embedded database serves one process: an invite made while the server starts waits for it and asks it; a second server on the folder refuses', async () => {
    const dataDir = tempDir();
    const env = { PATH: process.env.PATH, LOG_FORMAT: 'json', HOME: dataDir };
    const child = spawn(process.execPath, [MAIN, '--port', '0', '--data-dir', dataDir], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The server holds the folder (pglite.lock) before it is ready: the invite starts then.
    const lock = join(dataDir, 'pglite.lock');
    const deadline = Date.now() + 30_000;
    while (!existsSync(lock) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(child.pid));
    expect(out).not.toMatch(/ready on/);
    const invite = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [MAIN, 'invite', '--data-dir', dataDir], { env });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      p.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    expect(invite.code, invite.stderr).toBe(0);
    const base = /open (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
    expect(base, out).toBeDefined();
    const joined = await api(base!, 'POST', '/api/join', {
      body: { code: invite.stdout.trim(), displayName: 'Early Learner' },
    });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);

    const second = spawnSync(process.execPath, [MAIN, '--port', '0', '--data-dir', dataDir], {
      encoding: 'utf8',
      env,
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    expect(second.stdout + second.stderr).toContain(
      `the embedded database is in use by process ${child.pid}`,
    );

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(lock)).toBe(false);
  }, 180_000);
});
