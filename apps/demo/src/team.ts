/**
 * `pnpm demo --team` (issue 26, "Done when": "`pnpm demo` can optionally report to a team server and open the
 * mentor's view"): the team server as a child process (`paige-team`, PGlite in the demo's temp folder, a free port on
 * 127.0.0.1), an invite made with its own CLI, the learner joined with `paige team join` (the learner's real path),
 * and the mentor's API read back with the mentor's token.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CohortView, LearnerTimeline } from '@paige/team-protocol';

/** The built `paige-team` entry (`apps/team/dist/main.js`), found through `@paige/team`'s package export. */
export const TEAM_MAIN = join(dirname(fileURLToPath(import.meta.resolve('@paige/team'))), 'main.js');

/** A running team server started by {@link startTeamServer}. */
export interface DemoTeamServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The mentor's token (`DATA_DIR/mentor-token` of the team server). */
  token: string;
  /** The team server's data folder (its PGlite, its runtime file `team.json`). */
  dataDir: string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs` (default 10,000); resolves with the exit code (null when killed). */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * The environment of the demo's children that need nothing of the demo's: `PATH` and `HOME` only, so no secret
 * (`ANTHROPIC_API_KEY` with `--live`, a `DATABASE_URL`, a `PAIGE_TEAM_TOKEN`) reaches them.
 */
export function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...extra };
  if (process.env.PATH) env.PATH = process.env.PATH;
  if (process.env.HOME) env.HOME = process.env.HOME;
  return env;
}

/**
 * Starts `paige-team --port <port> --data-dir <dataDir>` with the embedded Postgres (PGlite) and waits until
 * `/health` answers and its runtime file (`dataDir/team.json`) names this process.
 * @throws {Error} when it exits or is not ready within `timeoutMs` (default 60,000: the first start runs initdb in WASM).
 */
export async function startTeamServer(opts: {
  dataDir: string;
  port: number;
  logFile: string;
  timeoutMs?: number;
}): Promise<DemoTeamServer> {
  const child = spawn(
    process.execPath,
    [TEAM_MAIN, '--port', String(opts.port), '--data-dir', opts.dataDir],
    {
      env: bareEnv({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = createWriteStream(opts.logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const stop = async (graceMs = 10_000): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the team server exited with code ${child.exitCode}`);
    try {
      const health = await fetch(`${url}/health`);
      const runtime = health.ok
        ? (JSON.parse(readFileSync(join(opts.dataDir, 'team.json'), 'utf8')) as {
            pid: number;
            token: string;
          })
        : undefined;
      if (runtime && runtime.pid === child.pid)
        return { url, token: runtime.token, dataDir: opts.dataDir, child, stop };
    } catch {
      // not listening yet, or the runtime file not written yet
    }
    if (Date.now() > deadline) {
      await stop(1_000);
      throw new Error(`the team server did not answer /health within ${(opts.timeoutMs ?? 60_000) / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs `node <script> ...args`; resolves with stdout, rejects with stderr's last line on a non-zero exit. */
export function runNode(
  script: string,
  args: string[],
  env = bareEnv(),
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) {
        const last = stderr.trim().split('\n').at(-1) ?? err.message;
        reject(new Error(`${script.split('/').slice(-3).join('/')} ${args[0] ?? ''} failed: ${last}`));
      } else resolve({ stdout, stderr });
    });
  });
}

/** `paige-team invite --expires 1d --data-dir DIR` (through the running server): the invite code it prints. */
export async function createInvite(team: DemoTeamServer): Promise<string> {
  const { stdout } = await runNode(TEAM_MAIN, ['invite', '--expires', '1d', '--data-dir', team.dataDir]);
  const code = stdout.trim();
  if (!/^pti_[A-Za-z0-9_-]+$/.test(code))
    throw new Error(`paige-team invite printed no invite code: ${code}`);
  return code;
}

/** A GET on the mentor's API with the mentor's token (`Authorization: Bearer`). */
export async function mentorGet<T>(team: DemoTeamServer, path: string): Promise<T> {
  const r = await fetch(`${team.url}${path}`, { headers: { authorization: `Bearer ${team.token}` } });
  if (!r.ok) throw new Error(`GET ${path} answered ${r.status}`);
  return (await r.json()) as T;
}

export type { CohortView, LearnerTimeline };
