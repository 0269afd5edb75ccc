/** Deterministic bulk seeding for benchmarks (store and server benches share the data set). */
import { randomUUID } from 'node:crypto';
import { ACTION_TYPES } from '@paige/protocol';
import type { PaigeDatabase } from './database.js';

/** Options of {@link seedBenchmarkData}. */
export interface SeedBenchmarkOptions {
  /** `action_log` rows. Default 1,000,000. */
  actions?: number;
  /** `api_call_log` rows. Default 100,000. */
  apiCalls?: number;
  /** Sessions the rows are spread over (plus rows without a session). Default 200. */
  sessions?: number;
  /** Rows are spread evenly over this many days before `now`. Default 90. */
  spanDays?: number;
  /** End of the time span. Default: the database clock. */
  now?: Date;
  /** Rows per transaction. Default 50,000. */
  batchSize?: number;
}

/** What {@link seedBenchmarkData} wrote. */
export interface SeedBenchmarkResult {
  sessionIds: string[];
  actions: number;
  apiCalls: number;
  /** Wall time in ms. */
  elapsedMs: number;
}

const MODELS = ['claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-opus-4-6'];
const CALL_TYPES = [
  'coach_agent',
  'observer_triage',
  'explain_this',
  'practice_review',
  'knowledge_gap_extraction',
];

/**
 * Seeds sessions (mostly completed, 3 active), Dreyfus assessments, knowledge gaps, `actions` action_log rows and
 * `apiCalls` api_call_log rows spread over `spanDays`, using prepared statements in large transactions
 * (about 1M rows in a few seconds). Deterministic apart from ids. Meant for an empty database.
 */
export function seedBenchmarkData(
  database: PaigeDatabase,
  options: SeedBenchmarkOptions = {},
): SeedBenchmarkResult {
  const started = performance.now();
  const actions = options.actions ?? 1_000_000;
  const apiCalls = options.apiCalls ?? 100_000;
  const sessionCount = Math.max(1, options.sessions ?? 200);
  const spanMs = (options.spanDays ?? 90) * 86_400_000;
  const end = (options.now ?? database.now()).getTime();
  const begin = end - spanMs;
  const batch = Math.max(1, options.batchSize ?? 50_000);
  const { sqlite } = database;

  const sessionIds: string[] = [];
  const insertSession = sqlite.prepare(
    `INSERT INTO sessions (id, project_dir, issue_number, issue_title, status, hint_level, started_at, ended_at)
     VALUES (?, ?, ?, ?, ?, 'medium', ?, ?)`,
  );
  const insertGap = sqlite.prepare(
    `INSERT INTO knowledge_gaps (id, session_id, topic, severity, evidence, related_concepts, frequency, last_encountered_at, addressed, addressed_at)
     VALUES (?, ?, ?, ?, ?, '[]', 1, ?, ?, ?)`,
  );
  const insertDreyfus = sqlite.prepare(
    `INSERT OR REPLACE INTO dreyfus_assessments (id, skill_area, stage, confidence, evidence, assessed_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (let i = 0; i < sessionCount; i += 1) {
      const id = randomUUID();
      sessionIds.push(id);
      const startedAt = begin + Math.floor(((i + 0.5) / sessionCount) * spanMs);
      const active = i >= sessionCount - 3;
      const endedAt = active ? null : new Date(Math.min(end, startedAt + 45 * 60_000)).toISOString();
      insertSession.run(
        id,
        '/bench/project',
        100 + (i % 50),
        `Issue ${100 + (i % 50)}`,
        active ? 'active' : i % 10 === 0 ? 'completed_with_errors' : 'completed',
        new Date(startedAt).toISOString(),
        endedAt,
      );
      if (i % 4 === 0) {
        const seen = new Date(startedAt).toISOString();
        insertGap.run(
          randomUUID(),
          id,
          `topic ${i}`,
          ['low', 'medium', 'high'][i % 3],
          'seeded',
          seen,
          i % 8 === 0 ? 1 : 0,
          i % 8 === 0 ? seen : null,
        );
      }
    }
    const stages = ['novice', 'advanced_beginner', 'competent', 'proficient', 'expert'];
    for (let i = 0; i < 12; i += 1) {
      insertDreyfus.run(
        randomUUID(),
        `skill ${i}`,
        stages[i % stages.length],
        0.5 + (i % 5) / 10,
        'seeded',
        new Date(end).toISOString(),
      );
    }
  })();

  const insertAction = sqlite.prepare(
    `INSERT INTO action_log (session_id, action_type, data, created_at) VALUES (?, ?, ?, ?)`,
  );
  const actionData = JSON.stringify({ path: 'src/index.ts', charCount: 1234 });
  const writeActions = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const at = begin + Math.floor((i / actions) * spanMs);
      const session =
        i % 20 === 0
          ? null
          : sessionIds[Math.min(sessionCount - 1, Math.floor((i / actions) * sessionCount))];
      insertAction.run(
        session ?? null,
        ACTION_TYPES[i % ACTION_TYPES.length],
        actionData,
        new Date(at).toISOString(),
      );
    }
  });
  for (let from = 0; from < actions; from += batch) writeActions(from, Math.min(actions, from + batch));

  const insertCall = sqlite.prepare(
    `INSERT INTO api_call_log (session_id, call_type, model, input_hash, latency_ms, input_tokens, output_tokens, cost_estimate, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const writeCalls = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const at = begin + Math.floor((i / apiCalls) * spanMs);
      const session =
        i % 10 === 0
          ? null
          : sessionIds[Math.min(sessionCount - 1, Math.floor((i / apiCalls) * sessionCount))];
      const failed = i % 97 === 0;
      insertCall.run(
        session ?? null,
        CALL_TYPES[i % CALL_TYPES.length],
        MODELS[i % MODELS.length],
        `h${i.toString(16)}`,
        failed ? -1 : 200 + (i % 1800),
        failed ? 0 : 1000 + (i % 4000),
        failed ? 0 : 100 + (i % 900),
        failed ? 0 : 0.001 * (1 + (i % 50)),
        new Date(at).toISOString(),
      );
    }
  });
  for (let from = 0; from < apiCalls; from += batch) writeCalls(from, Math.min(apiCalls, from + batch));
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.exec('ANALYZE');
  return { sessionIds, actions, apiCalls, elapsedMs: performance.now() - started };
}
