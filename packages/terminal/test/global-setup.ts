/**
 * Vitest global setup: rebuilds `dist/` when it is missing or older than `src/` (the parent-process fixture runs from
 * the built files).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

export default function setup(): void {
  const built = ['dist/index.js'].map((f) => join(packageDir, f));
  const srcDir = join(packageDir, 'src');
  const newest = Math.max(...readdirSync(srcDir).map((f) => statSync(join(srcDir, f)).mtimeMs));
  if (built.some((f) => !existsSync(f) || statSync(f).mtimeMs < newest)) {
    execFileSync('npx', ['--no-install', 'tsup', '--silent'], { cwd: packageDir, stdio: 'inherit' });
  }
}
