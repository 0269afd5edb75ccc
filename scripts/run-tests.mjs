#!/usr/bin/env node
// `pnpm test`: every package's vitest suite through turbo (after the builds it needs), then the server's
// hardening suite (issue 11: part of CI while it stays under 5 minutes; `PAIGE_SKIP_HARDENING=1` skips it), then the
// browser tests of the page (issue 16: Playwright + Debian's Chromium; `PAIGE_SKIP_BROWSER=1` skips them), then the
// pack test (issue 19: the packed packages installed with npm and run as `paige`, about 2 minutes once npm's cache
// holds the Chroma bindings; `PAIGE_SKIP_PACK=1` skips it).
// Output is streamed; the run ends with one plain summary line `N passed, N failed` summed over every vitest and
// Playwright report, and exits non-zero when any step failed.
import { spawn } from 'node:child_process';

// Two at a time on this 2-core machine: timing-sensitive suites (watcher, servers) stay stable.
const steps = [['turbo', ['run', 'test', '--concurrency=2', ...process.argv.slice(2)]]];
if (process.env.PAIGE_SKIP_HARDENING !== '1')
  steps.push(['pnpm', ['--filter', '@paige/server', 'test:hardening']]);
// The page and the server are built by the turbo step above (`test` depends on `build`).
if (process.env.PAIGE_SKIP_BROWSER !== '1') steps.push(['pnpm', ['--filter', '@paige/web', 'test:browser']]);
// The mentor's view of the team server (issue 26), same Chromium.
if (process.env.PAIGE_SKIP_BROWSER !== '1') steps.push(['pnpm', ['--filter', '@paige/team', 'test:browser']]);
if (process.env.PAIGE_SKIP_PACK !== '1') steps.push([process.execPath, ['scripts/pack-test.mjs']]);

let passed = 0;
let failed = 0;
let skipped = 0;
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

function count(line) {
  // Playwright's closing lines (list reporter), e.g. "  12 passed (1.4m)", "  1 failed", "  2 skipped", "  1 flaky".
  const pw = /^\s+(\d+) (passed|failed|skipped|flaky|did not run)(?: \([\d.]+m?s?\))?\s*$/.exec(strip(line));
  if (pw) {
    const n = Number(pw[1]);
    if (pw[2] === 'passed' || pw[2] === 'flaky') passed += n;
    else if (pw[2] === 'failed') failed += n;
    else skipped += n;
    return;
  }
  // the pack test's verdict counts as one test
  if (/^\[pack .*\] PACK TEST OK/.test(strip(line))) passed += 1;
  // vitest's closing line, e.g. "Tests  1 failed | 91 passed | 2 skipped (94)"
  const m = /\bTests\s+(.*)\(\d+\)\s*$/.exec(strip(line));
  if (!m) return;
  for (const part of m[1].split('|')) {
    const p = /(\d+)\s+(passed|failed|skipped|todo)/.exec(part);
    if (!p) continue;
    const n = Number(p[1]);
    if (p[2] === 'passed') passed += n;
    else if (p[2] === 'failed') failed += n;
    else skipped += n;
  }
}

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    if (cmd === process.execPath) child.on('exit', (code) => code !== 0 && (failed += 1));
    let carry = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (carry + chunk.toString()).split('\n');
      carry = lines.pop() ?? '';
      lines.forEach(count);
    });
    child.on('exit', (code, signal) => {
      count(carry);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

let exitCode = 0;
for (const [cmd, args] of steps) {
  const code = await run(cmd, args);
  if (code !== 0) {
    exitCode = code;
    break;
  }
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(exitCode);
