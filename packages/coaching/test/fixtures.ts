/** Realistic inputs and replies for every prompt module, shared by the tests. */
import type { ActionRecord } from '../src/context/actions.js';
import type {
  CoachAgentInput,
  CoachAgentOutput,
  DreyfusAssessmentInput,
  DreyfusAssessmentOutput,
  ExplainBackGradingInput,
  ExplainBackGradingOutput,
  ExplainThisInput,
  ExplainThisOutput,
  IssueAssessmentInput,
  IssueAssessmentOutput,
  KnowledgeGapExtractionInput,
  KnowledgeGapExtractionOutput,
  LearningMaterialsInput,
  LearningMaterialsOutput,
  MemoryRetrievalFilterInput,
  MemoryRetrievalFilterOutput,
  MemorySummarisationInput,
  MemorySummarisationOutput,
  ObserverTriageInput,
  ObserverTriageOutput,
  PracticeReviewInput,
  PracticeReviewOutput,
} from '../src/index.js';
import type { GhIssue } from '../src/gh.js';
import type { ManagerSummaryOutput, WorkReviewInput, WorkReviewOutput } from '../src/prompts/index.js';
import type { ManagerSummaryFacts } from '../src/wrap-up-report.js';

export const T0 = Date.parse('2026-02-11T10:00:00.000Z');

const PATHS = ['src/handlers/oauth.ts', 'src/middleware/auth.ts', 'src/utils/token.ts', 'test/oauth.test.ts'];
const TYPES = [
  'buffer_update',
  'buffer_update',
  'buffer_update',
  'file_open',
  'file_save',
  'editor_tab_switch',
  'selection',
  'mcp_tool_call',
];

/** `n` actions, one every 3 s from T0, cycling through types and paths; the last one is a distinctive marker. */
export function makeActions(n: number): ActionRecord[] {
  const actions: ActionRecord[] = [];
  for (let i = 0; i < n; i += 1) {
    const type = TYPES[i % TYPES.length] ?? 'file_open';
    actions.push({
      type,
      createdAt: new Date(T0 + i * 3_000).toISOString(),
      data: { path: PATHS[i % PATHS.length] ?? 'a.ts' },
    });
  }
  if (n > 0)
    actions[n - 1] = {
      type: 'phase_completed',
      createdAt: new Date(T0 + (n - 1) * 3_000).toISOString(),
      data: { phaseNumber: 3 },
    };
  return actions;
}

export const PLAN_TEXT = `## Plan: fix the OAuth callback race condition (#42)
1. Read src/handlers/oauth.ts lines 38-52: handleCallback starts a timer but never clears it.
2. Add cleanup to the effect in src/components/LoginCallback.tsx (lines 12-30).
3. Extend test/oauth.test.ts with a test that unmounts during the token exchange.`;

export const PHASES = [
  {
    number: 1,
    title: 'Find the callback handler',
    status: 'complete',
    hintLevel: 'high',
    startedAt: T0,
    completedAt: T0 + 8 * 60_000,
  },
  {
    number: 2,
    title: 'Add the cleanup',
    status: 'complete',
    hintLevel: 'medium',
    startedAt: T0 + 8 * 60_000,
    completedAt: T0 + 32 * 60_000,
  },
  {
    number: 3,
    title: 'Test the unmount path',
    status: 'active',
    hintLevel: 'medium',
    startedAt: T0 + 32 * 60_000,
  },
];

export const PROGRESS_EVENTS = [
  { eventType: 'hint_used', phaseNumber: 2, createdAt: T0 + 10 * 60_000 },
  { eventType: 'hint_escalated', phaseNumber: 2, createdAt: T0 + 18 * 60_000 },
  { eventType: 'hint_escalated', phaseNumber: 2, createdAt: T0 + 25 * 60_000 },
  { eventType: 'review_requested', phaseNumber: 2, createdAt: T0 + 30 * 60_000 },
];

export const ASSESSMENTS = [
  { skillArea: 'React state management', stage: 'advanced_beginner' as const, confidence: 0.7 },
  { skillArea: 'debugging', stage: 'novice' as const, confidence: 0.8 },
];

export const TRANSCRIPT = `User: why does the timer still fire after I navigate away?
Paige: What happens to a timer when the component that started it goes away? Look at what the effect returns.
User: oh, it returns nothing. So I need a cleanup function that clears it?
Paige: That's the idea. Where would you keep the timer id so the cleanup can see it?`;

export const ISSUES: GhIssue[] = [
  {
    number: 42,
    title: 'OAuth callback race condition',
    body: 'Navigating away during login leaves a timer running that later calls setState on an unmounted component.',
    labels: ['bug', 'good first issue'],
    url: 'https://github.com/acme/web/issues/42',
    updatedAt: '2026-02-10T09:00:00Z',
    author: 'maintainer',
    comments: [
      { author: 'junior-dev', body: 'I can reproduce this on Firefox.', createdAt: '2026-02-10T10:00:00Z' },
    ],
    assignees: ['junior-dev'],
  },
  {
    number: 37,
    title: 'Refactor database connection pooling',
    body: 'Pool exhaustion under load; investigate pool configuration.',
    labels: ['performance'],
    url: 'https://github.com/acme/web/issues/37',
    updatedAt: '2026-02-01T09:00:00Z',
    author: 'lead',
    comments: [],
    assignees: [],
  },
];

export interface ModuleCase<I, O> {
  input: I;
  output: O;
  /** Strings the assembled user message must contain. */
  mustContain: string[];
  /** An output with one enum value out of the canonical list, and what it broke. */
  badOutput: unknown;
}

export const memoryFilterCase: ModuleCase<MemoryRetrievalFilterInput, MemoryRetrievalFilterOutput> = {
  input: {
    issueSummary: 'OAuth callback race condition: timer not cleared on unmount',
    planText: PLAN_TEXT,
    candidates: [
      {
        id: 'm1',
        text: 'Fixed a missing useEffect cleanup in UserProfile; struggled with ref-based cleanup.',
        metadata: { session_id: 's1', type: 'struggled_with' },
      },
      {
        id: 'm2',
        text: 'Set up OAuth redirect URIs in the dashboard config.',
        metadata: { session_id: 's2', type: 'worked_on' },
      },
    ],
  },
  output: {
    relevantMemories: [
      {
        memoryId: 'm1',
        content: 'Fixed a missing useEffect cleanup in UserProfile',
        relevance: 'direct',
        connection: 'Same missing-cleanup pattern.',
        useInCoaching: 'Recall it in phase 1.',
      },
    ],
    discarded: [{ memoryId: 'm2', reason: 'OAuth-adjacent but about configuration, not cleanup.' }],
  },
  mustContain: ['OAuth callback race condition', 'handleCallback', '[m1]', 'UserProfile', 'redirect URIs'],
  badOutput: {
    relevantMemories: [
      { memoryId: 'm1', content: 'x', relevance: 'very_relevant', connection: 'c', useInCoaching: 'u' },
    ],
    discarded: [],
  },
};

export const coachCase: ModuleCase<CoachAgentInput, CoachAgentOutput> = {
  input: {
    planText: PLAN_TEXT,
    issueSummary: 'Timer in the OAuth callback is not cleared when the user navigates away.',
    issueNumber: 42,
    dreyfusAssessments: ASSESSMENTS,
    relevantMemories: [
      {
        content: 'Fixed a missing useEffect cleanup in UserProfile',
        connection: 'Same pattern',
        useInCoaching: 'Recall it',
      },
    ],
  },
  output: {
    phases: [
      {
        number: 1,
        title: 'Find and understand the OAuth callback handler',
        description:
          'Start by reading how the callback handler runs. Notice what it starts and ask yourself who stops it.',
        expectedFiles: ['src/handlers/oauth.ts'],
        hintLevel: 'high',
        hints: [
          { type: 'file', path: 'src/handlers/oauth.ts', style: 'required', hoverText: null },
          {
            type: 'line',
            path: 'src/handlers/oauth.ts',
            startLine: 38,
            endLine: 52,
            style: 'hint',
            hoverText: 'What starts here, and what stops it?',
          },
        ],
        knowledgeGapOpportunities: ['useEffect cleanup'],
      },
      {
        number: 2,
        title: 'Add the cleanup',
        description: 'Make the effect clean up after itself.',
        expectedFiles: ['src/components/LoginCallback.tsx'],
        hintLevel: 'medium',
        hints: [
          {
            type: 'file',
            path: 'src/components/LoginCallback.tsx',
            style: 'suggested',
            hoverText: 'Look at what the effect returns.',
          },
        ],
        knowledgeGapOpportunities: ['stale closures'],
      },
    ],
    memoryConnection: 'Similar to the missing cleanup you fixed in UserProfile.',
    estimatedDifficulty: 'intermediate',
  },
  mustContain: [
    'Issue #42',
    'React state management: advanced_beginner',
    'debugging: novice',
    'UserProfile',
    'handleCallback',
    'test/oauth.test.ts',
  ],
  badOutput: {
    phases: [
      {
        number: 1,
        title: 't',
        description: 'd',
        expectedFiles: [],
        hintLevel: 'line',
        hints: [],
        knowledgeGapOpportunities: [],
      },
    ],
    memoryConnection: null,
    estimatedDifficulty: 'intermediate',
  },
};

export const gapCase: ModuleCase<KnowledgeGapExtractionInput, KnowledgeGapExtractionOutput> = {
  input: {
    issueTitle: 'OAuth callback race condition',
    dreyfusStage: 'advanced_beginner',
    actions: makeActions(120),
    phases: PHASES,
    progressEvents: PROGRESS_EVENTS,
    existingGaps: [{ topic: 'async error handling', severity: 'medium', frequency: 2, addressed: false }],
    sessionTranscript: TRANSCRIPT,
    now: T0 + 40 * 60_000,
  },
  output: {
    knowledgeGaps: [
      {
        topic: 'useEffect cleanup functions',
        severity: 'high',
        evidence: 'Phase 2 took 24 minutes with two hint escalations.',
        relatedConcepts: ['React lifecycle', 'memory leaks'],
      },
    ],
    addressedGaps: [],
    katas: [
      {
        gapTopic: 'useEffect cleanup functions',
        title: 'Cleanup Timer in useEffect',
        description: 'Write a component that starts a timer on mount and stops it on unmount.',
        scaffoldingCode: 'function Timer() {\n  // your code\n}',
        instructorNotes: 'A good solution returns a cleanup that clears the interval.',
        testCases: ['timer starts on mount', 'timer clears on unmount'],
        constraints: [
          { title: 'Use a ref', description: 'Keep the id in a ref.', minLevel: 3 },
          {
            title: 'Cancellable fetch',
            description: 'Also cancel a fetch with AbortController.',
            minLevel: 6,
          },
        ],
      },
    ],
    sessionSummary: { phasesCompleted: 2, totalTimeMinutes: 40, hintsUsed: 3, independentCompletions: 1 },
  },
  mustContain: [
    'OAuth callback race condition',
    'Phase 2 "Add the cleanup" — complete in 24m',
    'hint_escalated 2',
    'async error handling',
    'phase_completed',
    'timer still fire',
  ],
  badOutput: {
    knowledgeGaps: [{ topic: 't', severity: 'critical', evidence: 'e', relatedConcepts: [] }],
    katas: [],
    sessionSummary: { phasesCompleted: 0, totalTimeMinutes: 0, hintsUsed: 0, independentCompletions: 0 },
  },
};

export const dreyfusCase: ModuleCase<DreyfusAssessmentInput, DreyfusAssessmentOutput> = {
  input: {
    issueTitle: 'OAuth callback race condition',
    currentAssessments: ASSESSMENTS,
    accumulatedEvidence: [
      { skillArea: 'React state management', sessions: 4, hintTrend: 'decreasing', completionRate: 0.8 },
    ],
    sessionSummary: { phasesCompleted: 2, totalTimeMinutes: 40, hintsUsed: 3, independentCompletions: 1 },
    sessionGapTopics: ['useEffect cleanup functions'],
    phases: PHASES,
    progressEvents: PROGRESS_EVENTS,
    actions: makeActions(200),
    sessionTranscript: TRANSCRIPT,
  },
  output: {
    assessments: [
      {
        skillArea: 'React state management',
        stage: 'competent',
        previousStage: 'advanced_beginner',
        confidence: 0.65,
        evidence: 'Completed phase 1 without hints; hint use falling across 4 sessions.',
        recommendation: 'Move from pattern pointers to stating objectives.',
      },
    ],
  },
  mustContain: [
    'React state management: advanced_beginner',
    '4 sessions, hint trend decreasing, completion 80%',
    'hints used 3',
    'useEffect cleanup functions',
    'Counts by type',
  ],
  badOutput: {
    assessments: [
      {
        skillArea: 's',
        stage: 'Advanced Beginner',
        previousStage: null,
        confidence: 0.5,
        evidence: 'e',
        recommendation: 'r',
      },
    ],
  },
};

export const memorySummaryCase: ModuleCase<MemorySummarisationInput, MemorySummarisationOutput> = {
  input: {
    issueTitle: 'OAuth callback race condition',
    sessionTranscript: TRANSCRIPT,
    phases: PHASES,
    knowledgeGaps: [{ topic: 'useEffect cleanup functions', severity: 'high' }],
  },
  output: {
    memories: [
      {
        text: 'The learner fixed the OAuth callback race condition by adding an effect cleanup, after two hint escalations.',
        type: 'worked_on',
        tags: ['oauth', 'useeffect', 'cleanup'],
        importance: 'high',
      },
      {
        text: 'The learner found the callback handler without hints.',
        type: 'demonstrated',
        tags: ['navigation'],
        importance: 'medium',
      },
    ],
  },
  mustContain: [
    'OAuth callback race condition',
    'Find the callback handler',
    'useEffect cleanup functions (high)',
    'timer still fire',
  ],
  badOutput: { memories: [{ text: 't', type: 'worked_on', tags: [], importance: 'critical' }] },
};

export const triageCase: ModuleCase<ObserverTriageInput, ObserverTriageOutput> = {
  input: {
    trigger: 'file_open',
    current_phase: {
      number: 1,
      title: 'Find and understand the OAuth callback handler',
      description: 'Read how the callback handler runs.',
      expected_files: ['src/handlers/oauth.ts'],
    },
    recent_actions: [
      { type: 'buffer_update', path: 'src/middleware/auth.ts', ago: '3m12s', count: 4 },
      { type: 'file_open', path: 'src/middleware/auth.ts', ago: '5s ago' },
    ],
    time_since_last_save: '6m',
    time_since_last_nudge: null,
    dreyfus_stage: 'novice',
    user_idle: false,
  },
  output: {
    should_nudge: true,
    confidence: 0.82,
    signal: 'wrong_file',
    reasoning: 'Editing middleware for 3 minutes while the phase expects the handler.',
    suggested_context: {
      current_file: 'src/middleware/auth.ts',
      expected_file: 'src/handlers/oauth.ts',
      time_in_file: '3m12s',
      phase_description: 'Read how the callback handler runs.',
    },
  },
  mustContain: [
    'trigger: file_open',
    'dreyfus_stage: novice',
    'Expected files: src/handlers/oauth.ts',
    '3m12s ago: buffer_update src/middleware/auth.ts ×4\n5s ago: file_open',
    'no nudge yet',
  ],
  badOutput: { should_nudge: true, confidence: 0.9, signal: 'stuck', reasoning: 'r' },
};

export const explainCase: ModuleCase<ExplainThisInput, ExplainThisOutput> = {
  input: {
    path: 'src/handlers/oauth.ts',
    language: 'typescript',
    selectedText: 'const timer = setTimeout(() => exchangeToken(code), 500);',
    surroundingContext:
      'import { exchangeToken } from "../utils/token";\nexport function handleCallback(code: string) {\n  const timer = setTimeout(() => exchangeToken(code), 500);\n}',
    selection: { startLine: 3, startColumn: 3, endLine: 3, endColumn: 60 },
    dreyfusStage: 'novice',
    skillArea: 'React state management',
    phase: {
      number: 1,
      title: 'Find and understand the OAuth callback handler',
      description: 'Read how the callback handler runs.',
    },
  },
  output: {
    explanation: 'This line schedules the token exchange to run half a second later.',
    keyConcepts: ['setTimeout', 'closures'],
    analogy: 'Like setting a kitchen timer: it rings later even if you left the room.',
    relatedFiles: ['src/utils/token.ts'],
    phaseConnection: 'This is the timer phase 1 asks you to find.',
  },
  mustContain: [
    'dreyfus_stage: novice',
    'src/handlers/oauth.ts (typescript) lines 3:3-3:60',
    'Phase 1: Find and understand',
    'setTimeout(() => exchangeToken(code), 500)',
    'import { exchangeToken }',
  ],
  badOutput: { explanation: 'e', keyConcepts: [], analogy: null, relatedFiles: null },
};

export const reviewCase: ModuleCase<PracticeReviewInput, PracticeReviewOutput> = {
  input: {
    kata: {
      title: 'Cleanup Timer in useEffect',
      description: 'Write a component that starts a timer on mount and stops it on unmount.',
      instructorNotes: 'A good solution returns a cleanup that clears the interval.',
      testCases: ['timer clears on unmount'],
    },
    activeConstraints: [{ title: 'Use a ref', description: 'Keep the id in a ref.', minLevel: 3 }],
    code: 'function Timer() { useEffect(() => { const id = setInterval(tick, 1000); return () => clearInterval(id); }, []); }',
    previousAttempts: [
      {
        code: 'function Timer() { useEffect(() => { setInterval(tick, 1000); }, []); }',
        review: 'The interval is never cleared.',
        level: 2,
        passed: false,
      },
    ],
    dreyfusStage: 'advanced_beginner',
  },
  output: {
    review: 'The cleanup now clears the interval.',
    correct: true,
    level: 5,
    passed: true,
    followUp: {
      type: 'constraint_escalation',
      constraint: 'Pause the timer while the tab is hidden',
      reason: 'Visibility is the next edge case',
    },
    dreyfusSignal: 'advancing',
    suggestions: ['What happens if tick changes between renders?'],
  },
  mustContain: [
    'dreyfus_stage: advanced_beginner',
    'Cleanup Timer in useEffect',
    'clears the interval',
    'Use a ref: Keep the id in a ref.',
    'Attempt 1: level 2, not passed',
    'clearInterval(id)',
  ],
  badOutput: {
    review: 'r',
    correct: true,
    level: 11,
    passed: true,
    followUp: null,
    dreyfusSignal: 'stable',
    suggestions: [],
  },
};

export const explainBackCase: ModuleCase<ExplainBackGradingInput, ExplainBackGradingOutput> = {
  input: {
    title: 'Explain useEffect cleanup',
    prompt: 'Explain in your own words when the cleanup function of useEffect runs and why it matters.',
    rubric: [
      'Says the cleanup runs before the effect runs again and on unmount',
      'Says why: to stop timers or subscriptions that would leak',
    ],
    explanation: 'The cleanup runs when the component goes away, so timers stop.',
    dreyfusStage: 'novice',
  },
  output: {
    criteria: [
      {
        criterion: 'Says the cleanup runs before the effect runs again and on unmount',
        met: false,
        note: 'Unmount is there; the re-run case is missing.',
      },
      {
        criterion: 'Says why: to stop timers or subscriptions that would leak',
        met: true,
        note: 'Timers stop.',
      },
    ],
    passed: false,
    feedback: 'You have the unmount case. What happens when a dependency changes?',
  },
  mustContain: [
    'dreyfus_stage: novice',
    'Explain useEffect cleanup',
    '1. Says the cleanup runs',
    'timers stop',
  ],
  badOutput: { criteria: [], passed: 'maybe', feedback: 'x' },
};

export const issueCase: ModuleCase<IssueAssessmentInput, IssueAssessmentOutput> = {
  input: {
    issues: ISSUES,
    dreyfusAssessments: ASSESSMENTS,
    knowledgeGaps: [{ topic: 'useEffect cleanup functions', severity: 'high' }],
    recentSessions: [{ issueTitle: 'UserProfile stale state', completedAt: '2026-02-04T12:00:00Z' }],
    memories: [{ content: 'Fixed a missing useEffect cleanup in UserProfile.' }],
    githubLogin: 'junior-dev',
  },
  output: {
    issues: [
      {
        number: 42,
        summary: 'A timer outlives the login screen; you will make it clean up after itself.',
        suitability: 'good_fit',
        suitabilityReason: 'Matches the cleanup pattern you practised.',
        estimatedDifficulty: 'intermediate',
        relevantSkills: ['React lifecycle'],
        priorityScore: 0.92,
        priorityFactors: {
          userTagged: true,
          similarToRecentWork: true,
          addressesKnowledgeGap: true,
          teamUrgency: 'medium',
        },
        learningOpportunities: ['race conditions'],
      },
    ],
  },
  mustContain: [
    '#42 OAuth callback race condition',
    '[involves the learner]',
    '#37 Refactor database connection pooling',
    'useEffect cleanup functions (high)',
    'UserProfile stale state',
    'I can reproduce this',
  ],
  badOutput: {
    issues: [
      {
        number: 42,
        summary: 's',
        suitability: 'perfect',
        suitabilityReason: 'r',
        estimatedDifficulty: 'intermediate',
        relevantSkills: [],
        priorityScore: 0.5,
        priorityFactors: {
          userTagged: false,
          similarToRecentWork: false,
          addressesKnowledgeGap: false,
          teamUrgency: 'medium',
        },
        learningOpportunities: [],
      },
    ],
  },
};

export const materialsCase: ModuleCase<LearningMaterialsInput, LearningMaterialsOutput> = {
  input: {
    gaps: [
      {
        topic: 'useEffect cleanup functions',
        severity: 'high',
        relatedConcepts: ['React lifecycle'],
        frequency: 3,
      },
    ],
    dreyfusStage: 'advanced_beginner',
    techStack: 'TypeScript, React 18',
    kataTitles: ['Cleanup Timer in useEffect'],
    previouslyRecommended: ['https://example.org/old-guide'],
  },
  output: {
    recommendations: [
      {
        knowledgeGap: 'useEffect cleanup functions',
        resources: [
          {
            type: 'documentation',
            title: 'Synchronizing with Effects',
            url: 'https://react.dev/learn/synchronizing-with-effects',
            description: 'The official guide, including cleanup.',
            relevance: 'direct',
            estimatedTime: '15 min read',
          },
        ],
        studyOrder: 'Read the docs, then try the kata.',
        practiceConnection: 'Cleanup Timer in useEffect',
      },
    ],
  },
  mustContain: [
    'dreyfus_stage: advanced_beginner',
    'TypeScript, React 18',
    'useEffect cleanup functions (high, seen 3 times); related: React lifecycle',
    'Cleanup Timer in useEffect',
    'https://example.org/old-guide',
  ],
  badOutput: {
    recommendations: [
      {
        knowledgeGap: 'g',
        resources: [
          {
            type: 'podcast',
            title: 't',
            url: 'https://a.example/x',
            description: 'd',
            relevance: 'direct',
            estimatedTime: '1 min',
          },
        ],
        studyOrder: 's',
        practiceConnection: null,
      },
    ],
  },
};

export const workReviewCase: ModuleCase<WorkReviewInput, WorkReviewOutput> = {
  input: {
    issueTitle: 'OAuth callback race condition',
    phase: {
      number: 2,
      title: 'Clear the timer on unmount',
      description: 'Make the callback component clean up its timeout.',
    },
    files: [
      {
        path: 'src/OAuthCallback.tsx',
        content: 'useEffect(() => {\n  const id = setTimeout(poll, 500);\n}, []);\n',
      },
    ],
    diffs: [{ path: 'src/OAuthCallback.tsx', diff: '@@ -1 +1 @@\n-old\n+new' }],
    dreyfusStage: 'advanced_beginner',
    hintLevel: 'medium',
  },
  output: {
    review: 'You found the right effect. The timeout is still alive after unmount.',
    phaseGoalMet: false,
    suggestions: ['What does an effect return to clean up?'],
    references: [
      { path: 'src/OAuthCallback.tsx', startLine: 2, endLine: null, note: 'This id is never cleared.' },
    ],
  },
  mustContain: [
    'hint_level: medium',
    'Phase 2: Clear the timer on unmount',
    'File: src/OAuthCallback.tsx',
    '2|   const id = setTimeout(poll, 500);',
    '+new',
  ],
  badOutput: { review: 'x', phaseGoalMet: 'no', suggestions: [], references: [] },
};

export const managerSummaryCase: ModuleCase<ManagerSummaryFacts, ManagerSummaryOutput> = {
  input: {
    issue: '#42 OAuth callback race condition',
    summary: 'Session on issue #42 (35 min): 2 of 3 phases complete.',
    durationMinutes: 35,
    phases: [
      { number: 1, title: 'Find the callback handler', status: 'complete' },
      { number: 2, title: 'Clear the timer on unmount', status: 'complete' },
      { number: 3, title: 'Add a regression test', status: 'active' },
    ],
    knowledgeGaps: ['React effect cleanup'],
    skillsChanged: [{ skillArea: 'React hooks', from: 'novice', to: 'advanced_beginner' }],
    reviews: 2,
  },
  output: { summary: 'I worked on a sign-in bug and finished two of three steps in 35 minutes.' },
  mustContain: [
    '#42 OAuth callback race condition',
    'duration_minutes: 35',
    'Phase 3 (active): Add a regression test',
    'React effect cleanup',
    'React hooks: novice -> advanced_beginner',
  ],
  badOutput: { summary: 42 },
};
