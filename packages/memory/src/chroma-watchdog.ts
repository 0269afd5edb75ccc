/**
 * Chroma watchdog: `node chroma-watchdog.js <chromadb cli.mjs> [chroma args...]`.
 *
 * Spawns the Chroma server (`node <cli.mjs> <args>`) and ends it when any of these happens:
 * - its own stdin reaches end-of-file: the parent holds the only write end of that pipe, so the pipe closes when the
 *   parent exits for any reason, including SIGKILL (a child cannot otherwise notice a SIGKILLed parent);
 * - it receives SIGTERM, SIGINT or SIGHUP.
 * Ending means SIGTERM to Chroma, then SIGKILL after 3 s; the watchdog exits once Chroma has exited. When Chroma
 * exits on its own the watchdog exits with Chroma's code. The Chroma pid is written as one JSON line
 * (`{"pid":1234}`) on file descriptor 3 when the parent opened it as a pipe.
 *
 * Started by `startLocalChroma`; shipped as `dist/chroma-watchdog.js` and located relative to the module at run time.
 * @see issue 7 ("the child never outlives the server, even when the server is SIGKILLed")
 */
import { spawn } from 'node:child_process';
import { closeSync, writeSync } from 'node:fs';

const KILL_GRACE_MS = 3000;

const [cliPath, ...chromaArgs] = process.argv.slice(2);
if (cliPath === undefined) {
  process.stderr.write('usage: chroma-watchdog <chromadb cli.mjs> [chroma args...]\n');
  process.exit(2);
}

const chroma = spawn(process.execPath, [cliPath, ...chromaArgs], { stdio: ['ignore', 'inherit', 'inherit'] });

let stopping = false;

function stopChroma(): void {
  if (stopping) return;
  stopping = true;
  if (chroma.exitCode !== null || chroma.signalCode !== null) process.exit(0);
  chroma.kill('SIGTERM');
  setTimeout(() => {
    chroma.kill('SIGKILL');
  }, KILL_GRACE_MS);
}

chroma.on('error', (err) => {
  process.stderr.write(`chroma-watchdog: cannot start Chroma: ${err.message}\n`);
  process.exit(1);
});

chroma.on('exit', (code, signal) => {
  if (stopping) process.exit(0);
  process.stderr.write(`chroma-watchdog: Chroma exited (code ${String(code)}, signal ${String(signal)})\n`);
  process.exit(code ?? 1);
});

if (chroma.pid !== undefined) {
  try {
    writeSync(3, `${JSON.stringify({ pid: chroma.pid })}\n`);
    closeSync(3);
  } catch {
    // fd 3 is not open: nobody asked for the pid.
  }
}

process.stdin.on('end', stopChroma);
process.stdin.on('close', stopChroma);
process.stdin.on('error', stopChroma);
process.stdin.resume();

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, stopChroma);
