/**
 * Vitest global setup: one real Chroma server for the whole run (free port on 127.0.0.1, data in a temp dir),
 * provided to tests as `inject('chromaUrl')`, stopped after the run. Also rebuilds `dist/` when it is missing or
 * older than `src/`: the Chroma watchdog and the parent-process fixture run from the built files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startLocalChroma } from '../src/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    chromaUrl: string;
    chromaPid: number;
  }
}

const packageDir = fileURLToPath(new URL('..', import.meta.url));

function ensureBuilt(): void {
  const builtFiles = ['dist/index.js', 'dist/chroma-watchdog.js'].map((file) => join(packageDir, file));
  const srcDir = join(packageDir, 'src');
  const newestSource = Math.max(...readdirSync(srcDir).map((file) => statSync(join(srcDir, file)).mtimeMs));
  const stale = builtFiles.some((file) => !existsSync(file) || statSync(file).mtimeMs < newestSource);
  if (stale) execFileSync('pnpm', ['exec', 'tsup', '--silent'], { cwd: packageDir, stdio: 'inherit' });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'paige-memory-chroma-'));
  const chroma = await startLocalChroma({ dataDir });
  project.provide('chromaUrl', chroma.url);
  project.provide('chromaPid', chroma.pid);
  return async () => {
    await chroma.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
