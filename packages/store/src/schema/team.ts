/**
 * Team mode (issue 26): `team_link` (the team this Paige reports to, at most one row) and `team_outbox` (records
 * waiting to be sent, written in the same transaction as the change they report; `seq` is never reused).
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** `team_link`: the joined team (one row, id 1): its URL and this learner's id there. The token is a file in DATA_DIR. */
export const teamLink = sqliteTable(
  'team_link',
  {
    id: integer('id').primaryKey(),
    teamUrl: text('team_url').notNull(),
    learnerId: text('learner_id').notNull(),
    teamName: text('team_name').notNull(),
    joinedAt: text('joined_at').notNull(),
  },
  (t) => [check('team_link_single_row', sql`${t.id} = 1`)],
);

/** `team_outbox`: one shared record; `delivered_at` once the team server holds it, `rejected` when it never can. */
export const teamOutbox = sqliteTable(
  'team_outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    occurredAt: text('occurred_at').notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: text('created_at').notNull(),
    deliveredAt: text('delivered_at'),
    rejected: text('rejected'),
  },
  (t) => [
    index('team_outbox_pending_idx')
      .on(t.seq)
      .where(sql`${t.deliveredAt} IS NULL AND ${t.rejected} IS NULL`),
  ],
);
