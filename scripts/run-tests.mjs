#!/usr/bin/env node
// `pnpm test`: runs `turbo run test` (every package's vitest suite, after the builds it needs), streams its
// output, and ends with one plain summary line `N passed, N failed` summed over the packages' vitest reports.
import { spawn } from 'node:child_process';

const args = ['run', 'test', ...process.argv.slice(2)];
const child = spawn('turbo', args, { stdio: ['ignore', 'pipe', 'inherit'], shell: process.platform === 'win32' });
let passed = 0;
let failed = 0;
let skipped = 0;
let carry = '';
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const text = carry + chunk.toString();
  const lines = text.split('\n');
  carry = lines.pop() ?? '';
  for (const raw of lines) {
    const line = strip(raw);
    // vitest's closing line, e.g. "Tests  1 failed | 91 passed | 2 skipped (94)"
    const m = /\bTests\s+(.*)\(\d+\)\s*$/.exec(line);
    if (!m) continue;
    for (const part of m[1].split('|')) {
      const p = /(\d+)\s+(passed|failed|skipped|todo)/.exec(part);
      if (!p) continue;
      const n = Number(p[1]);
      if (p[2] === 'passed') passed += n;
      else if (p[2] === 'failed') failed += n;
      else skipped += n;
    }
  }
});
child.on('exit', (code, signal) => {
  const tail = skipped ? `, ${skipped} skipped` : '';
  console.log(`\n${passed} passed, ${failed} failed${tail}`);
  process.exit(code ?? (signal ? 1 : 0));
});
