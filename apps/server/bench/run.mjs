/**
 * Runs every benchmark in this folder (bench/*.mjs except this file) one after another, each in its own process. The
 * page cache is written back (`sync`) before each one, so a benchmark does not pay for the previous one's deleted
 * temp trees (the watcher and dashboard benchmarks leave hundreds of MB of dirty pages behind).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .sort();
let failed = 0;
for (const file of files) {
  spawnSync('sync', { stdio: 'inherit' });
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(file, import.meta.url))], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
