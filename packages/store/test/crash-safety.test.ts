import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/index.js';
import { makeTempDir } from './helpers.js';

const writer = fileURLToPath(new URL('./fixtures/crash-writer.mjs', import.meta.url));
const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('Story 4: crash safety of the action log', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    while (cleanups.length > 0) cleanups.pop()?.();
  });

  it('a writer killed with SIGKILL leaves a database that passes integrity_check and keeps every acknowledged row', async () => {
    expect(existsSync(built), 'run `pnpm build` first: the child imports dist/').toBe(true);
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'paige.db');
    const child = spawn(process.execPath, [writer, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let acknowledged = 0;
    let sessionId = '';
    let buffered = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', () => resolve());
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          const [kind, value] = line.split(' ');
          if (kind === 'ready') sessionId = value ?? '';
          if (kind === 'ack') acknowledged = Math.max(acknowledged, Number(value));
          newline = buffered.indexOf('\n');
        }
        if (acknowledged >= 3000 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
        }
      });
    });
    expect(await exited).toBe('SIGKILL');
    expect(acknowledged).toBeGreaterThanOrEqual(3000);

    const database = openDatabase(path);
    try {
      expect(database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      const row = database.sqlite
        .prepare(`SELECT COUNT(*) AS n, MIN(id) AS first FROM action_log WHERE id <= ? AND session_id = ?`)
        .get(acknowledged, sessionId) as { n: number; first: number };
      expect(row).toEqual({ n: acknowledged, first: 1 });
      expect(database.sqlite.pragma('foreign_key_check')).toEqual([]);
    } finally {
      database.close();
    }
  });
});
