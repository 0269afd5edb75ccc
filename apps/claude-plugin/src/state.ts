/**
 * The parts of `paige_get_session_state` the hooks use, read leniently: unknown fields are ignored, a malformed
 * item becomes empty, so a backend that grows its schema never breaks a hook.
 *
 * @see backend-discovery-SPEC.md Story 6 "StateItem Enum" (open_files, buffers, diffs, phase, plan, progress,
 *   hints, session, dreyfus)
 */
import { z } from 'zod';

const DreyfusSchema = z.object({
  skillArea: z.string(),
  stage: z.string(),
  confidence: z.number().optional().catch(undefined),
});
const PhaseSchema = z.object({
  number: z.number().optional().catch(undefined),
  title: z.string().optional().catch(undefined),
  status: z.string().optional().catch(undefined),
  hintLevel: z.string().optional().catch(undefined),
  description: z.string().optional().catch(undefined),
});
const SessionSchema = z.object({
  id: z.string().optional().catch(undefined),
  issueNumber: z.number().nullable().optional().catch(undefined),
  issueTitle: z.string().nullable().optional().catch(undefined),
  status: z.string().optional().catch(undefined),
  /** The hint level in force (issue 23 item 1): the learner's choice, else Paige's suggestion. */
  hintLevel: z.string().optional().catch(undefined),
  hintLevelChosen: z.boolean().optional().catch(undefined),
  suggestedHintLevel: z.string().nullable().optional().catch(undefined),
});
const DiffSchema = z.object({ path: z.string(), diff: z.string() });
const BufferSchema = z.object({ path: z.string(), dirty: z.boolean().optional().catch(undefined) });

/** Normalised session state. */
export interface SessionState {
  session: z.infer<typeof SessionSchema> | null;
  phase: z.infer<typeof PhaseSchema> | null;
  planPhases: z.infer<typeof PhaseSchema>[];
  dreyfus: z.infer<typeof DreyfusSchema>[];
  openFiles: string[];
  dirtyFiles: string[];
  diffs: z.infer<typeof DiffSchema>[];
}

function pick(raw: Record<string, unknown>, snake: string, camel: string): unknown {
  return raw[snake] ?? raw[camel];
}

function list<T extends z.ZodType>(schema: T, value: unknown): z.infer<T>[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

function one<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Normalise a `paige_get_session_state` result (snake_case item names, camelCase accepted too). */
export function normaliseState(value: unknown): SessionState {
  const raw = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const plan = raw.plan as { phases?: unknown } | null | undefined;
  const diffsRaw = raw.diffs;
  const diffs = Array.isArray(diffsRaw)
    ? list(DiffSchema, diffsRaw)
    : list(DiffSchema, (diffsRaw as { diffs?: unknown } | undefined)?.diffs);
  const openRaw = pick(raw, 'open_files', 'openFiles');
  const openFiles = Array.isArray(openRaw)
    ? openRaw.filter((f): f is string => typeof f === 'string')
    : list(z.string(), (openRaw as { files?: unknown } | undefined)?.files);
  return {
    session: one(SessionSchema, raw.session),
    phase: one(PhaseSchema, raw.phase),
    planPhases: list(PhaseSchema, plan?.phases),
    dreyfus: list(DreyfusSchema, raw.dreyfus),
    openFiles,
    dirtyFiles: list(BufferSchema, raw.buffers)
      .filter((b) => b.dirty === true)
      .map((b) => b.path),
    diffs,
  };
}
