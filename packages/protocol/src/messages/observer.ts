/** The Observer: nudges, status, mute, idle (Story 10). */
import { z } from 'zod';
import { ConfidenceSchema, CountSchema, IsoTimestampSchema, LabelSchema, ProseSchema } from '../common.js';
import { NudgeDropReasonSchema } from '../actions.js';
import { NudgeSignalSchema } from '../enums.js';

/** A signal that warrants a nudge: every `NudgeSignal` but `no_nudge`. */
export const DeliveredNudgeSignalSchema = NudgeSignalSchema.exclude(['no_nudge']);

/**
 * Context passed through to the nudge prompt Electron writes into the terminal (Story 10
 * `suggested_context`; keys kept in the triage model's snake_case).
 */
export const NudgeContextSchema = z.object({
  current_file: z.string().max(4096).nullable(),
  expected_file: z.string().max(4096).nullable(),
  time_in_file: LabelSchema.nullable(),
  phase_description: ProseSchema.nullable(),
});
export type NudgeContext = z.infer<typeof NudgeContextSchema>;

export const observerClientMessages = {
  /** Toggle the Observer (Story 10 AS-7/8; logged `observer_muted`). */
  'observer:mute': z.object({ muted: z.boolean() }),
  /** The user went idle; `lastActionTimestamp` is the time of their last action (Story 4 `idle_start`). */
  'user:idle_start': z.object({ lastActionTimestamp: IsoTimestampSchema }),
  /** The user came back; `idleMs` is how long they were idle, when Electron knows it (Story 4 `idle_end`). */
  'user:idle_end': z.object({ idleMs: CountSchema.optional() }),
  /**
   * The face's report on one `observer:nudge` (issue 17 item 4): written into the terminal (`delivered: true`, no
   * `reason`) or dropped (`delivered: false` with a `reason`). Logged as `nudge_delivered { signal }` or
   * `nudge_dropped { signal, reason }`; no reply.
   */
  'observer:nudge_delivered': z
    .object({
      signal: DeliveredNudgeSignalSchema,
      delivered: z.boolean(),
      reason: NudgeDropReasonSchema.optional(),
    })
    .refine((p) => (p.delivered ? p.reason === undefined : p.reason !== undefined), {
      message: 'reason is required when delivered is false and not allowed when it is true',
      path: ['reason'],
    }),
} as const;

export const observerServerMessages = {
  /**
   * Paige should speak up (Story 10 AS-4, clarification: Electron writes it to the PTY as
   * `[PAIGE_OBSERVER] {...}`). Sent only when `confidence >= 0.7` outside the cooldown.
   */
  'observer:nudge': z.object({
    signal: DeliveredNudgeSignalSchema,
    confidence: ConfidenceSchema,
    context: NudgeContextSchema,
  }),
  /**
   * Observer state (Story 10 lifecycle): on session start/end and mute toggle. `lastEvaluation` is the
   * time of the last triage call, `null` before the first.
   */
  'observer:status': z.object({
    active: z.boolean(),
    muted: z.boolean(),
    lastEvaluation: IsoTimestampSchema.nullable().optional(),
  }),
} as const;
