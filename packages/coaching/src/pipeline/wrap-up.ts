/**
 * The session wrap-up (Story 9): three independent, best-effort agents turn a finished session into knowledge
 * gaps and katas, updated Dreyfus assessments, and memories. Each failure is recorded, never thrown.
 * @see primary Story 9 AS-4..AS-6 and "Wrap-Up Error Handling & Recovery"; discovery "Session Wrap-up Flow"; issue 8 items 3, 4
 */
import type { LlmClient } from '@paige/llm';
import type { MemoryStore } from '@paige/memory';
import type { DreyfusStage, SessionStatus, WrapUpAgent } from '@paige/protocol';
import {
  clearWrapUpErrors,
  createActionLog,
  createChallenge,
  createKata,
  endSession,
  getActivePlan,
  getSession,
  listDreyfusAssessments,
  listKnowledgeGaps,
  listProgressEvents,
  listWrapUpErrors,
  markKnowledgeGapAddressed,
  recordKnowledgeGap,
  recordWrapUpError,
  upsertDreyfusAssessment,
  setSessionSummary,
} from '@paige/store';
import type { KnowledgeGap, PaigeDatabase, Session } from '@paige/store';
import type { ActionRecord } from '../context/actions.js';
import type {
  DreyfusAssessmentRecord,
  ExistingGapRecord,
  PhaseRecord,
  ProgressEventRecord,
} from '../context/session.js';
import { CoachingError } from '../errors.js';
import { dreyfusAssessmentModule } from '../prompts/dreyfus-assessment.js';
import { knowledgeGapExtractionModule } from '../prompts/knowledge-gap-extraction.js';
import {
  KataTestsSchema,
  QuizQuestionSchema,
  type KataLanguage,
  type KataTests,
  type QuizQuestion,
} from '@paige/protocol';
import { findSolutionInScaffolding, findSolutionInTests, guessKataLanguage } from '../kata-material.js';
import type { KnowledgeGapExtractionOutput, SessionSummary } from '../prompts/knowledge-gap-extraction.js';
import { memorySummarisationModule } from '../prompts/memory-summarisation.js';
import { createSolutionGuard, solutionGuardActionData } from '../solution-guard.js';
import type { CoachingLogAction, CoachingLogger } from './shared.js';
import { errorText, phaseRecords } from './shared.js';

/** The three wrap-up agents in the order they run. */
export const WRAP_UP_AGENTS: readonly WrapUpAgent[] = ['knowledge_gaps', 'dreyfus', 'reflection'];

/** What a wrap-up stored (the protocol's `WrapUpCounts`). */
export interface WrapUpCounts {
  knowledgeGaps: number;
  kataSpecs: number;
  dreyfusUpdates: number;
  memoriesStored: number;
}

/** One failed agent. */
export interface WrapUpAgentError {
  agent: WrapUpAgent;
  message: string;
}

/** Result of {@link runWrapUp}: the shape `SessionService.setWrapUpRunner` expects. */
export interface WrapUpRunResult {
  counts: WrapUpCounts;
  errors: WrapUpAgentError[];
}

/** Options of {@link runWrapUp}. */
export interface RunWrapUpOptions {
  database: PaigeDatabase;
  llm: LlmClient;
  /** `null` (ChromaDB off) makes the reflection agent fail: its memories would otherwise be lost silently. */
  memory: MemoryStore | null;
  /** The ended session. */
  session: Session;
  /** The condensed transcript from the Stop hook (bounded by the prompt modules, end kept). */
  transcript: string;
  /** The agents to run; default all three ({@link WRAP_UP_AGENTS}). */
  agents?: readonly WrapUpAgent[] | undefined;
  logger?: CoachingLogger | undefined;
  /** Receives one `wrap_up_error` per failed agent; default: written straight to the action log. */
  logAction?: CoachingLogAction | undefined;
  signal?: AbortSignal | undefined;
  /**
   * The project language for runnable kata tests (issue 24 item 1). Omitted: guessed from the files the session
   * touched; `null`: katas get their tests in words only.
   */
  kataLanguage?: KataLanguage | null;
}

/** The session data the agents read. */
export interface WrapUpData {
  actions: ActionRecord[];
  phases: PhaseRecord[];
  progressEvents: ProgressEventRecord[];
  existingGaps: KnowledgeGap[];
  assessments: DreyfusAssessmentRecord[];
  /** Epoch ms (the database clock). */
  now: number;
}

/**
 * Reads a session's real data for the agents: every action of the session (oldest first; the prompt modules
 * summarise them within their bounds: counts over all, timeline newest first), the active plan's phases with
 * timing, their progress events (hints used, escalations...), every knowledge gap on record and every
 * Dreyfus assessment.
 */
export function loadWrapUpData(database: PaigeDatabase, session: Session): WrapUpData {
  const log = createActionLog({ database, groupCommit: false });
  const actions = log.actionsSince({ sessionId: session.id }).map((row) => ({
    type: row.actionType,
    createdAt: row.createdAt,
    data: row.data,
  }));
  const plan = getActivePlan(database, session.id);
  const progressEvents: ProgressEventRecord[] = [];
  for (const phase of plan?.phases ?? []) {
    for (const e of listProgressEvents(database, phase.id)) {
      progressEvents.push({
        eventType: e.eventType,
        phaseNumber: phase.number,
        createdAt: e.createdAt,
        data: e.data,
      });
    }
  }
  return {
    actions,
    phases: phaseRecords(plan),
    progressEvents,
    existingGaps: listKnowledgeGaps(database),
    assessments: listDreyfusAssessments(database).map((a) => ({
      skillArea: a.skillArea,
      stage: a.stage,
      confidence: a.confidence,
    })),
    now: database.now().getTime(),
  };
}

const STAGE_ORDER: readonly DreyfusStage[] = [
  'novice',
  'advanced_beginner',
  'competent',
  'proficient',
  'expert',
];

/** The lowest stage on record (kata difficulty errs on the easy side), `novice` when none. */
function lowestStage(assessments: readonly DreyfusAssessmentRecord[]): DreyfusStage {
  let best: number | null = null;
  for (const a of assessments) {
    const i = STAGE_ORDER.indexOf(a.stage);
    if (i >= 0 && (best === null || i < best)) best = i;
  }
  return STAGE_ORDER[best ?? 0] ?? 'novice';
}

/** Counts from the stored data when the gap agent did not run: phases completed, minutes, hints, no-hint phases. */
function computeSessionSummary(data: WrapUpData): SessionSummary {
  const completed = data.phases.filter((p) => p.status === 'complete');
  let minutes = 0;
  for (const p of completed) {
    const s = p.startedAt == null ? Number.NaN : Date.parse(String(p.startedAt));
    const e = p.completedAt == null ? Number.NaN : Date.parse(String(p.completedAt));
    if (Number.isFinite(s) && Number.isFinite(e) && e >= s) minutes += (e - s) / 60_000;
  }
  const hintEvents = data.progressEvents.filter((e) => e.eventType.startsWith('hint'));
  const phasesWithHints = new Set(hintEvents.map((e) => e.phaseNumber));
  return {
    phasesCompleted: completed.length,
    totalTimeMinutes: Math.round(minutes * 10) / 10,
    hintsUsed: hintEvents.length,
    independentCompletions: completed.filter((p) => !phasesWithHints.has(p.number)).length,
  };
}

const normTopic = (topic: string): string => topic.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The runnable tests and scaffolding a kata is stored with (issue 24 item 1): tests only in the project's language
 * and only when the solution guard finds no solution in them (else the kata keeps its tests in words only); a
 * scaffolding that already holds the solution is left out.
 */
function kataMaterial(
  runnable: { preamble: string; cases: { name: string; code: string }[] } | null,
  scaffoldingCode: string,
  language: KataLanguage | null,
  warn: (problems: string[]) => void,
): { tests: KataTests | null; scaffoldingCode: string } {
  if (!runnable || !language) return { tests: null, scaffoldingCode };
  const parsed = KataTestsSchema.safeParse({ language, preamble: runnable.preamble, cases: runnable.cases });
  if (!parsed.success) {
    warn(['the runnable tests do not fit the schema']);
    return { tests: null, scaffoldingCode };
  }
  const inTests = findSolutionInTests(parsed.data);
  const inScaffolding = findSolutionInScaffolding(parsed.data, scaffoldingCode);
  if (inTests.length + inScaffolding.length > 0)
    warn([...inTests, ...inScaffolding].map((p) => `${p.where}: ${p.message}`));
  return {
    tests: inTests.length > 0 ? null : parsed.data,
    scaffoldingCode: inScaffolding.length > 0 ? '' : scaffoldingCode,
  };
}

/** The stored content of a non-code challenge, or null when the reply left out the fields its kind needs. */
function challengeContent(
  challenge: NonNullable<KnowledgeGapExtractionOutput['challenges']>[number],
):
  | { kind: 'quiz'; questions: QuizQuestion[] }
  | { kind: 'explain_back'; prompt: string; rubric: string[] }
  | null {
  if (challenge.kind === 'quiz') {
    const questions = (challenge.questions ?? []).filter((q) => QuizQuestionSchema.safeParse(q).success);
    return questions.length > 0 ? { kind: 'quiz', questions } : null;
  }
  if (!challenge.prompt || !challenge.rubric || challenge.rubric.length === 0) return null;
  return { kind: 'explain_back', prompt: challenge.prompt, rubric: challenge.rubric };
}

/** What {@link storeGaps} stored. */
interface StoredGaps {
  gaps: number;
  katas: number;
  /** Quizzes and explain-it-back challenges stored (issue 24 item 5). */
  challenges: number;
  /** Open gaps this wrap-up judged addressed (now marked). */
  addressed: { gapId: string; topic: string; evidence: string }[];
  /** `solution_guard_applied` data for the kata descriptions, or `null`. */
  solutionGuard: Record<string, unknown> | null;
}

/**
 * Stores gaps (a known topic increments its frequency instead of adding a row; its `addressed` state is left as it
 * is), katas (descriptions through the solution-leak guard, the scaffolding being the learner's material) and marks
 * the open gaps the agent judged addressed, all in one transaction.
 * @see issue 20 item 1 (the wrap-up no longer resets `addressed`), item 7 (kata descriptions guarded)
 */
function storeGaps(
  database: PaigeDatabase,
  session: Session,
  out: KnowledgeGapExtractionOutput,
  existing: KnowledgeGap[],
  logger?: CoachingLogger,
  kataLanguage: KataLanguage | null = null,
): StoredGaps {
  const known = new Map<string, KnowledgeGap>();
  for (const g of [...existing].reverse()) known.set(normTopic(g.topic), g);
  const bump = database.prepare(
    'UPDATE knowledge_gaps SET frequency = frequency + 1, severity = ?, evidence = ?, last_encountered_at = ? WHERE id = ?',
  );
  const guard = createSolutionGuard({
    hintLevel: session.hintLevel,
    knownCode: out.katas.map((k) => k.scaffoldingCode),
  });
  return database.sqlite.transaction(() => {
    const gapIds = new Map<string, string>();
    let gaps = 0;
    for (const gap of out.knowledgeGaps) {
      const key = normTopic(gap.topic);
      if (gapIds.has(key)) continue;
      const prior = known.get(key);
      if (prior) {
        bump.run(gap.severity, gap.evidence, database.now().toISOString(), prior.id);
        gapIds.set(key, prior.id);
      } else {
        const row = recordKnowledgeGap(database, {
          sessionId: session.id,
          topic: gap.topic.trim(),
          severity: gap.severity,
          evidence: gap.evidence,
          relatedConcepts: gap.relatedConcepts,
        });
        gapIds.set(key, row.id);
      }
      gaps += 1;
    }
    let katas = 0;
    for (const kata of out.katas) {
      const key = normTopic(kata.gapTopic);
      const gapId = gapIds.get(key) ?? known.get(key)?.id;
      if (!gapId) {
        logger?.warn(
          { sessionId: session.id, gapTopic: kata.gapTopic, title: kata.title },
          'kata for an unknown gap dropped',
        );
        continue;
      }
      const tests =
        kata.testCases.length > 0
          ? `\n\nA correct solution:\n${kata.testCases.map((t) => `- ${t}`).join('\n')}`
          : '';
      const material = kataMaterial(
        kata.runnableTests ?? null,
        kata.scaffoldingCode ?? '',
        kataLanguage,
        (problems) =>
          logger?.warn(
            { sessionId: session.id, title: kata.title, problems },
            'kata material held back by the solution guard',
          ),
      );
      createKata(database, {
        knowledgeGapId: gapId,
        title: kata.title,
        description: guard.text(`${kata.description}${tests}`),
        scaffoldingCode: material.scaffoldingCode,
        instructorNotes: kata.instructorNotes,
        constraints: [...kata.constraints].sort((a, b) => a.minLevel - b.minLevel),
        tests: material.tests,
      });
      katas += 1;
    }
    let challenges = 0;
    for (const challenge of out.challenges ?? []) {
      const key = normTopic(challenge.gapTopic);
      const gapId = gapIds.get(key) ?? known.get(key)?.id;
      const content = challengeContent(challenge);
      if (!gapId || !content) {
        logger?.warn(
          { sessionId: session.id, gapTopic: challenge.gapTopic, title: challenge.title },
          'challenge for an unknown gap or with missing fields dropped',
        );
        continue;
      }
      createChallenge(database, {
        knowledgeGapId: gapId,
        title: challenge.title,
        topic: challenge.gapTopic.trim(),
        content,
      });
      challenges += 1;
    }
    const addressed: StoredGaps['addressed'] = [];
    for (const a of out.addressedGaps) {
      const key = normTopic(a.topic);
      const gap = known.get(key);
      // Only a gap that was open, and not reported again by this same reply.
      if (!gap || gap.addressed || gapIds.has(key) || addressed.some((x) => x.gapId === gap.id)) continue;
      if (markKnowledgeGapAddressed(database, gap.id).changed)
        addressed.push({ gapId: gap.id, topic: gap.topic, evidence: a.evidence });
    }
    return {
      gaps,
      katas,
      challenges,
      addressed,
      solutionGuard: solutionGuardActionData('kata', session.hintLevel, guard),
    };
  })();
}

/**
 * Runs the wrap-up agents of an ended session, each independently and best-effort:
 * - `knowledge_gaps` (Sonnet) -> `knowledge_gaps` rows (a topic already on record gets `frequency + 1`, no new row,
 *   its addressed state untouched), `kata_specs` linked to their gap (constraints with `minLevel`, sorted;
 *   descriptions through the solution-leak guard) and the open gaps the agent judged addressed marked so (one
 *   `knowledge_gap_addressed` action each), in one transaction;
 * - `dreyfus` (Sonnet) -> upserted `dreyfus_assessments` (in one transaction);
 * - `reflection` (Haiku) -> memories in ChromaDB via `addMemories` (ids `session-<id>-memory-<n>`, so a retry
 *   replaces rather than duplicates); `memory === null` or `{ available: false }` is a failure.
 * The gap agent runs first (its findings feed the other two); Dreyfus and reflection then run in parallel.
 * Before an agent runs, its earlier `session_wrap_up_errors` rows are cleared; each failure adds one row and one
 * `wrap_up_error` action `{ agent, message }`. The session status is left to the caller.
 * Inputs are the session's real data ({@link loadWrapUpData}) bounded by the prompt modules (user messages at
 * most 40,000 / 30,000 / 28,000 characters; action log oldest first dropped, transcript end kept).
 * @returns counts of what this run stored and the failed agents; never throws for an agent failure
 * @see primary Story 9 AS-4, AS-5, AS-6; discovery FR-118..FR-123
 */
export async function runWrapUp(options: RunWrapUpOptions): Promise<WrapUpRunResult> {
  const { database, llm, memory, session, transcript, logger } = options;
  const agents = new Set(options.agents ?? WRAP_UP_AGENTS);
  const counts: WrapUpCounts = { knowledgeGaps: 0, kataSpecs: 0, dreyfusUpdates: 0, memoriesStored: 0 };
  const errors: WrapUpAgentError[] = [];
  const data = loadWrapUpData(database, session);
  const callOptions = { sessionId: session.id, ...(options.signal ? { signal: options.signal } : {}) };
  const logAction: CoachingLogAction =
    options.logAction ??
    ((type, payload, sessionId) => {
      createActionLog({ database, groupCommit: false }).logAction({
        sessionId,
        actionType: type,
        data: payload,
      });
    });

  const fail = (agent: WrapUpAgent, err: unknown): void => {
    const message = errorText(err);
    errors.push({ agent, message });
    logger?.warn({ sessionId: session.id, agent, err: message }, 'wrap-up agent failed');
    try {
      recordWrapUpError(database, { sessionId: session.id, agentName: agent, errorMessage: message });
      logAction('wrap_up_error', { agent, message }, session.id);
    } catch (recordErr) {
      logger?.warn(
        { sessionId: session.id, agent, err: errorText(recordErr) },
        'recording a wrap-up error failed',
      );
    }
  };
  for (const agent of agents) clearWrapUpErrors(database, { sessionId: session.id, agentName: agent });

  const issueTitle =
    session.issueTitle ?? (session.issueNumber == null ? '' : `Issue #${session.issueNumber}`);
  const existingGaps: ExistingGapRecord[] = data.existingGaps.map((g) => ({
    topic: g.topic,
    severity: g.severity,
    frequency: g.frequency,
    addressed: g.addressed,
  }));

  let gapOutput: KnowledgeGapExtractionOutput | null = null;
  const kataLanguage =
    options.kataLanguage !== undefined
      ? options.kataLanguage
      : guessKataLanguage(data.actions.map((a) => (typeof a.data?.path === 'string' ? a.data.path : '')));
  if (agents.has('knowledge_gaps')) {
    try {
      gapOutput = await llm.runPrompt(
        knowledgeGapExtractionModule,
        {
          issueTitle,
          issueSummary: session.issueSummary,
          dreyfusStage: lowestStage(data.assessments),
          actions: data.actions,
          phases: data.phases,
          progressEvents: data.progressEvents,
          existingGaps,
          sessionTranscript: transcript,
          now: data.now,
          kataLanguage,
        },
        callOptions,
      );
      const stored = storeGaps(database, session, gapOutput, data.existingGaps, logger, kataLanguage);
      counts.knowledgeGaps = stored.gaps;
      counts.kataSpecs = stored.katas;
      for (const a of stored.addressed) {
        logAction(
          'knowledge_gap_addressed',
          { gapId: a.gapId, topic: a.topic, reason: 'wrap_up', evidence: a.evidence.slice(0, 1_000) },
          session.id,
        );
      }
      if (stored.solutionGuard) logAction('solution_guard_applied', stored.solutionGuard, session.id);
    } catch (err) {
      gapOutput = null;
      fail('knowledge_gaps', err);
    }
  }
  const sessionGapTopics = gapOutput
    ? gapOutput.knowledgeGaps.map((g) => g.topic)
    : listKnowledgeGaps(database, { sessionId: session.id }).map((g) => g.topic);
  const gapsForMemory = gapOutput
    ? gapOutput.knowledgeGaps.map((g) => ({ topic: g.topic, severity: g.severity }))
    : listKnowledgeGaps(database, { sessionId: session.id }).map((g) => ({
        topic: g.topic,
        severity: g.severity,
      }));

  const dreyfus = async (): Promise<void> => {
    if (!agents.has('dreyfus')) return;
    try {
      const out = await llm.runPrompt(
        dreyfusAssessmentModule,
        {
          issueTitle,
          currentAssessments: data.assessments,
          sessionSummary: gapOutput?.sessionSummary ?? computeSessionSummary(data),
          sessionGapTopics,
          phases: data.phases,
          progressEvents: data.progressEvents,
          actions: data.actions,
          sessionTranscript: transcript,
          now: data.now,
        },
        callOptions,
      );
      const before = new Map(listDreyfusAssessments(database).map((a) => [a.skillArea, a.stage] as const));
      const changed: Array<{ skillArea: string; from: DreyfusStage | null; to: DreyfusStage }> = [];
      database.sqlite.transaction(() => {
        for (const a of out.assessments) {
          const skillArea = a.skillArea.trim();
          const from = before.get(skillArea) ?? null;
          if (from !== a.stage) changed.push({ skillArea, from, to: a.stage });
          upsertDreyfusAssessment(database, {
            skillArea: a.skillArea.trim(),
            stage: a.stage,
            confidence: a.confidence,
            evidence: a.recommendation ? `${a.evidence}\nRecommendation: ${a.recommendation}` : a.evidence,
          });
        }
      })();
      counts.dreyfusUpdates = out.assessments.length;
      // The wrap-up screen shows the stages that moved (issue 23 item 4): one action per change, read back later.
      for (const c of changed) logAction('dreyfus_stage_changed', c, session.id);
    } catch (err) {
      fail('dreyfus', err);
    }
  };

  const reflection = async (): Promise<void> => {
    if (!agents.has('reflection')) return;
    try {
      if (!memory)
        throw new Error('memory is unavailable (ChromaDB is not configured): no memories were stored');
      const out = await llm.runPrompt(
        memorySummarisationModule,
        {
          issueTitle,
          issueSummary: session.issueSummary,
          sessionTranscript: transcript,
          phases: data.phases,
          knowledgeGaps: gapsForMemory,
          actions: data.actions,
          now: data.now,
        },
        callOptions,
      );
      if (out.memories.length === 0) return;
      // The first memory says what the session worked on: the wrap-up screen's summary (issue 23 item 4).
      setSessionSummary(database, session.id, out.memories[0]!.text.slice(0, 4_000));
      const result = await memory.addMemories(
        out.memories.map((m, i) => ({
          id: `session-${session.id}-memory-${i + 1}`,
          text: m.text,
          sessionId: session.id,
          projectDir: session.projectDir,
          type: m.type,
          tags: m.tags,
          importance: m.importance,
        })),
      );
      if (!result.available) {
        throw new Error(`ChromaDB is unavailable: ${out.memories.length} memories were not stored`);
      }
      counts.memoriesStored = result.added;
    } catch (err) {
      fail('reflection', err);
    }
  };

  await Promise.all([dreyfus(), reflection()]);
  errors.sort((a, b) => WRAP_UP_AGENTS.indexOf(a.agent) - WRAP_UP_AGENTS.indexOf(b.agent));
  logger?.info(
    { sessionId: session.id, agents: [...agents], counts, failed: errors.map((e) => e.agent) },
    'wrap-up finished',
  );
  return { counts, errors };
}

/** Options of {@link retryWrapUp}. */
export interface RetryWrapUpOptions extends Omit<RunWrapUpOptions, 'session' | 'transcript' | 'agents'> {
  sessionId: string;
  /** Retry only this agent (even if it did not fail); default: every agent with an error on record. */
  agent?: WrapUpAgent | undefined;
}

/**
 * What `paige_retry_wrap_up` returns: `counts` are what the **retried** agents stored in this run (not totals
 * over the session); `errors` are every wrap-up error **still on record** for the session after the retry
 * (retried agents that failed again plus failed agents that were not retried); `sessionStatus` is the status
 * written (`completed` when no error remains, else `completed_with_errors`); `retried` lists the agents run
 * (empty when nothing had failed and no agent was named; the status is then left unchanged).
 */
export interface RetryWrapUpResult extends WrapUpRunResult {
  sessionId: string;
  sessionStatus: SessionStatus;
  retried: WrapUpAgent[];
}

/**
 * Re-runs the failed wrap-up agents of an ended session (or only `agent`) from its stored transcript
 * (`sessions.transcript`) and current data, then writes the session status from the errors still on record.
 * @throws {@link CoachingError} `SESSION_NOT_FOUND` for an unknown id; `SESSION_NOT_ENDED` while it is active
 * @see primary Story 9 "Recovery Mechanism"
 */
export async function retryWrapUp(options: RetryWrapUpOptions): Promise<RetryWrapUpResult> {
  const { database, sessionId } = options;
  const session = getSession(database, sessionId);
  if (!session) throw new CoachingError('SESSION_NOT_FOUND', `Session ${sessionId} does not exist.`);
  if (session.status === 'active') {
    throw new CoachingError(
      'SESSION_NOT_ENDED',
      `Session ${sessionId} is still active: end it with paige_end_session first.`,
    );
  }
  const failed = new Set(listWrapUpErrors(database, sessionId).map((e) => e.agentName));
  const retried = options.agent ? [options.agent] : WRAP_UP_AGENTS.filter((a) => failed.has(a));
  if (retried.length === 0) {
    return {
      sessionId,
      sessionStatus: session.status,
      retried: [],
      counts: { knowledgeGaps: 0, kataSpecs: 0, dreyfusUpdates: 0, memoriesStored: 0 },
      errors: [],
    };
  }
  const { counts } = await runWrapUp({
    ...options,
    session,
    transcript: session.transcript ?? '',
    agents: retried,
  });
  const remaining = listWrapUpErrors(database, sessionId);
  const latest = new Map<WrapUpAgent, string>();
  for (const e of remaining) latest.set(e.agentName, e.errorMessage);
  const errors = WRAP_UP_AGENTS.filter((a) => latest.has(a)).map((agent) => ({
    agent,
    message: latest.get(agent) ?? 'failed',
  }));
  const status: SessionStatus = errors.length > 0 ? 'completed_with_errors' : 'completed';
  const final = session.status === 'abandoned' ? session : endSession(database, { sessionId, status });
  return { sessionId, sessionStatus: final.status, retried, counts, errors };
}
