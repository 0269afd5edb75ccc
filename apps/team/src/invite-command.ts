/**
 * `paige-team invite`: asks the running team server (its `team.json` in DATA_DIR) for an invite, else (no server
 * running) writes one straight into the database.
 */
import type { TeamConfig } from './config.js';
import { openTeamDatabase } from './db/index.js';
import { loadOrCreateMentorToken, readRuntimeInfo } from './files.js';
import { createInvite } from './team.js';

export async function createInviteCommand(
  config: TeamConfig,
  opts: { expiresInMs: number; uses: number },
): Promise<{ code: string; expiresAt: string; url: string }> {
  const running = readRuntimeInfo(config.dataDir);
  if (running) {
    try {
      const res = await fetch(`${running.url}/api/mentor/invites`, {
        method: 'POST',
        headers: { authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ expiresInMs: opts.expiresInMs, uses: opts.uses }),
        signal: AbortSignal.timeout(5_000),
      });
      if (res.ok) {
        const body = (await res.json()) as { code: string; expiresAt: string };
        return { ...body, url: config.publicUrl ?? running.url };
      }
      throw new Error(`the running team server refused: HTTP ${res.status}`);
    } catch (err) {
      if ((err as Error).message.startsWith('the running')) throw err;
      // not answering: a stale runtime file; fall through to the database
    }
  }
  loadOrCreateMentorToken(config.dataDir, config.mentorToken);
  const database = await openTeamDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
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
