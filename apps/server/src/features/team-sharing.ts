/**
 * Team sharing on the learner's server (issue 26 item 3): the background sender of the team outbox, started with
 * the server and stopped before the database closes. Narrow parts: the database (for the outbox), DATA_DIR (for the
 * token file `team.json`) and a logger. Never on the request path: the team server down only makes the outbox wait.
 */
import {
  getTeamLink,
  listPendingTeamRecords,
  markTeamRecordRejected,
  markTeamRecordsDelivered,
  type PaigeDatabase,
} from '@paige/store';
import {
  createTeamSender,
  readTeamCredentials,
  type SenderStatus,
  type TeamSender,
} from '@paige/team-client';
import type { Logger } from '../logger.js';

/** Options of {@link createTeamSharing}. */
export interface CreateTeamSharingOptions {
  /** The open database (its team outbox and link). */
  database: PaigeDatabase;
  dataDir: string;
  logger: Logger;
  /** How often to look for new records, ms (default 2,000). */
  pollMs?: number;
  /** Backoff of retries, ms (default 1,000 doubling to 60,000). */
  backoff?: { initialMs: number; maxMs: number };
}

export interface TeamSharing {
  start(): void;
  stop(): Promise<void>;
  status(): SenderStatus & { joined: boolean };
}

/** Builds the sender over the outbox of `database` and the credentials in `dataDir`. */
export function createTeamSharing(opts: CreateTeamSharingOptions): TeamSharing {
  let sender: TeamSender | undefined;
  const target = () => {
    const db = opts.database;
    const link = getTeamLink(db);
    if (!link) return null;
    const credentials = readTeamCredentials(opts.dataDir);
    if (!credentials || credentials.learnerId !== link.learnerId) return null;
    return { url: credentials.url, learnerId: credentials.learnerId, token: credentials.token };
  };
  return {
    start() {
      sender = createTeamSender({
        outbox: {
          pending: (limit) => listPendingTeamRecords(opts.database, limit),
          delivered: (seqs) => markTeamRecordsDelivered(opts.database, seqs),
          rejected: (seq, reason) => markTeamRecordRejected(opts.database, seq, reason),
        },
        target,
        pollMs: opts.pollMs ?? 2_000,
        backoff: opts.backoff ?? { initialMs: 1_000, maxMs: 60_000 },
        log: opts.logger,
      });
      sender.start();
    },
    async stop() {
      await sender?.stop();
    },
    status() {
      const s = sender?.status() ?? {
        state: 'stopped' as const,
        failures: 0,
        lastDeliveredAt: null,
        lastError: null,
        nextAttemptAt: null,
      };
      return { ...s, joined: target() !== null };
    },
  };
}
