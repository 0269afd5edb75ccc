/**
 * zod schemas for the JSON columns, applied at the repository boundary on every write and read
 * (Story 2 "JSON Column Schemas").
 */
import { KataRunResultSchema } from '@paige/protocol';
import { z } from 'zod';

/** One kata constraint: unlocked once the user's best level reaches `minLevel` (1-10). @see Story 2 AS-8 */
export const KataConstraintSchema = z.object({
  title: z.string(),
  description: z.string(),
  minLevel: z.number().int().min(1).max(10),
});
export type KataConstraint = z.infer<typeof KataConstraintSchema>;

/**
 * One practice attempt appended to `kata_specs.user_attempts`. `correct`, `followUp`, `dreyfusSignal` (the review's
 * richer fields, brainstorm call 7) and `submittedAt` (ISO 8601) were added by issue 20, `run` by issue 24; they
 * are absent on older attempts.
 * @see Story 2 AS-9
 */
export const KataAttemptSchema = z.object({
  code: z.string(),
  review: z.string().optional(),
  level: z.number().int().min(1).max(10).optional(),
  passed: z.boolean().optional(),
  constraints: z.array(KataConstraintSchema).optional(),
  correct: z.boolean().optional(),
  followUp: z
    .object({
      type: z.enum(['constraint_escalation', 'retry_hint', 'completed']),
      constraint: z.string().optional(),
      reason: z.string().optional(),
    })
    .nullable()
    .optional(),
  dreyfusSignal: z.enum(['advancing', 'stable', 'struggling']).optional(),
  submittedAt: z.string().optional(),
  /** The test run the attempt was submitted with (issue 24 item 4); absent before runnable tests. */
  run: KataRunResultSchema.optional(),
});
export type KataAttempt = z.infer<typeof KataAttemptSchema>;

/** `knowledge_gaps.related_concepts` and `phases.expected_files`. */
export const StringListSchema = z.array(z.string());

/** `action_log.data` and `progress_events.data`: a JSON object. */
export const JsonObjectSchema = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof JsonObjectSchema>;
