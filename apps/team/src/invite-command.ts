/**
 * `paige-team invite`: asks the running team server (its `team.json` in DATA_DIR) for an invite, else (no server
 * running) writes one straight into the database. The embedded database serves one process: while a server on the
 * same folder is still starting (it holds the folder, and `team.json` is not written yet), the command waits for it
 * to be ready and asks it.
 */
import type { TeamConfig } from './config.js';
import { DatabaseInUseError, openTeamDatabase } from './db/index.js';
import { loadOrCreateMentorToken, readRuntimeInfo, type TeamRuntimeInfo } from './files.js';
import { createInvite } from './team.js';

/** How long to wait for a starting server on the same embedded database, ms (its first start runs initdb in WASM). */
const STARTING_SERVER_WAIT_MS = 90_000;

type Invite = { code: string; expiresAt: string; url: string };

/** Asks a running server; `undefined` when it does not answer (a stale runtime file). */
async function inviteThroughServer(
  config: TeamConfig,
  running: TeamRuntimeInfo,
  opts: { expiresInMs: number; uses: number },
): Promise<Invite | undefined> {
  let res: Response;
  try {
    res = await fetch(`${running.url}/api/mentor/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ expiresInMs: opts.expiresInMs, uses: opts.uses }),
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    return undefined; // not answering: a stale runtime file
  }
  if (!res.ok) throw new Error(`the running team server refused: HTTP ${res.status}`);
  const body = (await res.json()) as { code: string; expiresAt: string };
  return { ...body, url: config.publicUrl ?? running.url };
}

/**
 * Makes an invite.
 * @throws Error when the running server refuses, or the embedded database stays in use by a process that never
 *   becomes a ready server within 90 s.
 */
export async function createInviteCommand(
  config: TeamConfig,
  opts: { expiresInMs: number; uses: number },
): Promise<Invite> {
  const running = readRuntimeInfo(config.dataDir);
  if (running) {
    const invite = await inviteThroughServer(config, running, opts);
    if (invite) return invite;
  }
  loadOrCreateMentorToken(config.dataDir, config.mentorToken);
  let database;
  try {
    database = await openTeamDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  } catch (err) {
    if (!(err instanceof DatabaseInUseError)) throw err;
    // A server on this folder is starting: wait for its runtime file, then ask it.
    const deadline = Date.now() + STARTING_SERVER_WAIT_MS;
    while (Date.now() < deadline) {
      const info = readRuntimeInfo(config.dataDir);
      if (info && info.pid === err.pid) {
        const invite = await inviteThroughServer(config, info, opts);
        if (invite) return invite;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(
      `${err.message}; it did not become a ready server within ${STARTING_SERVER_WAIT_MS / 1000} s`,
      { cause: err },
    );
  }
  try {
    await database.migrate();
    const invite = await createInvite(database.db, opts);
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      code: invite.code,
      expiresAt: invite.expiresAt,
      url: config.publicUrl ?? `http://${host}:${config.port}`,
    };
  } finally {
    await database.close();
  }
}
