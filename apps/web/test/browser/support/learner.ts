/**
 * A learner's history for the dashboard and practice tests, made through the real flows as `pnpm demo` makes it: the
 * MCP tools Claude Code calls (`paige_start_session`, `paige_run_coaching_pipeline`, `paige_update_phase`,
 * `paige_end_session` with the wrap-up: knowledge gaps, a kata, Dreyfus assessments, memories in the server's own
 * Chroma), answered by the Messages-API stand-in with the scripted replies below, and a recorded `gh` first on PATH.
 * One earlier session is then moved three weeks into the past (the only direct database write) so the stats of
 * the last 7 days and of all time differ, as they would for a learner who came back.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@paige/store';
import { refusal, textReply, webSearchReply, type StubReply, type StubRequest } from '@paige/llm/testing';
import { startPaige, type Paige } from './paige.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The folder of the recorded `gh` (put first on the server's PATH). */
export const GH_DIR = join(here, '../fixtures/gh');

/** Which prompt module a stand-in request belongs to, from the task sentence of its system prompt. */
export type LearnerCall =
  | 'knowledge_gaps'
  | 'dreyfus'
  | 'memories'
  | 'memory_filter'
  | 'practice_review'
  | 'issue_assessment'
  | 'learning_materials';
const MARKERS: Record<LearnerCall, string> = {
  knowledge_gaps: "Paige's learning analyst",
  dreyfus: "Paige's skill assessor",
  memories: "Paige's memory curator",
  memory_filter: 'filter memories for relevance',
  practice_review: "Paige's practice reviewer",
  issue_assessment: "Paige's issue curator",
  learning_materials: "Paige's learning-materials researcher",
};

export function learnerCallOf(request: StubRequest): LearnerCall | undefined {
  return (Object.keys(MARKERS) as LearnerCall[]).find((k) => request.systemText.includes(MARKERS[k]));
}

/** The text of a request's user messages. */
export function userText(request: StubRequest): string {
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

/** The kata the wrap-up of the main session writes. */
export const KATA = {
  title: 'Close enough: a typo matcher',
  description:
    'Write suggest(typed, names) returning the names within a sensible edit distance of typed, closest first.',
  scaffoldingCode:
    'export function distance(a, b) {\n  // how many single-character edits turn a into b?\n}\n\nexport function suggest(typed, names) {\n  // your code\n}\n',
  constraints: [
    { title: 'No dependencies', description: 'Write distance yourself, no library.', minLevel: 1 },
    { title: 'Closest first', description: 'Sort the suggestions by distance.', minLevel: 3 },
    {
      title: 'Two rows only',
      description: 'distance keeps only two rows of the table in memory.',
      minLevel: 5,
    },
  ],
};

/** Gaps of the main session (#8841) and of the earlier one (#8790). */
export const GAPS_MAIN = [
  {
    topic: 'Edit distance thresholds',
    severity: 'medium',
    evidence: 'Flipped the 0.4 factor back and forth before reasoning about short names.',
    relatedConcepts: ['Levenshtein distance'],
  },
  {
    topic: 'Checking every caller of a helper',
    severity: 'low',
    evidence: 'Opened error-message.js only after a hint.',
    relatedConcepts: ['call sites'],
  },
];
export const GAP_EARLIER = {
  topic: 'Unit boundaries in number formatting',
  severity: 'low',
  evidence: 'Needed two tries to see why 999,950 bytes rounds up.',
  relatedConcepts: ['rounding'],
};

/** The Dreyfus assessments the wrap-ups write (the main session's win for shared skill areas). */
export const DREYFUS_ROWS = [
  { skillArea: 'JavaScript string algorithms', stage: 'advanced_beginner', confidence: 0.6 },
  { skillArea: 'Reading unfamiliar codebases', stage: 'competent', confidence: 0.7 },
  { skillArea: 'Node.js CLI tooling', stage: 'novice', confidence: 0.5 },
  { skillArea: 'Number formatting', stage: 'advanced_beginner', confidence: 0.55 },
] as const;

/** The fit the issue curator gives each recorded issue. */
export const ASSESSED_ISSUES = [
  {
    number: 8841,
    suitability: 'good_fit',
    priorityScore: 0.92,
    difficulty: 'beginner',
    summary: 'Typo suggestions for npm run are too loose and skip test.',
    reason: 'A small change in one helper with a clear expected behaviour.',
    gap: true,
  },
  {
    number: 8790,
    suitability: 'stretch',
    priorityScore: 0.64,
    difficulty: 'intermediate',
    summary: 'A rounding boundary in format-bytes.js.',
    reason: 'Needs care with rounding you practised once before.',
    gap: false,
  },
  {
    number: 8812,
    suitability: 'too_advanced',
    priorityScore: 0.21,
    difficulty: 'advanced',
    summary: 'Profiling ls on huge trees.',
    reason: 'Needs profiling and benchmarking first.',
    gap: false,
  },
] as const;

/** The web search results the materials researcher "found" (the backend keeps only these URLs). */
export const SEARCH_RESULTS = [
  { url: 'https://en.wikipedia.org/wiki/Levenshtein_distance', title: 'Levenshtein distance' },
  { url: 'https://docs.npmjs.com/cli/v11/commands/npm-run', title: 'npm run' },
];

/** A review the stand-in gives for a kata submission. */
export interface ScriptedReview {
  review: string;
  correct: boolean;
  level: number;
  passed: boolean;
  followUp: {
    type: 'constraint_escalation' | 'retry_hint' | 'completed';
    constraint: string | null;
    reason: string | null;
  } | null;
  dreyfusSignal: 'advancing' | 'stable' | 'struggling';
  suggestions: string[];
}

/** Level 4, not passed: unlocks "Closest first" (level 3); "Two rows only" (level 5) stays locked. */
export const REVIEW_LEVEL_4: ScriptedReview = {
  review:
    'distance is right and readable. suggest returns every name within 2 edits, so a 3-letter typo matches almost anything.',
  correct: false,
  level: 4,
  passed: false,
  followUp: {
    type: 'retry_hint',
    constraint: null,
    reason: 'Let the allowed distance grow with the length of what was typed.',
  },
  dreyfusSignal: 'advancing',
  suggestions: ['How many edits should a 4-letter name allow?', 'Which test case checks the order of ties?'],
};

/** What the tests change in the stand-in's behaviour while they run. */
export interface LearnerScript {
  /** Delay of the issue curator's answers, ms (the issues section's loading state stays visible meanwhile). */
  issuesDelayMs: number;
  /** The issue curator refuses (the issues flow fails: `dashboard:issues_error`). */
  issuesRefuse: boolean;
  /** Delay of the materials researcher, ms. */
  materialsDelayMs: number;
  /** The next practice review; `null`: the reviewer refuses (`review:error`). */
  review: ScriptedReview | null;
  /** Delay of a practice review, ms (the progress state stays visible meanwhile). */
  reviewDelayMs: number;
}

const slowly = (ms: number, reply: StubReply): StubReply => (ms > 0 ? { kind: 'slow', ms, reply } : reply);

function learnerReply(request: StubRequest, script: LearnerScript): StubReply | undefined {
  const call = learnerCallOf(request);
  const text = call ? userText(request) : '';
  const earlier = text.includes('format-bytes');
  switch (call) {
    case 'knowledge_gaps':
      return textReply({
        knowledgeGaps: earlier ? [GAP_EARLIER] : GAPS_MAIN,
        addressedGaps: [],
        katas: earlier
          ? []
          : [
              {
                gapTopic: GAPS_MAIN[0]!.topic,
                ...KATA,
                instructorNotes: 'A threshold that scales with length and a stable sort.',
                testCases: [
                  'suggest("tset", ["test", "build"]) returns ["test"]',
                  'an exact match is not suggested',
                ],
              },
            ],
        sessionSummary: {
          phasesCompleted: earlier ? 1 : 2,
          totalTimeMinutes: earlier ? 25 : 40,
          hintsUsed: 2,
          independentCompletions: 1,
        },
      });
    case 'dreyfus':
      return textReply({
        assessments: (earlier ? DREYFUS_ROWS.slice(3) : DREYFUS_ROWS.slice(0, 3)).map((d) => ({
          ...d,
          previousStage: null,
          evidence: `Seen in the session on ${earlier ? 'format-bytes' : 'did-you-mean'}.`,
          recommendation: 'Point at patterns before exact lines.',
        })),
      });
    case 'memories':
      return textReply({
        memories: [
          {
            text: `Worked on ${earlier ? 'format-bytes rounding' : 'typo suggestions in did-you-mean.js'}.`,
            type: 'worked_on',
            tags: ['npm'],
            importance: 'medium',
          },
        ],
      });
    case 'memory_filter': {
      const ids = [...text.matchAll(/\[(m\d+)\]/g)].map((m) => m[1] ?? '');
      return textReply({
        relevantMemories: [],
        discarded: ids.map((memoryId) => ({ memoryId, reason: 'Not related to this issue.' })),
      });
    }
    case 'issue_assessment': {
      if (script.issuesRefuse)
        return slowly(script.issuesDelayMs, refusal('I cannot assess these issues right now.'));
      const issues = ASSESSED_ISSUES.filter(
        (i) => text.includes(`#${i.number}`) || text.includes(String(i.number)),
      ).map((i) => ({
        number: i.number,
        summary: i.summary,
        suitability: i.suitability,
        suitabilityReason: i.reason,
        estimatedDifficulty: i.difficulty,
        relevantSkills: i.number === 8841 ? ['edit distance', 'reading call sites'] : ['numbers'],
        priorityScore: i.priorityScore,
        priorityFactors: {
          userTagged: i.number === 8841,
          similarToRecentWork: i.number === 8790,
          addressesKnowledgeGap: i.gap,
          teamUrgency: 'medium',
        },
        learningOpportunities: [`What #${i.number} teaches`],
      }));
      return slowly(script.issuesDelayMs, textReply({ issues }));
    }
    case 'learning_materials': {
      const recommendations = [
        {
          knowledgeGap: GAPS_MAIN[0]!.topic,
          resources: [
            {
              type: 'article',
              title: 'Levenshtein distance',
              url: SEARCH_RESULTS[0]!.url,
              description: 'The definition and the two-row algorithm.',
              relevance: 'direct',
              estimatedTime: '15 min read',
            },
            // A URL the search did not return: the backend drops it, so it must never reach the page.
            {
              type: 'article',
              title: 'An invented page',
              url: 'https://example.invalid/made-up',
              description: 'Not from the search.',
              relevance: 'supplementary',
              estimatedTime: '5 min',
            },
          ],
          studyOrder: 'Read the article, then try the kata.',
          practiceConnection: `Then practise with "${KATA.title}".`,
        },
        {
          knowledgeGap: GAPS_MAIN[1]!.topic,
          resources: [
            {
              type: 'documentation',
              title: 'npm run',
              url: SEARCH_RESULTS[1]!.url,
              description: 'Where npm run reports a missing script.',
              relevance: 'direct',
              estimatedTime: '5 min read',
            },
          ],
          studyOrder: 'Read how npm run resolves a script, then list every caller of didYouMean.',
          practiceConnection: null,
        },
      ].filter((r) => text.includes(r.knowledgeGap));
      return slowly(
        script.materialsDelayMs,
        webSearchReply({ recommendations }, SEARCH_RESULTS, { query: 'edit distance threshold' }),
      );
    }
    case 'practice_review': {
      const review = script.review;
      return slowly(
        script.reviewDelayMs,
        review ? textReply(review) : refusal('I cannot review this submission.'),
      );
    }
    default:
      return undefined;
  }
}

/** A Paige with a learner's history, the recorded `gh` and the scripted replies. */
export interface LearnerPaige extends Paige {
  learner: LearnerScript;
}

/** Starts Paige (with its own Chroma) and makes the learner's history through the real flows. */
export async function startPaigeWithHistory(): Promise<LearnerPaige> {
  const learner: LearnerScript = {
    issuesDelayMs: 0,
    issuesRefuse: false,
    materialsDelayMs: 0,
    review: REVIEW_LEVEL_4,
    reviewDelayMs: 0,
  };
  const paige = await startPaige(
    // The server starts its own Chroma (memories are part of a completed wrap-up) and finds the recorded gh first on PATH.
    { PAIGE_START_CHROMA: 'true', PATH: `${GH_DIR}:${process.env.PATH ?? ''}` },
    { reply: (request) => learnerReply(request, learner) },
  );
  try {
    await waitForLog(paige, 'local ChromaDB started', 30_000);
    // An earlier session on #8790, moved three weeks back afterwards.
    const earlier = await paige.tool('paige_start_session', {
      issueNumber: 8790,
      issueTitle: 'format-bytes shows 1000kB instead of 1MB',
      issueSummary: 'A rounding boundary in lib/utils/format-bytes.js.',
    });
    await endSession(
      paige,
      '[user] Fixed the format-bytes boundary after two tries.\n[paige] Why does 999,950 round up?',
    );
    backdateSession(paige.dataDir, String(earlier.sessionId), 21);

    // The main session on #8841: plan, phases, wrap-up with gaps, a kata and Dreyfus rows.
    await paige.tool('paige_start_session', {
      issueNumber: 8841,
      issueTitle: 'npm run <typo> suggests unrelated scripts',
      issueSummary: 'Noisy suggestions for mistyped script names.',
    });
    await paige.tool('paige_run_coaching_pipeline', {
      planText: '1. Read did-you-mean.js. 2. Tighten isClose.',
      issueSummary: 'Noisy suggestions for mistyped script names.',
      issueNumber: 8841,
    });
    await paige.tool('paige_update_phase', { phase: 1, status: 'active' });
    await paige.tool('paige_update_phase', { phase: 1, status: 'complete' });
    const main = await endSession(
      paige,
      '[user] isClose allows 40% of the length as edits.\n[paige] Which other caller must keep working?\n[user] error-message.js. I made the rule stricter.',
    );
    if (Number(main.kataSpecs) < 1 || Number(main.knowledgeGaps) < 1 || Number(main.dreyfusUpdates) < 1) {
      throw new Error(`the main wrap-up did not store gaps, a kata and assessments: ${JSON.stringify(main)}`);
    }
  } catch (err) {
    await paige.stop();
    throw err;
  }
  return Object.assign(paige, { learner });
}

/** Waits until the server's log contains `text`. */
async function waitForLog(paige: Paige, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!paige.log().includes(text)) {
    if (Date.now() > deadline)
      throw new Error(
        `the server did not log "${text}" within ${timeoutMs} ms:\n${paige.log().slice(-3000)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Ends the active session with the wrap-up and returns its counts. The memory store connects to Chroma just after
 * Chroma reports ready, so a wrap-up that raced it is completed with `paige_retry_wrap_up`, as Claude Code would.
 * @throws Error unless the session ends `completed`.
 */
async function endSession(paige: Paige, transcript: string): Promise<Record<string, unknown>> {
  const ended = await paige.tool('paige_end_session', { sessionTranscript: transcript, wait: true });
  let status = ended.sessionStatus;
  let errors = ended.errors;
  for (let i = 0; status !== 'completed' && i < 5; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const retried = await paige.tool('paige_retry_wrap_up', { sessionId: String(ended.sessionId) });
    status = retried.sessionStatus;
    errors = retried.errors;
  }
  if (status !== 'completed')
    throw new Error(`session ${String(ended.sessionId)} ended ${String(status)}: ${JSON.stringify(errors)}`);
  return ended;
}

/**
 * Moves one session and everything it logged `days` into the past (sessions, action_log, api_call_log, its knowledge
 * gaps), as if it had happened then.
 */
export function backdateSession(dataDir: string, sessionId: string, days: number): void {
  const db = openDatabase(join(dataDir, 'paige.db'));
  const shift = `-${days} days`;
  const iso = (col: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${col}, '${shift}')`;
  try {
    db.sqlite.transaction(() => {
      db.sqlite
        .prepare(
          `UPDATE sessions SET started_at = ${iso('started_at')}, ended_at = ${iso('ended_at')} WHERE id = ?`,
        )
        .run(sessionId);
      db.sqlite
        .prepare(`UPDATE action_log SET created_at = ${iso('created_at')} WHERE session_id = ?`)
        .run(sessionId);
      db.sqlite
        .prepare(`UPDATE api_call_log SET created_at = ${iso('created_at')} WHERE session_id = ?`)
        .run(sessionId);
      db.sqlite
        .prepare(
          `UPDATE knowledge_gaps SET last_encountered_at = ${iso('last_encountered_at')} WHERE session_id = ?`,
        )
        .run(sessionId);
    })();
  } finally {
    db.close();
  }
}
