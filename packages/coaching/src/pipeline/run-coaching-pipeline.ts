/**
 * The coaching pipeline (Story 9): Claude Code's plan -> Dreyfus-aware, scaffolded phases stored in SQLite.
 * @see primary Story 9 AS-1..AS-3, AS-7; discovery Story 9 "Pipeline Entry Flow"; issue 8 item 2
 */
import type { LlmClient } from '@paige/llm';
import type { MemoryResult, MemoryStore } from '@paige/memory';
import { createPlan, listDreyfusAssessments } from '@paige/store';
import type { PaigeDatabase, PhaseHintInput, PhaseInput, PlanWithPhases, Session } from '@paige/store';
import type { HintLevel } from '@paige/protocol';
import { CoachingError } from '../errors.js';
import { coachAgentModule } from '../prompts/coach-agent.js';
import type {
  CoachAgentOutput,
  CoachHint,
  EstimatedDifficulty,
  FilteredMemory,
} from '../prompts/coach-agent.js';
import { memoryRetrievalFilterModule } from '../prompts/memory-retrieval-filter.js';
import type { CandidateMemory } from '../prompts/memory-retrieval-filter.js';
import { buildKnownCode, createSolutionGuard, solutionGuardActionData } from '../solution-guard.js';
import type { SolutionGuard } from '../solution-guard.js';
import type { CoachingLogAction, CoachingLogger } from './shared.js';
import { errorText } from './shared.js';

/** Default number of memories asked from ChromaDB (primary Story 9 "Top 5 results"). */
export const PIPELINE_MEMORY_LIMIT = 5;

/** What Claude Code passes to `paige_run_coaching_pipeline`. */
export interface CoachingPipelineInput {
  planText: string;
  issueSummary: string;
  issueNumber?: number | null | undefined;
}

/** Options of {@link runCoachingPipeline}. */
export interface RunCoachingPipelineOptions {
  database: PaigeDatabase;
  llm: LlmClient;
  /** The memory store, or `null` when ChromaDB is off: memories are then `[]` (AS-2). */
  memory: MemoryStore | null;
  /** The active session the plan belongs to. */
  session: Session;
  input: CoachingPipelineInput;
  logger?: CoachingLogger | undefined;
  /** Called once with `coaching_pipeline_run` after the plan is stored. */
  logAction?: CoachingLogAction | undefined;
  /** Memories asked from ChromaDB; default {@link PIPELINE_MEMORY_LIMIT}. */
  memoryLimit?: number | undefined;
  /**
   * Reads a project file (live buffer first) for the solution-leak guard, so hover texts and phase descriptions may
   * quote the learner's code; `null` when unreadable. Without it nothing counts as quoted.
   */
  readLearnerFile?: ((path: string) => Promise<string | null>) | undefined;
  signal?: AbortSignal | undefined;
}

/** Most files read for the solution-leak guard of one plan. */
const GUARD_MAX_FILES = 40;

/** How the memory step went: `skipped` = no candidates (first run, Chroma off or down); `failed` = the filter failed. */
export type MemoryFilterOutcome = 'used' | 'skipped' | 'failed';

/** Result of {@link runCoachingPipeline}. */
export interface CoachingPipelineResult {
  /** The stored plan (`isActive: true`) with its phases and hints, as read back from SQLite. */
  plan: PlanWithPhases;
  estimatedDifficulty: EstimatedDifficulty;
  /** Memories returned by ChromaDB. */
  memoriesRetrieved: number;
  /** Memories the retrieval filter kept and the coach saw. */
  memoriesUsed: number;
  memoryFilter: MemoryFilterOutcome;
  /** Coach hints dropped because their path was absolute or left the project. */
  droppedHints: number;
}

/**
 * A project-relative path with `/` separators, or `null` for an absolute path or one that leaves the project
 * (the coach is told to use only the plan's paths; this is the guard when it does not).
 */
export function safeRelativePath(path: string): string | null {
  const p = path
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '');
  if (p === '' || p.startsWith('/') || /^[a-zA-Z]:/.test(p) || p.includes('\0')) return null;
  if (p.split('/').some((seg) => seg === '..')) return null;
  return p;
}

function toHintInput(hint: CoachHint): PhaseHintInput | null {
  const path = safeRelativePath(hint.path);
  if (path === null) return null;
  if (hint.type === 'file') return { type: 'file', path, style: hint.style, hoverText: hint.hoverText };
  return {
    type: 'line',
    path,
    lineStart: hint.startLine,
    lineEnd: hint.endLine,
    style: hint.style,
    hoverText: hint.hoverText,
  };
}

/** The plan title: the session's issue title, else the first line of the summary (at most 200 characters). */
function planTitle(session: Session, input: CoachingPipelineInput): string {
  const title = session.issueTitle?.trim() || input.issueSummary.split('\n')[0]?.trim() || 'Coaching plan';
  const withNumber = input.issueNumber == null ? title : `#${input.issueNumber} ${title}`;
  return withNumber.length <= 200 ? withNumber : `${withNumber.slice(0, 199)}…`;
}

async function retrieveMemories(options: RunCoachingPipelineOptions): Promise<MemoryResult[]> {
  const { memory, session, input, logger } = options;
  if (!memory) return [];
  const queryText = `${session.issueTitle ?? ''} ${input.issueSummary}`.trim();
  try {
    return await memory.queryMemories({
      queryText,
      project: session.projectDir,
      limit: options.memoryLimit ?? PIPELINE_MEMORY_LIMIT,
    });
  } catch (err) {
    logger?.warn({ err: errorText(err) }, 'memory query failed: coaching without memories');
    return [];
  }
}

async function filterMemories(
  options: RunCoachingPipelineOptions,
  found: MemoryResult[],
): Promise<{ memories: FilteredMemory[]; outcome: MemoryFilterOutcome }> {
  if (found.length === 0) return { memories: [], outcome: 'skipped' };
  const { llm, session, input, logger } = options;
  const candidates: CandidateMemory[] = found.map((m, i) => ({
    id: `m${i + 1}`,
    text: m.text,
    metadata: { type: m.metadata.type, created_at: m.metadata.created_at },
  }));
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const storedId = new Map(candidates.map((c, i) => [c.id, found[i]?.id ?? c.id]));
  try {
    const out = await llm.runPrompt(
      memoryRetrievalFilterModule,
      { issueSummary: input.issueSummary, planText: input.planText, candidates },
      { sessionId: session.id, ...(options.signal ? { signal: options.signal } : {}) },
    );
    const memories: FilteredMemory[] = [];
    const seen = new Set<string>();
    for (const kept of out.relevantMemories) {
      const candidate = byId.get(kept.memoryId.trim());
      // Only memories that were actually retrieved reach the coach, with their stored text.
      if (!candidate || seen.has(candidate.id)) continue;
      seen.add(candidate.id);
      memories.push({
        content: candidate.text,
        connection: kept.connection,
        useInCoaching: kept.useInCoaching,
      });
    }
    // Which memories the filter dropped, by their stored id, with the model's reason (issue 20 item 4): the log says
    // why a past session did not reach the coach. Never the memory texts.
    const reasons = new Map(out.discarded.map((d) => [d.memoryId.trim(), d.reason]));
    const discarded = candidates
      .filter((c) => !seen.has(c.id))
      .map((c) => ({
        memoryId: storedId.get(c.id),
        reason: (reasons.get(c.id) ?? 'not kept by the filter').slice(0, 200),
      }));
    logger?.info(
      { sessionId: session.id, kept: [...seen].map((id) => storedId.get(id)), discarded },
      `memory retrieval filter kept ${memories.length} of ${candidates.length} memories`,
    );
    return { memories, outcome: 'used' };
  } catch (err) {
    logger?.warn(
      { err: errorText(err), sessionId: session.id },
      'memory retrieval filter failed: coaching without memories',
    );
    return { memories: [], outcome: 'failed' };
  }
}

/**
 * The solution-leak guard over a plan before it is stored (issue 20 item 7): each phase's description (`phase_hint`)
 * and its hints' hover texts (`hover_text`) at the phase's hint level (else the session's), with the files the plan
 * points at as the learner's known code. Logs one `solution_guard_applied` per source and hint level that removed
 * something.
 */
async function guardPlan(options: RunCoachingPipelineOptions, drafts: PhaseInput[]): Promise<PhaseInput[]> {
  const paths = [
    ...new Set(drafts.flatMap((p) => [...(p.expectedFiles ?? []), ...(p.hints ?? []).map((h) => h.path)])),
  ].slice(0, GUARD_MAX_FILES);
  const texts: (string | null)[] = [];
  if (options.readLearnerFile) {
    for (const path of paths) texts.push(await options.readLearnerFile(path).catch(() => null));
  }
  const known = buildKnownCode(texts);
  const guards = new Map<
    string,
    { guard: SolutionGuard; source: 'phase_hint' | 'hover_text'; level: HintLevel }
  >();
  const guardFor = (source: 'phase_hint' | 'hover_text', level: HintLevel): SolutionGuard => {
    const key = `${source}:${level}`;
    let entry = guards.get(key);
    if (!entry) {
      entry = { guard: createSolutionGuard({ hintLevel: level, knownCode: known }), source, level };
      guards.set(key, entry);
    }
    return entry.guard;
  };
  const guarded = drafts.map((p) => {
    const level = p.hintLevel ?? options.session.hintLevel;
    const description = guardFor('phase_hint', level).text(p.description);
    const hover = guardFor('hover_text', level);
    return {
      ...p,
      description,
      hints: (p.hints ?? []).map((h) => (h.hoverText ? { ...h, hoverText: hover.text(h.hoverText) } : h)),
    };
  });
  for (const { guard, source, level } of guards.values()) {
    const data = solutionGuardActionData(source, level, guard);
    if (data) {
      options.logAction?.('solution_guard_applied', data, options.session.id);
      options.logger?.info(
        { sessionId: options.session.id, ...data },
        'solution guard removed code from the plan',
      );
    }
  }
  return guarded;
}

/**
 * Runs the coaching pipeline for the active session:
 * 1. all Dreyfus assessments (`[]` on the first run);
 * 2. up to `memoryLimit` project-scoped memories for `"{issueTitle} {issueSummary}"` (`[]` when `memory` is null,
 *    ChromaDB is down or the query fails; AS-2);
 * 3. the memory retrieval filter (Haiku) keeps the relevant ones (its failure -> `[]`, discovery D48);
 * 4. the coach agent (Sonnet) sees the plan, the assessments and only the kept memories;
 * 5. the solution-leak guard over phase descriptions and hover texts (issue 20 item 7);
 * 6. one store transaction (`createPlan`): the previous active plan gets `is_active = false`, the new plan,
 *    phases and hints are inserted (AS-1, AS-7);
 * 7. `coaching_pipeline_run` is logged with `{ planId, phaseCount, hintCount, memoriesRetrieved, memoriesUsed,
 *    memoryFilter, estimatedDifficulty, droppedHints }`.
 * Broadcasting and applying the first phase's hints is the caller's job (it owns the WebSocket hub).
 * @returns the stored plan and how the memory step went
 * @throws errors of `@paige/llm` (`ApiError` and subclasses such as `ApiValidationError`) when the coach agent
 *   fails, and {@link CoachingError} `EMPTY_PLAN` when it returns no phases; nothing is stored then (AS-3)
 * @throws {@link StoreError} from `createPlan` (the transaction is rolled back)
 * @see primary Story 9 AS-1, AS-2, AS-3, AS-7; discovery Story 9 "Pipeline Entry Flow"
 */
export async function runCoachingPipeline(
  options: RunCoachingPipelineOptions,
): Promise<CoachingPipelineResult> {
  const { database, llm, session, input, logger } = options;
  const assessments = listDreyfusAssessments(database).map((a) => ({
    skillArea: a.skillArea,
    stage: a.stage,
    confidence: a.confidence,
  }));
  const found = await retrieveMemories(options);
  const { memories, outcome } = await filterMemories(options, found);

  const coach: CoachAgentOutput = await llm.runPrompt(
    coachAgentModule,
    {
      planText: input.planText,
      issueSummary: input.issueSummary,
      issueNumber: input.issueNumber ?? session.issueNumber ?? null,
      dreyfusAssessments: assessments,
      relevantMemories: memories,
    },
    { sessionId: session.id, ...(options.signal ? { signal: options.signal } : {}) },
  );
  if (coach.phases.length === 0) {
    throw new CoachingError(
      'EMPTY_PLAN',
      'The coach agent returned a plan without phases; nothing was stored. Try again.',
    );
  }

  let droppedHints = 0;
  const drafts = coach.phases.map((p) => {
    const hints: PhaseHintInput[] = [];
    for (const h of p.hints) {
      const hint = toHintInput(h);
      if (hint) hints.push(hint);
      else droppedHints += 1;
    }
    const expectedFiles = p.expectedFiles.map(safeRelativePath).filter((f): f is string => f !== null);
    return {
      number: p.number,
      title: p.title,
      description: p.description,
      hintLevel: p.hintLevel,
      expectedFiles,
      hints,
    };
  });
  if (droppedHints > 0)
    logger?.warn({ droppedHints, sessionId: session.id }, 'coach hints outside the project were dropped');
  const phases = await guardPlan(options, drafts);

  const plan = createPlan(database, {
    sessionId: session.id,
    title: planTitle(session, input),
    summary: input.issueSummary,
    rawPlanText: input.planText,
    memoryConnection: coach.memoryConnection,
    estimatedDifficulty: coach.estimatedDifficulty,
    phases,
  });
  const hintCount = plan.phases.reduce((n, p) => n + p.hints.length, 0);
  const data = {
    planId: plan.id,
    phaseCount: plan.phases.length,
    hintCount,
    memoriesRetrieved: found.length,
    memoriesUsed: memories.length,
    memoryFilter: outcome,
    estimatedDifficulty: coach.estimatedDifficulty,
    droppedHints,
  };
  options.logAction?.('coaching_pipeline_run', data, session.id);
  logger?.info({ sessionId: session.id, ...data }, 'coaching plan stored');
  return {
    plan,
    estimatedDifficulty: coach.estimatedDifficulty,
    memoriesRetrieved: found.length,
    memoriesUsed: memories.length,
    memoryFilter: outcome,
    droppedHints,
  };
}
