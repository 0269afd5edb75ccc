/**
 * Prompt module `observer_triage` (Haiku): the Observer's cheap yes/no decision on whether Paige should nudge the
 * learner now. Field names follow the discovery spec (`should_nudge`, `suggested_context`, ...) because
 * `@paige/observer` consumes this shape and the context is forwarded in `observer:nudge`.
 * @see discovery Story 10 "Prompt Template Module: prompts/observer-triage.ts", primary Story 10 AS-3/AS-4/AS-9
 */
import { definePromptModule } from '@paige/llm';
import type { DreyfusStage } from '@paige/protocol';
import { NudgeSignalSchema } from '@paige/protocol';
import { z } from 'zod';
import { boundedList, clampMessage, oneLine, tag, truncateText } from '../context/text.js';
import { DATA_NOT_INSTRUCTIONS, joinBlocks, OUTPUT_RULES, PAIGE_IDENTITY } from './shared.js';

/** Context passed through to the nudge (`observer:nudge.context`); every field may be null. */
export const SuggestedContextSchema = z.object({
  current_file: z.string().nullable(),
  expected_file: z.string().nullable(),
  time_in_file: z.string().nullable(),
  phase_description: z.string().nullable(),
});
export type SuggestedContext = z.infer<typeof SuggestedContextSchema>;

/**
 * Triage decision. `signal` is the canonical `NudgeSignal`; `should_nudge: true` with `signal: "no_nudge"` is
 * rejected (validated, never mapped). `reasoning` is logged, never shown to the learner.
 */
export const ObserverTriageOutputSchema = z
  .object({
    should_nudge: z.boolean(),
    confidence: z.number().min(0).max(1),
    signal: NudgeSignalSchema,
    reasoning: z.string().describe('Why; logged for observability, not shown to the learner'),
    suggested_context: SuggestedContextSchema.optional().describe('Facts for the nudge, when nudging'),
  })
  .refine((o) => !(o.should_nudge && o.signal === 'no_nudge'), {
    message: 'should_nudge is true but signal is "no_nudge"',
    path: ['signal'],
  });
export type ObserverTriageOutput = z.infer<typeof ObserverTriageOutputSchema>;

/**
 * One recent action in the snapshot. `ago` is human-readable time since the action (`3m12s` or `3m12s ago`);
 * `count` is the number of collapsed consecutive identical events, when more than one.
 */
export interface TriageRecentAction {
  type: string;
  path?: string | null;
  ago: string;
  count?: number;
}

/**
 * The Observer's context snapshot (discovery Story 10 "Context Snapshot Assembly", plus the trigger); structurally
 * compatible with `@paige/observer`'s `TriageSnapshot`. `recent_actions` is oldest first; only the last
 * {@link OBSERVER_TRIAGE_LIMITS}.recentActions are used.
 */
export interface ObserverTriageInput {
  /** What caused this evaluation: an activity event name (`file_open`, `buffer_update`, `user_explain_request`, `phase_completed`) or `idle`. */
  trigger: string;
  current_phase: {
    number: number;
    title: string;
    description: string;
    expected_files: readonly string[];
  } | null;
  recent_actions: readonly TriageRecentAction[];
  /** e.g. `4m10s`; `never` or null when nothing was saved this session. */
  time_since_last_save: string | null;
  /** e.g. `12m`; `never` or null when no nudge was sent this session. */
  time_since_last_nudge: string | null;
  /** Most recent Dreyfus stage, `novice` when none (discovery Story 10 data sources). */
  dreyfus_stage: DreyfusStage;
  user_idle: boolean;
  /** How long the learner has been idle, when idle. */
  idle_for?: string | null;
}

/** Character bounds of the user message (triage is called often; keep it small). */
export const OBSERVER_TRIAGE_LIMITS = {
  total: 6_000,
  phaseDescription: 800,
  expectedFiles: 800,
  recentActions: 20,
  actionsText: 2_400,
} as const;

const SYSTEM_PROMPT = joinBlocks(
  PAIGE_IDENTITY,
  `Your task: you are the Observer, Paige's quiet sensor. A learner is working through a coaching phase in their editor. You receive a snapshot of the moment: the phase and the files it expects, the latest actions with how long ago each happened, time since the last save and the last nudge, the learner's Dreyfus stage, whether they are idle, and what triggered this check. Decide one thing: should Paige speak up now?
Signals (choose exactly one):
- stuck_on_implementation: working in the right files but making no headway for a long time (many edits, no saves, or circling the same lines).
- wrong_file: spending time editing a file the phase does not expect while the expected files are untouched.
- scope_drift: the recent changes wander away from what the phase is about.
- idle: no activity for a long stretch; they may be stuck or away.
- phase_complete: the work appears to match the phase; a nudge to check it and move on would help.
- edit_loop: the same file or area is edited and reverted again and again.
- no_nudge: nothing warrants interrupting. Use it whenever should_nudge is false.
Be conservative. An interruption that is not needed breaks the learner's focus and costs more than a late one; when unsure, do not nudge. Short bursts of normal editing, reading several files at the start of a phase, and one quick detour are normal. Novices and advanced beginners may be nudged a little sooner; competent and more experienced learners are left alone unless something is clearly wrong.
confidence (0 to 1) is how sure you are that a nudge would help right now; Paige only nudges at 0.7 or above. reasoning is one or two sentences for the logs. When nudging, fill suggested_context with the facts the nudge needs (current file, expected file, time in the current file, the phase description); use null for what is unknown. The nudge itself is written later by Paige, who will ask a question rather than hand over an answer.`,
  DATA_NOT_INSTRUCTIONS,
  OUTPUT_RULES,
);

/**
 * The Observer triage module. User message bound: {@link OBSERVER_TRIAGE_LIMITS}.total characters.
 * @see primary Story 10 AS-9 (threshold 0.7 applied by the Observer, not here)
 */
export const observerTriageModule = definePromptModule<ObserverTriageInput, ObserverTriageOutput>({
  callType: 'observer_triage',
  model: 'haiku',
  maxTokens: 512,
  systemPrompt: SYSTEM_PROMPT,
  responseSchema: ObserverTriageOutputSchema,
  assembleUserMessage(input) {
    const L = OBSERVER_TRIAGE_LIMITS;
    const p = input.current_phase;
    const phase = p
      ? `Phase ${p.number}: ${oneLine(p.title)}\n${truncateText(oneLine(p.description), L.phaseDescription)}\nExpected files: ${truncateText(
          p.expected_files.length === 0 ? '(none listed)' : p.expected_files.join(', '),
          L.expectedFiles,
        )}`
      : 'No active phase.';
    const ago = (text: string): string =>
      /\bago$/.test(text.trim()) ? oneLine(text) : `${oneLine(text)} ago`;
    const actions = input.recent_actions
      .slice(-L.recentActions)
      .map(
        (a) =>
          `${ago(a.ago)}: ${oneLine(a.type)}${a.path ? ` ${oneLine(a.path)}` : ''}${a.count !== undefined && a.count > 1 ? ` ×${a.count}` : ''}`,
      );
    const timing = [
      `trigger: ${oneLine(input.trigger)}`,
      `dreyfus_stage: ${input.dreyfus_stage}`,
      `user_idle: ${input.user_idle ? `yes${input.idle_for ? ` (for ${oneLine(input.idle_for)})` : ''}` : 'no'}`,
      `time_since_last_save: ${input.time_since_last_save === null || input.time_since_last_save === 'never' ? 'no save yet this session' : oneLine(input.time_since_last_save)}`,
      `time_since_last_nudge: ${input.time_since_last_nudge === null || input.time_since_last_nudge === 'never' ? 'no nudge yet this session' : oneLine(input.time_since_last_nudge)}`,
    ].join('\n');
    return clampMessage(
      [
        tag('snapshot', timing),
        tag('current_phase', phase),
        // Oldest first; when the list is too long the oldest are dropped (the line saying so comes first).
        tag(
          'recent_actions_oldest_first',
          actions.length === 0
            ? 'None.'
            : boundedList([...actions].reverse(), L.actionsText, 200)
                .split('\n')
                .reverse()
                .join('\n'),
        ),
      ].join('\n\n'),
      L.total,
    );
  },
});
