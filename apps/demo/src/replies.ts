/**
 * Canned model replies for the offline demo, written against the npm CLI's own source (`lib/`). Every reply is a
 * valid instance of its prompt module's response schema (packages/coaching/src/prompts) and every free-text
 * field starts with {@link LABEL}, so nobody mistakes them for a real model's words. Requests are routed by the
 * task sentence of each prompt module's system prompt.
 */
import { textReply, webSearchReply } from '@paige/llm/testing';
import type { StubReply, StubRequest } from '@paige/llm/testing';

/** Prefix of every canned free-text field. */
export const LABEL = '[demo reply]';

/** The issue the demo session works on (see fixtures/gh/issues.json). */
export const DEMO_ISSUE = {
  number: 8841,
  title: 'npm run <typo> suggests unrelated scripts and never suggests `test`',
  summary:
    'With scripts { lint, build }, `npm run lnt` also suggests `build`, and `npm run tset` never suggests `npm test`. ' +
    'The suggestions come from lib/utils/did-you-mean.js, called by lib/commands/run.js and lib/utils/error-message.js.',
};

/** The implementation plan Claude Code would have written after exploring npm's lib/. */
export const DEMO_PLAN = `Plan for npm/cli#8841 (suggestions for mistyped script names)
1. Read lib/utils/did-you-mean.js: isClose (line 7) decides closeness with distance < length * 0.4; lines 16-19 filter
   the run-script names stop/start/test/restart out of the script suggestions.
2. Read the two callers: lib/commands/run.js line 111 (Missing script) and lib/utils/error-message.js line 411
   (Unknown command), to see which package data reaches didYouMean.
3. Tighten the closeness rule in isClose so short names need a smaller distance, keeping error-message.js working.
4. For \`npm run\`, suggest \`npm test\` (and the other run scripts) when the typo is close to them: lines 25-30 format the list.`;

/** Which prompt module a request belongs to, from the task sentence of its system prompt. */
export type CallType =
  | 'coach_agent'
  | 'memory_retrieval_filter'
  | 'knowledge_gap_extraction'
  | 'dreyfus_assessment'
  | 'memory_summarisation'
  | 'observer_triage'
  | 'explain_this'
  | 'practice_review'
  | 'issue_assessment'
  | 'learning_materials'
  | 'work_review'
  | 'manager_summary';

const MARKERS: Record<CallType, string> = {
  coach_agent: "Paige's coaching engine",
  memory_retrieval_filter: 'filter memories for relevance',
  knowledge_gap_extraction: "Paige's learning analyst",
  dreyfus_assessment: "Paige's skill assessor",
  memory_summarisation: "Paige's memory curator",
  observer_triage: 'you are the Observer',
  explain_this: '"explain this"',
  practice_review: "Paige's practice reviewer",
  issue_assessment: "Paige's issue curator",
  learning_materials: "Paige's learning-materials researcher",
  work_review: "Paige's work reviewer",
  manager_summary: 'you write stand-up notes',
};

/** The call type of a request, or undefined for an unknown prompt. */
export function callTypeOf(request: StubRequest): CallType | undefined {
  return (Object.keys(MARKERS) as CallType[]).find((k) => request.systemText.includes(MARKERS[k]));
}

/** The text of the request's user messages. */
export function userTextOf(request: StubRequest): string {
  return request.messages
    .map((m) => {
      const content = (m as { content?: unknown }).content;
      if (typeof content === 'string') return content;
      if (Array.isArray(content))
        return content.map((b) => String((b as { text?: unknown }).text ?? '')).join('');
      return '';
    })
    .join('\n');
}

const usage = (input: number, output: number) => ({ usage: { input_tokens: input, output_tokens: output } });

const COACH = {
  phases: [
    {
      number: 1,
      title: 'Trace where the suggestions come from',
      description: `${LABEL} Before changing anything, follow a mistyped script name from lib/commands/run.js into lib/utils/did-you-mean.js. Find the one line that decides whether two names are "close", and work out by hand what it says for "tset" and "test".`,
      expectedFiles: ['lib/utils/did-you-mean.js', 'lib/commands/run.js'],
      hintLevel: 'high',
      hints: [
        {
          type: 'file',
          path: 'lib/utils/did-you-mean.js',
          style: 'required',
          hoverText: `${LABEL} The suggestion logic lives here`,
        },
        {
          type: 'file',
          path: 'lib/commands/run.js',
          style: 'suggested',
          hoverText: `${LABEL} One of the two callers`,
        },
        {
          type: 'line',
          path: 'lib/utils/did-you-mean.js',
          startLine: 7,
          endLine: 7,
          style: 'hint',
          hoverText: `${LABEL} What does the 0.4 factor allow for a 4-letter name?`,
        },
        {
          type: 'line',
          path: 'lib/utils/did-you-mean.js',
          startLine: 16,
          endLine: 19,
          style: 'error',
          hoverText: `${LABEL} Which names can never be suggested for \`npm run\`?`,
        },
        {
          type: 'line',
          path: 'lib/commands/run.js',
          startLine: 111,
          endLine: 111,
          style: 'hint',
          hoverText: `${LABEL} Which package data reaches didYouMean here?`,
        },
      ],
      knowledgeGapOpportunities: ['edit distance', 'reading call sites'],
    },
    {
      number: 2,
      title: 'Tighten the closeness rule',
      description: `${LABEL} Change the rule in isClose so short names need a smaller edit distance. Remember the second caller in lib/utils/error-message.js: "npm instal" must still suggest "install".`,
      expectedFiles: ['lib/utils/did-you-mean.js'],
      hintLevel: 'medium',
      hints: [
        {
          type: 'line',
          path: 'lib/utils/did-you-mean.js',
          startLine: 7,
          endLine: 7,
          style: 'hint',
          hoverText: `${LABEL} Try the rule on "lnt" vs "lint" and "lnt" vs "build"`,
        },
        {
          type: 'line',
          path: 'lib/utils/error-message.js',
          startLine: 410,
          endLine: 411,
          style: 'success',
          hoverText: `${LABEL} A caller your change must keep working`,
        },
      ],
      knowledgeGapOpportunities: ['edit distance'],
    },
    {
      number: 3,
      title: 'Suggest npm test for npm run tset',
      description: `${LABEL} The run scripts are filtered out because \`npm x\` suggests them, but \`npm run\` never does. Decide how the message at the end of didYouMean should offer \`npm test\` instead of \`npm run test\`.`,
      expectedFiles: ['lib/utils/did-you-mean.js'],
      hintLevel: 'low',
      hints: [
        {
          type: 'line',
          path: 'lib/utils/did-you-mean.js',
          startLine: 25,
          endLine: 30,
          style: 'hint',
          hoverText: `${LABEL} How is each suggestion turned into a line?`,
        },
      ],
      knowledgeGapOpportunities: ['string formatting of CLI output'],
    },
  ],
  memoryConnection: null,
  estimatedDifficulty: 'beginner',
};

const TRIAGE_NUDGE = {
  should_nudge: true,
  confidence: 0.82,
  signal: 'edit_loop',
  reasoning: `${LABEL} Five edits to line 7 of did-you-mean.js flip the factor between 0.4 and 0.3 without a save.`,
  suggested_context: {
    current_file: 'lib/utils/did-you-mean.js',
    expected_file: 'lib/utils/did-you-mean.js',
    time_in_file: 'about a minute',
    phase_description: `${LABEL} Find the line that decides whether two names are close.`,
  },
};

const TRIAGE_QUIET = {
  should_nudge: false,
  confidence: 0.15,
  signal: 'no_nudge',
  reasoning: `${LABEL} Opening the expected file at the start of a phase is normal.`,
};

const EXPLAIN = {
  explanation: `${LABEL} isClose compares the typed name with a candidate using the Levenshtein distance (how many single-character inserts, deletes or swaps turn one into the other) and accepts it when that number is below 40% of the typed name's length. For "tset" (4 letters) the limit is 1.6, so only a distance of 0 or 1 passes; "tset" to "test" is 2, which is why npm stays silent.`,
  keyConcepts: ['Levenshtein distance', 'relative thresholds', 'arrow functions'],
  analogy: `${LABEL} Like a spell checker that only offers words within a couple of keystrokes of what you typed, and the allowance grows with the word.`,
  relatedFiles: ['lib/utils/cmd-list.js'],
  phaseConnection: `${LABEL} This is the closeness rule your current phase asks you to understand before you change it.`,
};

const GAPS = {
  knowledgeGaps: [
    {
      topic: 'Edit distance thresholds',
      severity: 'medium',
      evidence: `${LABEL} Phase 1 took five edits flipping 0.4 and 0.3 and a nudge before the rule was clear.`,
      relatedConcepts: ['Levenshtein distance', 'off-by-one reasoning'],
    },
    {
      topic: 'Checking every caller of a shared helper',
      severity: 'low',
      evidence: `${LABEL} error-message.js was only opened after the phase 2 hint.`,
      relatedConcepts: ['call sites', 'grep'],
    },
  ],
  addressedGaps: [],
  katas: [
    {
      gapTopic: 'Edit distance thresholds',
      title: 'Close enough: a typo matcher',
      description: `${LABEL} Write suggest(typed, names) returning the names within a sensible edit distance of typed, closest first.`,
      scaffoldingCode:
        'export function distance(a, b) {\n  // number of single-character edits\n}\n\nexport function suggest(typed, names) {\n  // your code\n}\n',
      instructorNotes: `${LABEL} Look for a threshold that scales with length and a stable sort by distance.`,
      testCases: [
        'suggest("tset", ["test", "build"]) returns ["test"]',
        'an exact match is not suggested',
        'ties keep the input order',
      ],
      // Issue 24: tests the solution is run against (the demo project is JavaScript).
      runnableTests: {
        preamble: "import { suggest } from './solution.js';",
        cases: [
          {
            name: 'a close typo is suggested',
            code: "assert.deepEqual(suggest('tset', ['test', 'build']), ['test']);",
          },
          {
            name: 'an exact match is not suggested',
            code: "assert.deepEqual(suggest('test', ['test']), []);",
          },
          {
            name: 'far names are left out',
            code: "assert.deepEqual(suggest('x', ['install', 'uninstall']), []);",
          },
        ],
      },
      constraints: [
        { title: 'No dependencies', description: 'Write distance yourself', minLevel: 1 },
        { title: 'Closest first', description: 'Sort suggestions by distance', minLevel: 3 },
        { title: 'Linear memory', description: 'distance keeps only two rows of the table', minLevel: 5 },
      ],
    },
  ],
  // Issue 24 item 5: a quiz for the gap that is about understanding.
  challenges: [
    {
      gapTopic: 'Edit distance thresholds',
      kind: 'quiz',
      title: 'How far is a typo?',
      questions: [
        {
          question: 'What is the edit distance between "tset" and "test"?',
          choices: [
            { text: '1', explanation: 'Swapping two letters is not one edit in plain Levenshtein distance.' },
            { text: '2', explanation: 'Right: two substitutions (s->e, e->s).' },
            { text: '4', explanation: 'Only the middle two letters differ.' },
          ],
          correctIndex: 1,
        },
      ],
      prompt: null,
      rubric: null,
    },
  ],
  sessionSummary: { phasesCompleted: 3, totalTimeMinutes: 42, hintsUsed: 4, independentCompletions: 1 },
};

const DREYFUS = {
  assessments: [
    {
      skillArea: 'JavaScript string algorithms',
      stage: 'advanced_beginner',
      previousStage: null,
      confidence: 0.55,
      evidence: `${LABEL} Understood the distance rule after one explanation.`,
      recommendation: `${LABEL} Point at similar patterns instead of exact lines.`,
    },
    {
      skillArea: 'Reading unfamiliar codebases',
      stage: 'advanced_beginner',
      previousStage: null,
      confidence: 0.6,
      evidence: `${LABEL} Traced run.js into did-you-mean.js unaided.`,
      recommendation: `${LABEL} Name the files, let them find the lines.`,
    },
    {
      skillArea: 'Node.js CLI tooling',
      stage: 'novice',
      previousStage: null,
      confidence: 0.5,
      evidence: `${LABEL} Needed the hint about the second caller.`,
      recommendation: `${LABEL} Keep line-level hints for CLI plumbing.`,
    },
  ],
};

const MEMORIES = {
  memories: [
    {
      text: `${LABEL} Worked on npm/cli#8841: typo suggestions in lib/utils/did-you-mean.js and its callers run.js and error-message.js.`,
      type: 'worked_on',
      tags: ['npm', 'did-you-mean', 'levenshtein'],
      importance: 'medium',
    },
    {
      text: `${LABEL} Struggled with relative edit-distance thresholds; flipped the factor back and forth before reasoning it through.`,
      type: 'struggled_with',
      tags: ['edit distance', 'thresholds'],
      importance: 'high',
    },
  ],
};

const REVIEW = {
  review: `${LABEL} Your distance function is correct and readable, and suggest() handles the exact-match case. The threshold is fixed at 2, so a long name like "install-ci-test" gets the same allowance as "ci".`,
  correct: true,
  level: 6,
  passed: true,
  followUp: {
    type: 'constraint_escalation',
    constraint: `${LABEL} Keep only two rows of the table in distance`,
    reason: `${LABEL} You have the algorithm; now its memory.`,
  },
  dreyfusSignal: 'advancing',
  suggestions: [
    `${LABEL} How would the allowance change if it depended on the typed length?`,
    `${LABEL} Which test case checks the order of ties?`,
  ],
};

/** Review My Work (issue 23 item 2): feedback with line references into did-you-mean.js (dropped on another project). */
const WORK_REVIEW = {
  review: `${LABEL} You found the closeness rule and made short names stricter. The caller in error-message.js still passes every command name, so check that unknown commands keep their suggestions.`,
  phaseGoalMet: true,
  suggestions: [`${LABEL} Which names does "npm lnt" suggest now?`],
  references: [
    {
      path: 'lib/utils/did-you-mean.js',
      startLine: 7,
      endLine: 7,
      note: `${LABEL} The rule you changed: try it on a 3-letter name.`,
    },
    {
      path: 'lib/utils/error-message.js',
      startLine: 410,
      endLine: 411,
      note: `${LABEL} The other caller of didYouMean.`,
    },
  ],
};

/** The manager summary (brainstorm API call 10; issue 23 item 4): a plain paragraph, no code. */
const MANAGER_SUMMARY = {
  summary: `${LABEL} I worked on the npm CLI bug where mistyped script names got unrelated suggestions. I traced how suggestions are chosen, made the rule stricter for short names and checked the other place that uses it. I practised reasoning about edit-distance thresholds, which I will keep practising with a short exercise.`,
};

function assessment(
  number: number,
  suitability: 'good_fit' | 'stretch' | 'too_advanced',
  priorityScore: number,
  summary: string,
  skills: string[],
  gap: boolean,
) {
  return {
    number,
    summary: `${LABEL} ${summary}`,
    suitability,
    suitabilityReason: `${LABEL} ${suitability === 'good_fit' ? 'Small, well-located change with a clear expected behaviour.' : suitability === 'stretch' ? 'Needs Arborist knowledge beyond your current stages.' : 'Needs profiling and benchmarking first.'}`,
    estimatedDifficulty:
      suitability === 'good_fit' ? 'beginner' : suitability === 'stretch' ? 'intermediate' : 'advanced',
    relevantSkills: skills,
    priorityScore,
    priorityFactors: {
      userTagged: number === 8841,
      similarToRecentWork: false,
      addressesKnowledgeGap: gap,
      teamUrgency: 'medium',
    },
    learningOpportunities: skills.map((s) => `${LABEL} ${s}`),
  };
}

const ISSUES = {
  issues: [
    assessment(
      8841,
      'good_fit',
      0.92,
      'Typo suggestions for `npm run` are too loose and skip `test`.',
      ['edit distance', 'reading call sites'],
      true,
    ),
    assessment(
      8790,
      'good_fit',
      0.7,
      'A boundary bug in format-bytes.js: 999,950 bytes prints as kB.',
      ['number formatting', 'boundary tests'],
      false,
    ),
    assessment(
      8836,
      'stretch',
      0.45,
      'outdated --json loses a field when workspaces share a dependency.',
      ['Arborist edges', 'JSON output'],
      false,
    ),
    assessment(
      8812,
      'too_advanced',
      0.2,
      'ls --all --parseable is slow on huge trees.',
      ['profiling', 'performance'],
      false,
    ),
  ],
};

const SEARCH_RESULTS = [
  { url: 'https://en.wikipedia.org/wiki/Levenshtein_distance', title: 'Levenshtein distance - Wikipedia' },
  { url: 'https://docs.npmjs.com/cli/v11/commands/npm-run', title: 'npm-run | npm Docs' },
];

const MATERIALS = {
  recommendations: [
    {
      knowledgeGap: 'Edit distance thresholds',
      resources: [
        {
          type: 'article',
          title: 'Levenshtein distance',
          url: SEARCH_RESULTS[0]!.url,
          description: `${LABEL} The definition and the two-row algorithm.`,
          relevance: 'direct',
          estimatedTime: '15 min read',
        },
        {
          type: 'documentation',
          title: 'npm run',
          url: SEARCH_RESULTS[1]!.url,
          description: `${LABEL} How npm resolves script names.`,
          relevance: 'supplementary',
          estimatedTime: '5 min read',
        },
      ],
      studyOrder: `${LABEL} The article first, then the npm docs.`,
      practiceConnection: `${LABEL} Then try the kata "Close enough: a typo matcher".`,
    },
    {
      knowledgeGap: 'Checking every caller of a shared helper',
      resources: [
        {
          type: 'documentation',
          title: 'npm run',
          url: SEARCH_RESULTS[1]!.url,
          description: `${LABEL} Where npm run reports a missing script.`,
          relevance: 'direct',
          estimatedTime: '5 min read',
        },
      ],
      studyOrder: `${LABEL} Read how npm run resolves a script, then list every caller of didYouMean.`,
      practiceConnection: null,
    },
  ],
};

/** The reply for one request of the offline demo (undefined = the stand-in's schema-sampled default). */
export function demoReply(request: StubRequest): StubReply | undefined {
  switch (callTypeOf(request)) {
    case 'coach_agent':
      return textReply(COACH, usage(5200, 1900));
    case 'memory_retrieval_filter': {
      const ids = [...userTextOf(request).matchAll(/\[(m\d+)\]/g)].map((m) => m[1] ?? '');
      return textReply(
        {
          relevantMemories: [],
          discarded: ids.map((memoryId) => ({ memoryId, reason: `${LABEL} Not related to this issue.` })),
        },
        usage(900, 120),
      );
    }
    case 'observer_triage':
      return textReply(
        userTextOf(request).includes('trigger: buffer_threshold') ? TRIAGE_NUDGE : TRIAGE_QUIET,
        usage(1100, 140),
      );
    case 'explain_this':
      return textReply(EXPLAIN, usage(2400, 420));
    case 'knowledge_gap_extraction':
      return textReply(GAPS, usage(4100, 900));
    case 'dreyfus_assessment':
      return textReply(DREYFUS, usage(3800, 520));
    case 'memory_summarisation':
      return textReply(MEMORIES, usage(3000, 300));
    case 'work_review':
      return textReply(WORK_REVIEW, usage(5_200, 420));
    case 'manager_summary':
      return textReply(MANAGER_SUMMARY, usage(700, 110));
    case 'practice_review':
      return textReply(REVIEW, usage(1500, 260));
    case 'issue_assessment':
      return textReply(ISSUES, usage(3600, 1100));
    case 'learning_materials': {
      // Only the gaps asked about (the server caches materials per gap and asks for the uncached ones).
      const asked = userTextOf(request);
      const recommendations = MATERIALS.recommendations.filter((r) => asked.includes(r.knowledgeGap));
      return webSearchReply({ recommendations }, SEARCH_RESULTS, {
        query: 'levenshtein distance threshold typo suggestions',
      });
    }
    default:
      return undefined;
  }
}
