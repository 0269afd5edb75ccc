/**
 * One valid and one invalid payload per message type. The mapped types make the tables complete: adding a
 * message to the catalog without an example fails the typecheck.
 */
import type {
  ActionType,
  ClientMessageType,
  ClientPayload,
  McpToolName,
  ServerMessageType,
  ServerPayload,
} from '../src/index.js';

export const HASH = 'a'.repeat(64);
export const ISO = '2026-02-11T10:00:00.000Z';
const range = { startLine: 3, startColumn: 1, endLine: 5, endColumn: 10 };
const phase = {
  id: 'ph-1',
  number: 1,
  title: 'Find the handler',
  description: 'Look around',
  status: 'active' as const,
  hintLevel: 'medium' as const,
};
const issueContext = {
  number: 42,
  title: 'Fix OAuth race',
  summary: 'Callback runs twice',
  labels: ['bug'],
  url: 'https://github.com/o/r/issues/42',
};
const constraint = { title: 'No loops', description: 'Use recursion', minLevel: 3 };
const runResult = {
  status: 'failed' as const,
  language: 'javascript' as const,
  tests: [
    { name: 'spaces become dashes', status: 'pass' as const, message: null, durationMs: 1.2 },
    {
      name: 'keeps digits',
      status: 'fail' as const,
      message: "Expected values to be strictly equal:\n\n'a1' !== 'a-1'",
      durationMs: 0.4,
    },
  ],
  message: '1 of 2 tests failed.',
  stdout: 'debug\n',
  stderr: '',
  outputTruncated: false,
  durationMs: 142,
};
const quiz = {
  id: 'c1',
  kind: 'quiz' as const,
  title: 'When effects run',
  topic: 'React effects',
  gapId: 'g1',
  attemptsCount: 0,
  passed: null,
  questions: [
    {
      question: 'When does a useEffect callback run?',
      choices: [
        { text: 'During render', explanation: 'Render must stay pure; effects wait.' },
        {
          text: 'After the render is committed',
          explanation: 'Right: effects run after the DOM is updated.',
        },
      ],
      correctIndex: 1,
    },
  ],
};
const issue = {
  number: 7,
  title: 'Add retry',
  summary: 'Retry failed uploads',
  suitability: 'good_fit' as const,
  suitabilityReason: 'Matches your level',
  estimatedDifficulty: 'beginner' as const,
  relevantSkills: ['http'],
  priorityScore: 0.8,
  priorityFactors: {
    userTagged: true,
    similarToRecentWork: false,
    addressesKnowledgeGap: true,
    teamUrgency: 'medium' as const,
  },
  learningOpportunities: ['backoff'],
};
const challenge = {
  kataId: 'k1',
  title: 'Recursion kata',
  description: 'Walk a tree',
  topic: 'recursion',
  attemptsCount: 2,
  bestLevel: 4,
  constraintCount: 3,
  unlockedConstraints: [constraint],
};
const material = {
  knowledgeGap: 'async errors',
  resources: [
    {
      type: 'documentation' as const,
      title: 'MDN Promise',
      url: 'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Promise',
      description: 'Reference',
      relevance: 'direct' as const,
      estimatedTime: '15 min',
    },
  ],
  studyOrder: 'Read then practice',
  practiceConnection: null,
};

export interface Case<P> {
  valid: P;
  /** An invalid payload and what it breaks. */
  invalid: unknown;
}

export const clientCases: { [T in ClientMessageType]: Case<ClientPayload<T>> } = {
  'connection:hello': {
    valid: { version: '0.1.0', platform: 'linux', windowSize: { width: 1280, height: 800 } },
    invalid: { version: '0.1.0', platform: 'linux' },
  },
  'dashboard:request': { valid: { statsPeriod: '7d' }, invalid: { statsPeriod: '14d' } },
  'dashboard:refresh_issues': { valid: {}, invalid: null },
  'session:start': { valid: { issueNumber: 42, issueTitle: 'Fix OAuth race' }, invalid: { issueNumber: 0 } },
  'session:resume': { valid: { sessionId: 's-1' }, invalid: { sessionId: '' } },
  'session:end': { valid: {}, invalid: 'end' },
  'session:wrap_up_request': { valid: { sessionId: 's-1' }, invalid: { sessionId: '' } },
  'team:status_request': { valid: {}, invalid: null },
  'team:join': {
    valid: { url: 'http://127.0.0.1:3100', code: 'pti_abc', displayName: 'Ana' },
    invalid: { url: 'file:///etc/passwd', code: 'pti_abc', displayName: 'Ana' },
  },
  'team:leave': { valid: {}, invalid: { now: true } },
  'session:manager_summary_request': {
    valid: { sessionId: 's-1', share: true },
    invalid: { sessionId: 's-1', share: 'yes' },
  },
  'file:open': { valid: { path: 'src/auth.ts' }, invalid: { path: '' } },
  'file:save': {
    valid: { path: 'src/auth.ts', content: 'x', baseHash: HASH },
    invalid: { path: 'src/auth.ts', content: 'x', baseHash: 'abc' },
  },
  'file:close': { valid: { path: 'src/auth.ts' }, invalid: { path: 42 } },
  'buffer:update': {
    valid: {
      path: 'src/auth.ts',
      content: 'let a = 1;',
      cursorPosition: { line: 1, column: 4 },
      selections: [range],
    },
    invalid: { path: 'src/auth.ts', content: 'x', cursorPosition: { line: 0, column: 1 } },
  },
  'buffer:edit': {
    valid: {
      path: 'src/auth.ts',
      baseVersion: 7,
      version: 8,
      changes: [{ rangeOffset: 10, rangeLength: 0, text: 'x' }],
      cursorPosition: { line: 1, column: 12 },
    },
    invalid: {
      path: 'src/auth.ts',
      baseVersion: 8,
      version: 8,
      changes: [{ rangeOffset: 10, rangeLength: 0, text: 'x' }],
      cursorPosition: { line: 1, column: 12 },
    },
  },
  'editor:tab_switch': { valid: { fromPath: null, toPath: 'src/a.ts' }, invalid: { fromPath: 'src/a.ts' } },
  'editor:selection': {
    valid: { path: 'src/a.ts', range, textLength: 12 },
    invalid: { path: 'src/a.ts', range, textLength: -1 },
  },
  'editor:scroll': {
    valid: { path: 'src/a.ts', visibleRange: { startLine: 1, endLine: 40 } },
    invalid: { path: 'src/a.ts', visibleRange: { startLine: 40, endLine: 1 } },
  },
  'explorer:expand_dir': { valid: { path: 'src' }, invalid: {} },
  'explorer:collapse_dir': { valid: { path: 'src' }, invalid: { path: 'a\0b' } },
  'hints:level_change': {
    valid: { level: 'high', previousLevel: 'low' },
    invalid: { level: 'max', previousLevel: 'low' },
  },
  'coaching:pipeline_status': { valid: {}, invalid: 'status' },
  'user:explain': {
    valid: { path: 'src/a.ts', range, selectedText: 'const x = 1;', language: 'typescript' },
    invalid: { path: 'src/a.ts', range, selectedText: 'x'.repeat(100 * 1024 + 1) },
  },
  'user:review': { valid: {}, invalid: [] },
  'practice:submit_solution': {
    valid: { kataId: 'k1', code: 'fn()', activeConstraints: ['No loops'] },
    invalid: { kataId: 'k1', code: 'fn()' },
  },
  'practice:load_kata': { valid: { kataId: 'k1' }, invalid: { kataId: 1 } },
  'practice:run': { valid: { kataId: 'k1', code: 'export const f = () => 1;' }, invalid: { kataId: 'k1' } },
  'practice:cancel_run': { valid: { kataId: 'k1' }, invalid: { kataId: '' } },
  'practice:load_challenge': { valid: { challengeId: 'c1' }, invalid: {} },
  'practice:answer_quiz': {
    valid: { challengeId: 'c1', answers: [0, 2] },
    invalid: { challengeId: 'c1', answers: [-1] },
  },
  'practice:explain_back': {
    valid: { challengeId: 'c2', explanation: 'An effect runs after render.' },
    invalid: { challengeId: 'c2', explanation: '' },
  },
  'user:idle_start': { valid: { lastActionTimestamp: ISO }, invalid: { lastActionTimestamp: 'yesterday' } },
  'user:idle_end': { valid: {}, invalid: { idleMs: -5 } },
  'observer:nudge_delivered': {
    valid: { signal: 'wrong_file', delivered: false, reason: 'not_claude_code' },
    invalid: { signal: 'wrong_file', delivered: false },
  },
  'observer:mute': { valid: { muted: true }, invalid: { muted: 'yes' } },
  'terminal:ready': { valid: { cols: 80, rows: 24 }, invalid: { cols: 0, rows: 24 } },
  'terminal:input': { valid: { input: 'ls\r' }, invalid: { input: 'x'.repeat(64 * 1024 + 1) } },
  'terminal:resize': { valid: { cols: 120, rows: 40 }, invalid: { cols: 1.5, rows: 40 } },
};

export const serverCases: { [T in ServerMessageType]: Case<ServerPayload<T>> } = {
  'connection:init': {
    valid: {
      connectionId: 'c-1',
      sessionId: null,
      capabilities: { protocolVersion: '1.0.0', maxPayloadBytes: 16777216 },
      featureFlags: { memory: false, observer: true },
    },
    invalid: { connectionId: 'c-1', capabilities: { protocolVersion: '1.0.0' }, featureFlags: {} },
  },
  'connection:error': {
    valid: { code: 'NOT_IMPLEMENTED', message: 'Not yet', context: { type: 'user:review' } },
    invalid: { code: 'OOPS', message: 'x' },
  },
  'dashboard:dreyfus': {
    valid: { skillAreas: [{ name: 'testing', stage: 'competent', score: 0.6 }], overallStage: 'novice' },
    invalid: { skillAreas: [{ name: 'x', stage: 'Novice', score: 1 }], overallStage: null },
  },
  'dashboard:state': {
    valid: {
      dreyfus: [{ skillArea: 'testing', stage: 'novice', confidence: 0.5, assessedAt: ISO }],
      stats: {
        period: 'all',
        sessionsCompleted: 0,
        totalCoachingMinutes: 0,
        issuesWorkedOn: 0,
        knowledgeGapsIdentified: 1,
        knowledgeGapsAddressed: 1,
        hintsUsed: 0,
        apiCostTotal: 0.02,
        actionsLogged: 12,
        apiCallCount: 2,
        apiCallsFailed: 1,
        averageLatencyMs: 850,
        costByModel: [{ model: 'claude-sonnet-4-6', callCount: 2, costUsd: 0.02, averageLatencyMs: 850 }],
      },
      inProgress: [{ id: 's-1', issueNumber: null, issueTitle: null, startedAt: ISO }],
      issues: null,
      challenges: null,
      materials: null,
    },
    invalid: { dreyfus: [], stats: {}, inProgress: [], issues: null, challenges: null, materials: null },
  },
  'dashboard:issues': {
    valid: { issues: [issue] },
    invalid: { issues: [{ ...issue, suitability: 'perfect' }] },
  },
  'dashboard:issues_error': {
    valid: { error: 'GitHub CLI not found', code: 'GH_NOT_FOUND' },
    invalid: { error: '' },
  },
  'fs:tree': {
    valid: {
      root: {
        name: 'proj',
        path: '',
        type: 'directory',
        children: [
          {
            name: 'src',
            path: 'src',
            type: 'directory',
            children: [{ name: 'a.ts', path: 'src/a.ts', type: 'file' }],
          },
        ],
      },
    },
    invalid: {
      root: {
        name: 'proj',
        path: '',
        type: 'directory',
        children: [{ name: 'a', path: 'a', type: 'symlink' }],
      },
    },
  },
  'fs:tree_update': {
    valid: { action: 'rename', path: 'a.ts', newPath: 'b.ts' },
    invalid: { action: 'rename', path: 'a.ts' },
  },
  'fs:content': {
    valid: { path: 'src/a.ts', content: 'x\n', language: 'typescript', lineCount: 2, hash: HASH },
    invalid: { path: 'src/a.ts', content: 'x', language: 'typescript', lineCount: 1 },
  },
  'fs:save_ack': {
    valid: { path: 'src/a.ts', success: true, timestamp: ISO, hash: HASH },
    invalid: { path: 'src/a.ts', success: false, timestamp: ISO, hash: HASH },
  },
  'fs:save_error': {
    valid: { path: 'src/a.ts', error: 'File changed on disk', code: 'CONFLICT' },
    invalid: { path: 'src/a.ts', error: 'x' },
  },
  'editor:decorations': {
    valid: { path: 'src/a.ts', decorations: [{ range, style: 'hint', hoverText: 'look here' }] },
    invalid: { path: 'src/a.ts', decorations: [{ range, style: 'focus' }] },
  },
  'editor:clear_decorations': { valid: {}, invalid: { path: '' } },
  'editor:hover_hint': {
    valid: { path: 'src/a.ts', range, hintText: 'why?' },
    invalid: { path: 'src/a.ts', range: { ...range, endLine: 1 }, hintText: 'x' },
  },
  'editor:open_file': {
    valid: { path: 'src/a.ts', content: 'x', language: 'typescript', lineCount: 1, hash: HASH },
    invalid: { path: 'src/a.ts', content: 'x', language: 'typescript', lineCount: -1 },
  },
  'buffer:sync_error': {
    valid: {
      path: 'src/a.ts',
      code: 'VERSION_MISMATCH',
      expectedVersion: 12,
      message: 'Buffer src/a.ts is at version 12, not 9',
    },
    invalid: { path: 'src/a.ts', code: 'OUT_OF_SYNC', message: 'x' },
  },
  'editor:highlight_lines': {
    valid: {
      path: 'src/a.ts',
      highlights: [{ startLine: 38, endLine: 52, style: 'hint', hoverText: 'The cleanup goes here' }],
    },
    invalid: { path: 'src/a.ts', highlights: [{ startLine: -1, endLine: 2, style: 'hint' }] },
  },
  'editor:clear_highlights': { valid: { path: 'src/a.ts' }, invalid: { path: 7 } },
  'explorer:hint_files': {
    valid: { paths: ['src/auth.ts', 'src/handlers/oauth.ts'], style: 'suggested' },
    invalid: { paths: [], style: 'suggested' },
  },
  'explorer:clear_hints': { valid: {}, invalid: null },
  'session:started': {
    valid: {
      sessionId: 's-1',
      startedAt: ISO,
      issueContext,
      phases: [phase],
      hintLevel: 'medium',
      openFiles: [],
    },
    invalid: { sessionId: 's-1', startedAt: ISO, issueContext, phases: [], hintLevel: 'max' },
  },
  'session:resumed': {
    valid: {
      sessionId: 's-1',
      startedAt: ISO,
      issueContext,
      plan: { planId: 'p-1', memoryConnection: null, estimatedDifficulty: 'intermediate' },
      phases: [phase],
      hintLevel: 'low',
      openFiles: ['src/a.ts'],
    },
    invalid: { sessionId: 's-1', startedAt: ISO, issueContext, plan: null, phases: [], hintLevel: 'low' },
  },
  'session:ended': {
    valid: { sessionId: 's-1', status: 'completed', endedAt: ISO, summary: null },
    invalid: { sessionId: 's-1', status: 'done', endedAt: ISO, summary: null },
  },
  'session:completed': {
    valid: {
      sessionId: 's-1',
      status: 'completed_with_errors',
      knowledgeGaps: 2,
      kataSpecs: 2,
      dreyfusUpdates: 1,
      memoriesStored: 0,
      errors: [{ agent: 'reflection', message: 'ChromaDB unavailable' }],
    },
    invalid: {
      sessionId: 's-1',
      status: 'active',
      knowledgeGaps: 0,
      kataSpecs: 0,
      dreyfusUpdates: 0,
      memoriesStored: 0,
    },
  },
  'coaching:phase_update': {
    valid: {
      phaseId: 'ph-1',
      phase: 1,
      title: 'Find it',
      status: 'active',
      description: 'Look',
      hintLevel: 'medium',
      startedAt: ISO,
      completedAt: null,
    },
    invalid: {
      phaseId: 'ph-1',
      phase: 0,
      title: 'Find it',
      status: 'active',
      description: 'Look',
      hintLevel: 'medium',
      startedAt: null,
      completedAt: null,
    },
  },
  'coaching:message': {
    valid: { message: 'Nice work!', type: 'success', anchor: { path: 'src/a.ts', startLine: 3 } },
    invalid: { message: 'Nice', type: 'error' },
  },
  'coaching:issue_context': {
    valid: { title: 'Fix OAuth race condition', summary: '...' },
    invalid: { title: 'x', summary: 'y', url: 'javascript:alert(1)' },
  },
  'hints:level_update': {
    valid: { sessionId: 's-1', level: 'high', previousLevel: 'medium', suggestedLevel: 'low', chosen: true },
    invalid: { sessionId: 's-1', level: 'max', previousLevel: 'medium' },
  },
  'coaching:pipeline_progress': {
    valid: {
      sessionId: 's-1',
      stage: 'coaching',
      message: 'Your plan is ready',
      nextStep: 'Ask Paige in the terminal where to start',
    },
    invalid: { sessionId: 's-1', stage: 'thinking', message: 'x' },
  },
  'session:wrap_up': {
    valid: {
      sessionId: 's-1',
      status: 'completed',
      pending: false,
      issueContext,
      startedAt: ISO,
      endedAt: ISO,
      durationMs: 1_800_000,
      costUsd: 0.0421,
      summary: 'Fixed the race by awaiting the token refresh.',
      phases: [{ ...phase, status: 'complete' }],
      hintsUsed: { off: 0, low: 2, medium: 3, high: 0 },
      nudges: 1,
      reviews: 1,
      knowledgeGaps: [
        {
          id: 'g1',
          topic: 'async/await',
          severity: 'medium',
          description: 'Missed an await',
          addressed: false,
        },
      ],
      katas: [{ id: 'k1', title: 'Await in loops', gapId: 'g1' }],
      dreyfusChanges: [{ skillArea: 'JavaScript', from: 'novice', to: 'advanced_beginner' }],
      errors: [],
    },
    invalid: { sessionId: 's-1', status: 'completed', pending: false, durationMs: -1 },
  },
  'team:status': {
    valid: {
      joined: true,
      teamName: 'Cohort 7',
      teamUrl: 'http://127.0.0.1:3100',
      lastDeliveredAt: ISO,
      waiting: 2,
      lastError: null,
    },
    invalid: { joined: true, waiting: -1 },
  },
  'team:join_error': {
    valid: { code: 'INVITE_EXPIRED', message: 'This invite code has expired.' },
    invalid: { code: 'NOPE', message: 'x' },
  },
  'session:manager_summary': {
    valid: { sessionId: 's-1', summary: 'Worked through a login bug and fixed it.', shared: true },
    invalid: { sessionId: 's-1', summary: '' },
  },
  'session:manager_summary_error': {
    valid: { sessionId: 's-1', error: "Today's budget is spent", code: 'BUDGET_EXCEEDED' },
    invalid: { sessionId: 's-1', error: 'x', code: 'NOPE' },
  },
  'coaching:plan_ready': {
    valid: {
      planId: 'p-1',
      phases: [phase],
      memoryConnection: 'Similar to session 3',
      estimatedDifficulty: 'beginner',
    },
    invalid: { planId: 'p-1', phases: [], memoryConnection: null, estimatedDifficulty: 'beginner' },
  },
  'observer:nudge': {
    valid: {
      signal: 'wrong_file',
      confidence: 0.85,
      context: {
        current_file: 'src/middleware/auth.ts',
        expected_file: 'src/handlers/oauth.ts',
        time_in_file: '3m12s',
        phase_description: 'Find the OAuth callback handler',
      },
    },
    invalid: {
      signal: 'no_nudge',
      confidence: 0.9,
      context: { current_file: null, expected_file: null, time_in_file: null, phase_description: null },
    },
  },
  'observer:status': {
    valid: { active: true, muted: false, lastEvaluation: null },
    invalid: { active: true },
  },
  'explain:response': {
    valid: {
      path: 'src/a.ts',
      explanation: 'It memoises',
      keyConcepts: ['closures'],
      analogy: null,
      relatedFiles: ['src/b.ts'],
      phaseConnection: null,
    },
    invalid: {
      path: 'src/a.ts',
      explanation: 'x'.repeat(100 * 1024 + 1),
      keyConcepts: [],
      analogy: null,
      relatedFiles: null,
      phaseConnection: null,
    },
  },
  'explain:error': {
    valid: { path: 'src/a.ts', error: 'Paige could not explain this right now', code: 'API_SERVER_ERROR' },
    invalid: { error: 'x' },
  },
  'review:response': {
    valid: {
      review: 'Looks good',
      suggestions: ['Add a test'],
      references: [{ path: 'src/a.ts', startLine: 12, note: 'This await is missing' }],
      hintLevel: 'medium',
    },
    invalid: { review: 'x', suggestions: 'add a test' },
  },
  'review:error': {
    valid: { kataId: 'missing', error: 'Kata not found', code: 'KATA_NOT_FOUND' },
    invalid: { kataId: 'k1' },
  },
  'practice:kata_load': {
    valid: {
      kata: {
        id: 'k1',
        title: 'Recursion',
        description: 'Walk a tree',
        scaffoldingCode: 'function walk() {}',
        topic: null,
        attemptsCount: 1,
        bestLevel: 2,
      },
      constraints: [constraint],
      allConstraints: [
        { ...constraint, state: 'unlocked' },
        { title: 'No recursion', description: 'Use an explicit stack', minLevel: 6, state: 'locked' },
      ],
      attempts: [
        {
          number: 1,
          code: 'function walk() { return 1; }',
          review: 'A start',
          level: 2,
          passed: false,
          constraints: [],
          submittedAt: ISO,
        },
      ],
    },
    invalid: {
      kata: {
        id: 'k1',
        title: 'Recursion',
        description: 'x',
        scaffoldingCode: '',
        topic: null,
        attemptsCount: 0,
        bestLevel: 11,
      },
      constraints: [],
    },
  },
  'practice:solution_review': {
    valid: {
      kataId: 'k1',
      review: 'Correct and tidy',
      level: 5,
      passed: true,
      constraintsUnlocked: [constraint],
      correct: true,
      followUp: {
        type: 'constraint_escalation',
        constraint: 'Now without recursion',
        reason: 'Stacks make the depth explicit',
      },
      dreyfusSignal: 'advancing',
      suggestions: ['What happens on a cycle?'],
      activeConstraints: ['No loops'],
    },
    invalid: { kataId: 'k1', review: 'x', level: 0, passed: true, constraintsUnlocked: [] },
  },
  'practice:run_result': {
    valid: { kataId: 'k1', result: runResult },
    invalid: { kataId: 'k1', result: { ...runResult, status: 'exploded' } },
  },
  'practice:run_error': {
    valid: { kataId: 'k1', error: 'This kata has no runnable tests', code: 'NO_RUNNABLE_TESTS' },
    invalid: { kataId: 'k1', error: '' },
  },
  'practice:run_queued': { valid: { kataId: 'k1', position: 1 }, invalid: { kataId: 'k1', position: -1 } },
  'practice:challenge_load': {
    valid: { challenge: quiz },
    invalid: {
      challenge: {
        ...quiz,
        questions: [{ question: 'Which?', choices: [quiz.questions[0]!.choices[0]], correctIndex: 0 }],
      },
    },
  },
  'practice:quiz_result': {
    valid: { challengeId: 'c1', correct: 1, total: 1, passed: true, answers: [{ chosen: 1, correct: true }] },
    invalid: { challengeId: 'c1', correct: 1, total: 1 },
  },
  'practice:explain_back_review': {
    valid: {
      challengeId: 'c2',
      passed: false,
      feedback: 'You named when it runs, not why.',
      criteria: [{ criterion: 'Says when the effect runs', met: true, note: 'Yes: after render.' }],
    },
    invalid: { challengeId: 'c2', passed: false, feedback: '', criteria: [] },
  },
  'practice:challenge_error': {
    valid: { challengeId: 'c9', error: 'Challenge not found', code: 'CHALLENGE_NOT_FOUND' },
    invalid: { challengeId: 'c9' },
  },
  'dashboard:challenges': {
    valid: { challenges: [challenge] },
    invalid: { challenges: [{ ...challenge, attemptsCount: -1 }] },
  },
  'dashboard:learning_materials': {
    valid: { materials: [material] },
    invalid: {
      materials: [{ ...material, resources: [{ ...material.resources[0], url: 'ftp://example.com/x' }] }],
    },
  },
};

export const buffer = {
  path: 'src/auth.ts',
  content: 'x',
  cursorPosition: { line: 1, column: 1 },
  selections: [],
  dirty: true,
  lastUpdated: ISO,
};

/** A valid input, an invalid input and a valid output per tool. */
export const mcpCases: { [N in McpToolName]: { input: unknown; badInput: unknown; output: unknown } } = {
  paige_get_buffer: { input: { path: 'src/auth.ts' }, badInput: { path: '../\0' }, output: { buffer } },
  paige_get_open_files: { input: {}, badInput: null, output: { files: ['a.ts', 'b.ts'] } },
  paige_get_diff: {
    input: {},
    badInput: { path: '' },
    output: { diffs: [{ path: 'src/auth.ts', diff: '--- a\n+++ b\n' }] },
  },
  paige_get_session_state: {
    input: { include: ['phase', 'diffs'] },
    badInput: { include: ['everything'] },
    output: { phase: null, diffs: [] },
  },
  paige_open_file: {
    input: { path: 'src/auth.ts' },
    badInput: {},
    output: { success: true, path: 'src/auth.ts', language: 'typescript', lineCount: 10 },
  },
  paige_highlight_lines: {
    input: { path: 'a.ts', start: 3, end: 5, style: 'hint', hoverText: 'here' },
    badInput: { path: 'a.ts', start: 5, end: 3, style: 'hint' },
    output: { success: true, path: 'a.ts', count: 2 },
  },
  paige_clear_highlights: { input: {}, badInput: { path: 3 }, output: { success: true, cleared: 0 } },
  paige_mark_problems: {
    input: {
      path: 'src/auth.ts',
      problems: [
        {
          range: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 12 },
          message: 'This check never runs',
        },
      ],
    },
    badInput: { path: 'src/auth.ts', problems: [] },
    output: { success: true, path: 'src/auth.ts', count: 1 },
  },
  paige_hint_files: {
    input: { paths: ['src/auth.ts'], style: 'suggested' },
    badInput: { hints: [{ path: 'a.ts', style: 'suggested' }] },
    output: { success: true, count: 1 },
  },
  paige_clear_hints: { input: {}, badInput: 'all', output: { success: true } },
  paige_update_phase: {
    input: { phase: 1, status: 'active' },
    badInput: { phase: 1, status: 'pending' },
    output: { success: true, phase: { id: 'ph', number: 1, title: 'T', status: 'active' } },
  },
  paige_show_message: {
    input: { message: 'Nice work!', type: 'success' },
    badInput: { message: 'x', type: 'error' },
    output: { success: true },
  },
  paige_show_issue_context: {
    input: { title: 'Fix OAuth race condition', summary: '...' },
    badInput: { title: 'x' },
    output: { success: true },
  },
  paige_start_session: {
    input: {},
    badInput: { issueNumber: -1 },
    output: { sessionId: 's', status: 'active', startedAt: ISO, issueNumber: null, issueTitle: null },
  },
  paige_end_session: {
    input: { sessionTranscript: 'we fixed it', wait: false },
    badInput: {},
    output: {
      sessionId: 's',
      sessionStatus: 'completed',
      knowledgeGaps: 1,
      kataSpecs: 1,
      dreyfusUpdates: 1,
      memoriesStored: 2,
      errors: [],
      pending: false,
    },
  },
  paige_run_coaching_pipeline: {
    input: { planText: '1. read\n2. fix', issueSummary: 'OAuth race', issueNumber: 42 },
    badInput: { planText: '', issueSummary: 'x' },
    output: {
      planId: 'p',
      phases: [{ number: 1, title: 'Read', description: 'Read it', hintLevel: 'high' }],
      memoryConnection: null,
      estimatedDifficulty: 'beginner',
    },
  },
  paige_retry_wrap_up: {
    input: { sessionId: 's', agent: 'dreyfus' },
    badInput: { sessionId: 's', agent: 'knowledge_gap' },
    output: {
      sessionId: 's',
      sessionStatus: 'completed',
      knowledgeGaps: 0,
      kataSpecs: 0,
      dreyfusUpdates: 3,
      memoriesStored: 0,
      errors: [],
      retried: ['dreyfus'],
    },
  },
};

const range3 = { startLine: 1, startColumn: 1, endLine: 2, endColumn: 5 };

/** One valid and one invalid `action_log.data` per action type (types without a data schema take any object or null). */
export const actionCases: { [T in ActionType]: Case<Record<string, unknown> | null> } = {
  file_open: { valid: { path: 'src/a.ts' }, invalid: { path: '' } },
  file_save: { valid: { path: 'src/a.ts', charCount: 120 }, invalid: { path: 'src/a.ts', charCount: -1 } },
  file_close: { valid: { path: 'src/a.ts' }, invalid: {} },
  buffer_summary: {
    valid: { path: 'a.ts', editCount: 3, charDelta: -4, charCount: 90 },
    invalid: { path: 'a.ts', editCount: 1.5, charDelta: 0, charCount: 1 },
  },
  buffer_significant_change: {
    valid: { path: 'a.ts', previousCharCount: 10, newCharCount: 900, delta: 890 },
    invalid: { path: 'a.ts', previousCharCount: 10, newCharCount: 900 },
  },
  editor_tab_switch: { valid: { fromPath: null, toPath: 'b.ts' }, invalid: { fromPath: 'a.ts' } },
  selection: {
    valid: { path: 'a.ts', range: range3, textLength: 12 },
    invalid: { path: 'a.ts', range: { startLine: 0 }, textLength: 1 },
  },
  hint_level_change: {
    valid: { level: 'high', previousLevel: 'low' },
    invalid: { level: 'max', previousLevel: 'low' },
  },
  user_explain_request: { valid: { path: 'a.ts', range: range3 }, invalid: { path: 'a.ts' } },
  review_requested: { valid: { kataId: 'k1' }, invalid: { kataId: 7 } },
  idle_start: { valid: { lastActionTimestamp: ISO }, invalid: { lastActionTimestamp: 'yesterday' } },
  idle_end: { valid: { idleMs: 300000 }, invalid: { idleMs: -5 } },
  session_started: { valid: { issueNumber: 42 }, invalid: { issueNumber: 0 } },
  session_resumed: { valid: { previousSessionId: 's1' }, invalid: { previousSessionId: '' } },
  session_ended: {
    valid: { status: 'completed', durationMs: 60000 },
    invalid: { status: 'done', durationMs: 1 },
  },
  phase_started: {
    valid: { phaseId: 'ph1', phaseNumber: 1, title: 'Read' },
    invalid: { phaseId: 'ph1', phaseNumber: 0, title: 'Read' },
  },
  phase_completed: {
    valid: { phaseId: 'ph1', phaseNumber: 2, title: 'Fix' },
    invalid: { phaseNumber: 2, title: 'Fix' },
  },
  coaching_message: { valid: { messageType: 'hint' }, invalid: { messageType: 'shout' } },
  nudge_sent: { valid: { signal: 'idle', confidence: 0.8 }, invalid: { signal: 'idle', confidence: 1.5 } },
  nudge_suppressed: {
    valid: { reason: 'cooldown', signal: 'wrong_file', confidence: 0.9 },
    invalid: { reason: 'tired' },
  },
  observer_muted: { valid: { muted: true }, invalid: { muted: 'yes' } },
  mcp_tool_call: {
    valid: { toolName: 'paige_get_buffer', outcome: 'ok', durationMs: 1.2 },
    invalid: { toolName: '' },
  },
  decorations_applied: { valid: { path: 'a.ts', count: 2 }, invalid: { path: 'a.ts', count: -2 } },
  file_hints_applied: { valid: { paths: ['a.ts', 'b.ts'] }, invalid: { paths: 'a.ts' } },
  explain_completed: {
    valid: { path: 'a.ts', model: 'claude-sonnet-4-6', latency_ms: 900, success: true },
    invalid: { path: 'a.ts', model: 'm', latency_ms: 900 },
  },
  review_completed: {
    valid: { kataId: 'k1', level: 3, passed: true, model: 'm', latency_ms: 10, success: true },
    invalid: { kataId: 'k1', level: 11, model: 'm', latency_ms: 10, success: true },
  },
  dashboard_loaded: {
    valid: { statsPeriod: '7d', issuesLoaded: true, materialsLoaded: false },
    invalid: { statsPeriod: '1y', issuesLoaded: true, materialsLoaded: false },
  },
  coaching_pipeline_run: { valid: { planId: 'p1', phaseCount: 3 }, invalid: 'not an object' as never },
  wrap_up_error: { valid: { agent: 'dreyfus', message: 'timeout' }, invalid: ['agent'] as never },
  observer_triage: { valid: null, invalid: 42 as never },
  explorer_expand_dir: { valid: { path: 'src' }, invalid: { path: 5 } },
  explorer_collapse_dir: { valid: { path: 'src' }, invalid: {} },
  kata_loaded: { valid: { kataId: 'k1' }, invalid: { kataId: '' } },
  review_passed: { valid: { kataId: 'k1', level: 4 }, invalid: { kataId: 'k1', level: 11 } },
  knowledge_gap_addressed: {
    valid: { gapId: 'g1', topic: 'closures', reason: 'kata_passed', kataId: 'k1' },
    invalid: { gapId: 'g1', topic: 'closures', reason: 'luck' },
  },
  solution_guard_applied: {
    valid: {
      source: 'explanation',
      hintLevel: 'low',
      blocksRemoved: 1,
      inlineRemoved: 0,
      linesRemoved: 6,
      charsRemoved: 180,
    },
    invalid: {
      source: 'email',
      hintLevel: 'low',
      blocksRemoved: 1,
      inlineRemoved: 0,
      linesRemoved: 6,
      charsRemoved: 180,
    },
  },
  nudge_delivered: { valid: { signal: 'wrong_file' }, invalid: { signal: 'bored' } },
  kata_run: {
    valid: {
      kataId: 'k1',
      status: 'failed',
      testCount: 3,
      passedCount: 2,
      durationMs: 180.5,
      trigger: 'run',
    },
    invalid: {
      kataId: 'k1',
      status: 'failed',
      testCount: 3,
      passedCount: 2,
      durationMs: 1,
      trigger: 'button',
    },
  },
  quiz_answered: {
    valid: { challengeId: 'c1', correct: 2, total: 3, passed: false },
    invalid: { challengeId: 'c1', correct: -1, total: 3, passed: false },
  },
  explain_back_graded: {
    valid: { challengeId: 'c2', passed: true, success: true },
    invalid: { challengeId: 'c2', passed: 'yes', success: true },
  },
  nudge_dropped: { valid: { signal: 'idle', reason: 'superseded' }, invalid: { signal: 'idle' } },
  dreyfus_stage_changed: {
    valid: { skillArea: 'React hooks', from: null, to: 'novice' },
    invalid: { skillArea: 'React hooks', from: 'novice', to: 'guru' },
  },
};
