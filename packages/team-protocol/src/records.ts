/**
 * What a learner shares with a team server (issue 26 item 2; DESIGN section 3 "What leaves the learner's machine"):
 * session summaries, knowledge gaps, Dreyfus stages, practice results and model cost. Never code, diffs, file
 * contents, transcripts or paths: every object is strict (an unknown field such as `code`, `diff` or `path` is
 * rejected) and every free-text field is one short line that must not look like a path or like code.
 */
import { z } from 'zod';

/** Hint levels, as `@paige/protocol`'s `HintLevel` (DESIGN section 3). */
export const TeamHintLevelSchema = z.enum(['off', 'low', 'medium', 'high']);
/** Dreyfus stages, as `@paige/protocol`'s `DreyfusStage`. */
export const TeamDreyfusStageSchema = z.enum([
  'novice',
  'advanced_beginner',
  'competent',
  'proficient',
  'expert',
]);
export type TeamDreyfusStage = z.infer<typeof TeamDreyfusStageSchema>;
/** The order of {@link TeamDreyfusStageSchema}'s values, novice first (for charts: index + 1 = level). */
export const DREYFUS_ORDER: readonly TeamDreyfusStage[] = TeamDreyfusStageSchema.options;
/** Session statuses, as `@paige/protocol`'s `SessionStatus`. */
export const TeamSessionStatusSchema = z.enum(['active', 'completed', 'completed_with_errors', 'abandoned']);
export type TeamSessionStatus = z.infer<typeof TeamSessionStatusSchema>;
/** Gap severity, as `@paige/protocol`'s `Severity`. */
export const TeamSeveritySchema = z.enum(['low', 'medium', 'high']);
export type TeamSeverity = z.infer<typeof TeamSeveritySchema>;

/**
 * Looks like a file path: absolute (`/x`, `~/x`, `C:\x`), relative (`./x`, `../x`), a `dir/file.ext` pair or a
 * backslash-separated one. "login/logout" (no extension) is not a path.
 */
const PATH_LIKE =
  /(^|[\s'"`(=:])(\/[\w.-]|~\/|\.{1,2}[\\/])|[A-Za-z]:\\|[\w.-]+\/[\w./-]*\.[A-Za-z0-9]{1,8}\b|\w\\\w/;
/** Looks like code: braces, an arrow, a statement end, a call followed by `;`, or markup. */
const CODE_LIKE =
  /[{}]|=>|;\s*$|\)\s*;|<\/?[A-Za-z][^>]*>|\b(function|const|let|var|import|return|def|class)\s+[\w$]+\s*[=(:{]/;

/**
 * A shareable line of text (a title, a topic, a skill area): 1..`max` characters, one line, no control characters,
 * nothing that looks like a path or code (issue 26: "never code, diffs, file contents, transcripts or paths").
 */
export function shareableText(max: number) {
  return (
    z
      .string()
      .trim()
      .min(1)
      .max(max)
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
      .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), {
        message: 'must be one line without control characters',
      })
      .refine((s) => !PATH_LIKE.test(s), { message: 'must not contain a file path' })
      .refine((s) => !CODE_LIKE.test(s), { message: 'must not contain code' })
  );
}

/** An ISO 8601 timestamp with an offset (`2026-12-07T22:00:00.000Z`). */
export const IsoTimestampSchema = z.iso.datetime({ offset: true });
/** A non-negative whole count. */
const Count = z.number().int().min(0).max(1_000_000);
/** A duration in milliseconds (at most 30 days). */
const DurationMs = z
  .number()
  .int()
  .min(0)
  .max(30 * 24 * 3600 * 1000);
/** An amount in USD (at most 100,000). */
const Usd = z.number().min(0).max(100_000);
/** An id of the learner's side (UUID v4 in Paige; any 1..64 of A-Za-z0-9_-). */
const LocalId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** Hints used in a session, by level (counts). */
export const HintsByLevelSchema = z.strictObject({ off: Count, low: Count, medium: Count, high: Count });
export type HintsByLevel = z.infer<typeof HintsByLevelSchema>;

/** `session_summary`: one coaching session, sent when it ends (also when abandoned). */
export const SessionSummaryDataSchema = z.strictObject({
  sessionId: LocalId,
  /** GitHub issue number, or null for a session without an issue. */
  issueNumber: z.number().int().min(0).max(10_000_000).nullable(),
  issueTitle: shareableText(200).nullable(),
  status: TeamSessionStatusSchema,
  phasesCompleted: Count,
  phasesTotal: Count,
  startedAt: IsoTimestampSchema,
  endedAt: IsoTimestampSchema.nullable(),
  /** Coaching time in ms. */
  durationMs: DurationMs,
  hintsByLevel: HintsByLevelSchema,
  nudges: Count,
  reviews: Count,
  /** Model spend attributed to the session, USD. */
  costUsd: Usd,
});
export type SessionSummaryData = z.infer<typeof SessionSummaryDataSchema>;

/** `knowledge_gap`: a gap found by the wrap-up, or the same gap now addressed (the latest record wins). */
export const KnowledgeGapDataSchema = z.strictObject({
  gapId: LocalId,
  topic: shareableText(120),
  severity: TeamSeveritySchema,
  addressed: z.boolean(),
  identifiedAt: IsoTimestampSchema,
  addressedAt: IsoTimestampSchema.nullable(),
  sessionId: LocalId.nullable(),
});
export type KnowledgeGapData = z.infer<typeof KnowledgeGapDataSchema>;

/** `dreyfus_stage`: the learner's stage in one skill area (the latest record wins). */
export const DreyfusStageDataSchema = z.strictObject({
  skillArea: shareableText(80),
  stage: TeamDreyfusStageSchema,
  /** 0..1. */
  confidence: z.number().min(0).max(1),
  assessedAt: IsoTimestampSchema,
});
export type DreyfusStageData = z.infer<typeof DreyfusStageDataSchema>;

/** `practice_result`: one reviewed kata attempt. */
export const PracticeResultDataSchema = z.strictObject({
  kataId: LocalId,
  title: shareableText(120),
  passed: z.boolean(),
  /** The review's level, 1..10, when given. */
  level: z.number().int().min(0).max(10).nullable(),
  testsPassed: Count.nullable(),
  testsTotal: Count.nullable(),
  attemptedAt: IsoTimestampSchema,
});
export type PracticeResultData = z.infer<typeof PracticeResultDataSchema>;

/** `model_cost`: model calls made in a period (a session, or a day outside sessions). */
export const ModelCostDataSchema = z.strictObject({
  sessionId: LocalId.nullable(),
  model: z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/),
  calls: Count,
  inputTokens: z.number().int().min(0).max(1e12),
  outputTokens: z.number().int().min(0).max(1e12),
  costUsd: Usd,
});
export type ModelCostData = z.infer<typeof ModelCostDataSchema>;

/**
 * `manager_summary`: the short non-technical paragraph for a team lead about one session (issue 26 item 5,
 * brainstorm call 10), generated on the learner's side from the structured summary only, and shared only when the
 * learner asks to share it (never sent by default). The latest record for a session wins.
 */
export const ManagerSummaryDataSchema = z.strictObject({
  sessionId: LocalId,
  /** One paragraph of plain prose (one line, at most 1,200 characters; nothing that looks like code or a path). */
  summary: shareableText(1200),
  generatedAt: IsoTimestampSchema,
});
export type ManagerSummaryData = z.infer<typeof ManagerSummaryDataSchema>;

/** Every record kind and its data schema. */
export const recordKinds = {
  session_summary: SessionSummaryDataSchema,
  knowledge_gap: KnowledgeGapDataSchema,
  dreyfus_stage: DreyfusStageDataSchema,
  practice_result: PracticeResultDataSchema,
  model_cost: ModelCostDataSchema,
  manager_summary: ManagerSummaryDataSchema,
} as const satisfies Record<string, z.ZodType>;
export type RecordKind = keyof typeof recordKinds;
export const RecordKindSchema = z.enum(Object.keys(recordKinds) as [RecordKind, ...RecordKind[]]);
/** The data of a record of kind `K`. */
export type RecordData<K extends RecordKind> = z.infer<(typeof recordKinds)[K]>;

/** Largest serialised record, bytes (UTF-8 of its JSON). */
export const MAX_RECORD_BYTES = 4 * 1024;
/** Most records in one push. */
export const MAX_RECORDS_PER_PUSH = 200;
/** Largest push body, bytes (the team server refuses a longer one before parsing it: 413). */
export const MAX_PUSH_BYTES = 512 * 1024;

const envelope = <K extends RecordKind>(kind: K) =>
  z.strictObject({
    /** The learner's sequence number: 1, 2, 3... per learner, never reused. Idempotency key with the learner id. */
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    kind: z.literal(kind),
    occurredAt: IsoTimestampSchema,
    data: recordKinds[kind],
  });

/** One shared record: `{ seq, kind, occurredAt, data }`, at most {@link MAX_RECORD_BYTES} as JSON. */
export const TeamRecordSchema = z
  .discriminatedUnion('kind', [
    envelope('session_summary'),
    envelope('knowledge_gap'),
    envelope('dreyfus_stage'),
    envelope('practice_result'),
    envelope('model_cost'),
    envelope('manager_summary'),
  ])
  .refine((r) => new TextEncoder().encode(JSON.stringify(r)).byteLength <= MAX_RECORD_BYTES, {
    message: `a record is at most ${MAX_RECORD_BYTES} bytes`,
  });
export type TeamRecord = z.infer<typeof TeamRecordSchema>;

/** A learner id on the team server (UUID). */
export const LearnerIdSchema = z.uuid();

/** `POST /api/push` body: `{ learnerId, records }`, 1..{@link MAX_RECORDS_PER_PUSH} records with distinct seqs. */
export const PushRequestSchema = z
  .strictObject({
    learnerId: LearnerIdSchema,
    records: z.array(TeamRecordSchema).min(1).max(MAX_RECORDS_PER_PUSH),
  })
  .refine((p) => new Set(p.records.map((r) => r.seq)).size === p.records.length, {
    message: 'seq values in one push must be distinct',
    path: ['records'],
  });
export type PushRequest = z.infer<typeof PushRequestSchema>;

/** `POST /api/push` reply: how many records were new and how many the server already had (ignored). */
export const PushResponseSchema = z.strictObject({
  accepted: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  /** The highest seq the server holds for this learner. */
  highestSeq: z.number().int().min(0),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;
