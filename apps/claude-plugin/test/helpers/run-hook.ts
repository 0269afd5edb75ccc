/** Runs a bundled hook program the way Claude Code does: `node <file>`, JSON on stdin, stdout/stderr/exit read back. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type HookName = 'session-start' | 'user-prompt-submit' | 'pre-tool-use' | 'session-end';

export interface HookRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Parsed stdout JSON, or null when stdout is empty. */
  json: Record<string, unknown> | null;
  durationMs: number;
}

export const hookPath = (name: HookName): string =>
  fileURLToPath(new URL(`../../hooks/bin/${name}.mjs`, import.meta.url));

export function runHook(
  name: HookName,
  input: Record<string, unknown>,
  env: Record<string, string> = {},
): Promise<HookRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hookPath(name)], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(killer);
      resolve({
        exitCode,
        stdout,
        stderr,
        json: stdout.trim() === '' ? null : (JSON.parse(stdout) as Record<string, unknown>),
        durationMs: performance.now() - started,
      });
    });
    child.stdin.end(JSON.stringify(input));
  });
}
