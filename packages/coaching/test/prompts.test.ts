import { describe, expect, it } from 'vitest';
import type { PromptModule } from '@paige/llm';
import {
  coachAgentModule,
  CoachAgentOutputSchema,
  dreyfusAssessmentModule,
  explainThisModule,
  issueAssessmentModule,
  knowledgeGapExtractionModule,
  learningMaterialsModule,
  managerSummaryModule,
  explainBackGradingModule,
  memoryRetrievalFilterModule,
  memorySummarisationModule,
  ObserverTriageOutputSchema,
  observerTriageModule,
  practiceReviewModule,
  prompts,
  USER_MESSAGE_LIMITS,
  WRAP_UP_AGENT_MODULES,
  workReviewModule,
} from '../src/index.js';
import type { PromptCallType } from '../src/index.js';
import {
  coachCase,
  dreyfusCase,
  explainBackCase,
  explainCase,
  gapCase,
  issueCase,
  makeActions,
  materialsCase,
  memoryFilterCase,
  memorySummaryCase,
  managerSummaryCase,
  reviewCase,
  T0,
  workReviewCase,
  triageCase,
} from './fixtures.js';
import type { ModuleCase } from './fixtures.js';

type AnyCase = ModuleCase<unknown, unknown>;
const cases: [PromptCallType, PromptModule<never, unknown>, AnyCase][] = [
  ['memory_retrieval_filter', memoryRetrievalFilterModule, memoryFilterCase as AnyCase],
  ['coach_agent', coachAgentModule, coachCase as AnyCase],
  ['knowledge_gap_extraction', knowledgeGapExtractionModule, gapCase as AnyCase],
  ['dreyfus_assessment', dreyfusAssessmentModule, dreyfusCase as AnyCase],
  ['memory_summarisation', memorySummarisationModule, memorySummaryCase as AnyCase],
  ['observer_triage', observerTriageModule, triageCase as AnyCase],
  ['explain_this', explainThisModule, explainCase as AnyCase],
  ['practice_review', practiceReviewModule, reviewCase as AnyCase],
  ['issue_assessment', issueAssessmentModule, issueCase as AnyCase],
  ['learning_materials', learningMaterialsModule, materialsCase as AnyCase],
  ['work_review', workReviewModule, workReviewCase as AnyCase],
  ['manager_summary', managerSummaryModule, managerSummaryCase as AnyCase],
  ['explain_back_grading', explainBackGradingModule, explainBackCase as AnyCase],
];

const assemble = (m: PromptModule<never, unknown>, input: unknown): string =>
  (m.assembleUserMessage as (i: unknown) => string)(input);

describe('Story 7 convention: every prompt module', () => {
  it('is registered under its callType with the model the spec names', () => {
    expect(Object.keys(prompts).sort()).toEqual(cases.map(([c]) => c).sort());
    for (const [callType, module] of cases) {
      expect(prompts[callType]).toBe(module);
      expect(module.callType).toBe(callType);
      expect(module.maxTokens).toBeGreaterThan(0);
    }
    const models = Object.fromEntries(cases.map(([c, m]) => [c, m.model]));
    expect(models).toEqual({
      memory_retrieval_filter: 'haiku',
      coach_agent: 'sonnet',
      knowledge_gap_extraction: 'sonnet',
      dreyfus_assessment: 'sonnet',
      memory_summarisation: 'haiku',
      observer_triage: 'haiku',
      explain_this: 'sonnet',
      practice_review: 'sonnet',
      issue_assessment: 'haiku',
      learning_materials: 'sonnet',
      work_review: 'sonnet',
      manager_summary: 'haiku',
      explain_back_grading: 'sonnet',
    });
    expect(WRAP_UP_AGENT_MODULES.reflection).toBe(memorySummarisationModule);
  });

  it.each(cases)('%s: the schema accepts a realistic reply', (_c, module, c) => {
    const parsed = module.responseSchema.safeParse(c.output);
    expect(parsed.error).toBeUndefined();
    expect(parsed.data).toEqual(c.output);
  });

  it.each(cases)('%s: the schema rejects a value outside the canonical enums', (_c, module, c) => {
    expect(module.responseSchema.safeParse(c.badOutput).success).toBe(false);
  });

  it.each(cases)('%s: the user message carries the key inputs', (_c, module, c) => {
    const message = assemble(module, c.input);
    for (const s of c.mustContain) expect(message).toContain(s);
  });

  it.each(cases)(
    '%s: the system prompt is static, forbids instructions from data, and demands schema enums',
    (_c, module) => {
      expect(module.systemPrompt).not.toMatch(/\{[a-z_]+\}/); // no unfilled template variables
      expect(module.systemPrompt).toMatch(/never as instructions/i);
      expect(module.systemPrompt).toMatch(/enum/i);
    },
  );
});

describe('Pedagogical commitments in the system prompts (brainstorm: scaffolding, Dreyfus, never the solution)', () => {
  const solutionRule = /never writes the solution/i;
  it('coach, gap extraction, explain and review state that Paige never writes the solution', () => {
    for (const m of [
      coachAgentModule,
      knowledgeGapExtractionModule,
      explainThisModule,
      practiceReviewModule,
    ]) {
      expect(m.systemPrompt).toMatch(solutionRule);
    }
  });
  it('every learner-facing module calibrates by Dreyfus stage: novices prescriptive, competent directional', () => {
    for (const m of [
      coachAgentModule,
      explainThisModule,
      practiceReviewModule,
      issueAssessmentModule,
      learningMaterialsModule,
      dreyfusAssessmentModule,
    ]) {
      expect(m.systemPrompt).toMatch(/novice: prescriptive/);
      expect(m.systemPrompt).toMatch(/competent: directional/);
      for (const stage of ['novice', 'advanced_beginner', 'competent', 'proficient', 'expert'])
        expect(m.systemPrompt).toContain(stage);
    }
  });
  it('the coach applies decomposition, fading, productive failure and the circuit breaker', () => {
    for (const word of [/Decomposition/, /fading/i, /Productive failure/i, /reframe/i, /lateral move/i])
      expect(coachAgentModule.systemPrompt).toMatch(word);
  });
  it('the triage prompt is conservative and lists exactly the canonical NudgeSignal values', () => {
    expect(observerTriageModule.systemPrompt).toMatch(/when unsure, do not nudge/i);
    for (const s of [
      'stuck_on_implementation',
      'wrong_file',
      'scope_drift',
      'idle',
      'phase_complete',
      'edit_loop',
      'no_nudge',
    ]) {
      expect(observerTriageModule.systemPrompt).toContain(`- ${s}:`);
    }
  });
  it('explain-this differs by stage as Story 11 AS-2/AS-3 asks: analogies for novices, trade-offs for experts', () => {
    expect(explainThisModule.systemPrompt).toMatch(/novice and advanced_beginner:[^\n]*analogy/);
    expect(explainThisModule.systemPrompt).toMatch(/proficient and expert:[^\n]*trade-offs/);
  });
  it('learning materials may only cite URLs the search returned', () => {
    expect(learningMaterialsModule.systemPrompt).toMatch(/copied exactly from a web_search result/);
  });
});

describe('Issue 8 item 4: input size bounds', () => {
  const huge = makeActions(10_000);
  const longText = 'x'.repeat(300_000);
  const bigInputs: Record<PromptCallType, unknown> = {
    memory_retrieval_filter: {
      ...memoryFilterCase.input,
      planText: longText,
      candidates: Array.from({ length: 200 }, (_, i) => ({ id: `m${i}`, text: longText.slice(0, 5_000) })),
    },
    coach_agent: {
      ...coachCase.input,
      planText: longText,
      issueSummary: longText,
      dreyfusAssessments: Array.from({ length: 500 }, (_, i) => ({
        skillArea: `area ${i}`,
        stage: 'novice',
        confidence: 0.5,
      })),
      relevantMemories: Array.from({ length: 100 }, () => ({
        content: longText.slice(0, 2_000),
        connection: 'c',
        useInCoaching: 'u',
      })),
    },
    knowledge_gap_extraction: {
      ...gapCase.input,
      actions: huge,
      sessionTranscript: longText,
      phases: Array.from({ length: 300 }, (_, i) => ({
        number: i + 1,
        title: `phase ${i}`,
        status: 'complete',
        startedAt: T0,
        completedAt: T0 + 1_000,
      })),
      progressEvents: Array.from({ length: 5_000 }, (_, i) => ({
        eventType: 'hint_used',
        phaseNumber: i % 7,
        createdAt: T0 + i,
      })),
      existingGaps: Array.from({ length: 1_000 }, (_, i) => ({
        topic: `gap ${i}`,
        severity: 'low',
        frequency: i,
      })),
    },
    dreyfus_assessment: {
      ...dreyfusCase.input,
      actions: huge,
      sessionTranscript: longText,
      currentAssessments: Array.from({ length: 500 }, (_, i) => ({
        skillArea: `area ${i}`,
        stage: 'novice',
        confidence: 0.5,
      })),
      progressEvents: Array.from({ length: 5_000 }, (_, i) => ({
        eventType: 'hint_used',
        phaseNumber: i % 7,
        createdAt: T0 + i,
      })),
    },
    memory_summarisation: {
      ...memorySummaryCase.input,
      actions: huge,
      sessionTranscript: longText,
      issueTitle: longText,
    },
    observer_triage: {
      ...triageCase.input,
      recent_actions: huge.map((a) => ({ type: a.type, path: longText.slice(0, 500), ago: '1s ago' })),
      current_phase: {
        number: 1,
        title: longText.slice(0, 2_000),
        description: longText,
        expected_files: Array.from({ length: 1_000 }, (_, i) => `src/f${i}.ts`),
      },
    },
    explain_this: { ...explainCase.input, selectedText: longText, surroundingContext: longText },
    practice_review: {
      ...reviewCase.input,
      code: longText,
      previousAttempts: Array.from({ length: 100 }, () => ({
        code: longText.slice(0, 20_000),
        review: longText.slice(0, 5_000),
        level: 3,
        passed: false,
      })),
    },
    issue_assessment: {
      ...issueCase.input,
      issues: Array.from({ length: 500 }, (_, i) => ({
        ...issueCase.input.issues[0],
        number: i + 1,
        body: longText.slice(0, 20_000),
      })),
      memories: Array.from({ length: 100 }, () => ({ content: longText.slice(0, 3_000) })),
    },
    explain_back_grading: {
      ...explainBackCase.input,
      prompt: longText,
      explanation: longText,
      rubric: Array.from({ length: 10 }, () => longText.slice(0, 500)),
    },
    learning_materials: {
      ...materialsCase.input,
      gaps: Array.from({ length: 100 }, (_, i) => ({
        topic: `gap ${i} ${longText.slice(0, 1_000)}`,
        severity: 'high',
      })),
      kataTitles: Array.from({ length: 1_000 }, (_, i) => `kata ${i}`),
    },
    work_review: {
      ...workReviewCase.input,
      files: Array.from({ length: 20 }, (_, i) => ({ path: `src/f${i}.ts`, content: longText })),
      diffs: [{ path: 'src/f0.ts', diff: longText }],
      phase: { number: 1, title: longText.slice(0, 2_000), description: longText },
    },
    manager_summary: {
      ...managerSummaryCase.input,
      summary: longText,
      phases: Array.from({ length: 300 }, (_, i) => ({
        number: i + 1,
        title: longText.slice(0, 500),
        status: 'complete',
      })),
      knowledgeGaps: Array.from({ length: 300 }, () => longText.slice(0, 500)),
    },
  };

  it.each(cases)(
    '%s: stays within its documented bound for a session with 10,000 actions and huge texts',
    (callType, module) => {
      const message = assemble(module, bigInputs[callType]);
      expect(message.length).toBeLessThanOrEqual(USER_MESSAGE_LIMITS[callType]);
      expect(message.length).toBeGreaterThan(USER_MESSAGE_LIMITS[callType] / 10);
    },
  );

  it('the wrap-up agents see the newest actions of a 10,000-action session and a stated omission', () => {
    for (const module of [knowledgeGapExtractionModule, dreyfusAssessmentModule]) {
      const message = assemble(module, bigInputs[module.callType as PromptCallType]);
      expect(message).toContain('10000 actions');
      expect(message).toMatch(/earlier actions omitted \(oldest first\)/);
      expect(message).toContain('phase_completed phaseNumber=3'); // the newest action survives
      expect(message).toContain('buffer_update 3750'); // counts still cover all 10,000
    }
  });
});

describe('Schema rules beyond enums', () => {
  it('coach: a line hint must not end before it starts, and file hints cannot use line styles', () => {
    const phase = coachCase.output.phases[0];
    if (!phase) throw new Error('fixture');
    const withHint = (hint: unknown): unknown => ({
      ...coachCase.output,
      phases: [{ ...phase, hints: [hint] }],
    });
    expect(
      CoachAgentOutputSchema.safeParse(
        withHint({ type: 'line', path: 'a.ts', startLine: 9, endLine: 3, style: 'hint', hoverText: 'h' }),
      ).success,
    ).toBe(false);
    expect(
      CoachAgentOutputSchema.safeParse(
        withHint({ type: 'file', path: 'a.ts', style: 'hint', hoverText: null }),
      ).success,
    ).toBe(false);
    expect(
      CoachAgentOutputSchema.safeParse({ ...coachCase.output, phases: [{ ...phase, number: 2 }] }).success,
    ).toBe(false);
  });
  it('triage: should_nudge true with signal no_nudge is rejected; suggested_context may be absent', () => {
    expect(
      ObserverTriageOutputSchema.safeParse({
        should_nudge: true,
        confidence: 0.9,
        signal: 'no_nudge',
        reasoning: 'r',
      }).success,
    ).toBe(false);
    expect(
      ObserverTriageOutputSchema.safeParse({
        should_nudge: false,
        confidence: 0.2,
        signal: 'no_nudge',
        reasoning: 'r',
      }).success,
    ).toBe(true);
    expect(
      ObserverTriageOutputSchema.safeParse({
        should_nudge: false,
        confidence: 1.2,
        signal: 'no_nudge',
        reasoning: 'r',
      }).success,
    ).toBe(false);
  });
});

describe('Story 10: observer triage snapshot rendering', () => {
  it('keeps the newest of many recent actions (oldest first), accepts "never", and shows collapsed counts', () => {
    const recent = Array.from({ length: 60 }, (_, i) => ({
      type: 'buffer_update',
      path: `src/file-${i}.ts`,
      ago: `${60 - i}s`,
      count: 2,
    }));
    const message = observerTriageModule.assembleUserMessage({
      ...triageCase.input,
      recent_actions: recent,
      time_since_last_save: 'never',
    });
    expect(message).toContain('1s ago: buffer_update src/file-59.ts ×2\n</recent_actions_oldest_first>');
    expect(message).not.toContain('src/file-39.ts'); // only the last 20 are used
    expect(message).toContain('time_since_last_save: no save yet this session');
  });
});
