/**
 * Story 9 wrap-up at the library level: real SQLite file, the Messages-API stand-in, and a memory store whose
 * ChromaDB is down, so `addMemories` answers `{ available: false }`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLlmClient } from '@paige/llm';
import type { LlmClient } from '@paige/llm';
import { startMessagesApiStub, textReply } from '@paige/llm/testing';
import type { MessagesApiStub, StubReply } from '@paige/llm/testing';
import { createMemoryStore } from '@paige/memory';
import type { MemoryStore } from '@paige/memory';
import {
  addProgressEvent,
  createActionLog,
  createPlan,
  createSession,
  endSession,
  getKnowledgeGap,
  listKatas,
  listWrapUpErrors,
  openDatabase,
  recordKnowledgeGap,
  setKnowledgeGapAddressed,
  setSessionTranscript,
  listChallenges,
  listKnowledgeGaps,
  updatePhaseStatus,
} from '@paige/store';
import type { PaigeDatabase, Session } from '@paige/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWrapUpData, retryWrapUp, runWrapUp } from '../src/index.js';

let dir: string;
let database: PaigeDatabase;
let stub: MessagesApiStub;
let llm: LlmClient;
let deadMemory: MemoryStore;
let session: Session;
const replies: Record<string, StubReply> = {
  "Paige's learning analyst": textReply({
    knowledgeGaps: [],
    addressedGaps: [],
    katas: [],
    sessionSummary: { phasesCompleted: 1, totalTimeMinutes: 5, hintsUsed: 1, independentCompletions: 0 },
  }),
  "Paige's skill assessor": textReply({ assessments: [] }),
  "Paige's memory curator": textReply({
    memories: [
      {
        text: 'The learner guarded an empty request body.',
        type: 'demonstrated',
        tags: ['http'],
        importance: 'medium',
      },
      {
        text: 'The learner needed a hint to find the handler.',
        type: 'struggled_with',
        tags: ['navigation'],
        importance: 'low',
      },
    ],
  }),
};

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const address = srv.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coaching-wrapup-'));
  database = openDatabase(join(dir, 'paige.db'));
  stub = await startMessagesApiStub({
    handler: (r) => Object.entries(replies).find(([marker]) => r.systemText.includes(marker))?.[1],
  });
  llm = createLlmClient({ apiKey: 'test-key', baseURL: stub.url, maxRetries: 0 });
  deadMemory = createMemoryStore({
    url: `http://127.0.0.1:${await closedPort()}`,
    requestTimeoutMs: 2_000,
    logger: { info() {}, warn() {}, error() {} },
  });
  session = createSession(database, { projectDir: dir, issueTitle: 'Empty body crashes' });
  const plan = createPlan(database, {
    sessionId: session.id,
    phases: [
      { number: 1, title: 'Find the handler', description: 'Locate it.', hintLevel: 'high' },
      { number: 2, title: 'Guard the body', description: 'Add the check.', hintLevel: 'medium' },
    ],
  });
  updatePhaseStatus(database, { planId: plan.id, phaseNumber: 1, status: 'active' });
  addProgressEvent(database, {
    phaseId: plan.phases[0]!.id,
    eventType: 'hint_used',
    data: { tool: 'paige_hint_files' },
  });
  createActionLog({ database, groupCommit: false }).logAction({
    sessionId: session.id,
    actionType: 'file_open',
    data: { path: 'src/handler.ts' },
  });
  setSessionTranscript(database, session.id, 'STORED-TRANSCRIPT');
});
afterAll(async () => {
  await deadMemory.close();
  database.close();
  await stub.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Story 9: runWrapUp and retryWrapUp', () => {
  it('reads the real session data: actions, phases with their status, progress events with phase numbers', () => {
    const data = loadWrapUpData(database, session);
    expect(data.actions.map((a) => a.type)).toContain('file_open');
    expect(data.phases.map((p) => [p.number, p.status])).toEqual([
      [1, 'active'],
      [2, 'pending'],
    ]);
    expect(data.progressEvents).toEqual([
      expect.objectContaining({ eventType: 'hint_used', phaseNumber: 1 }),
    ]);
  });

  it('retryWrapUp refuses an active or unknown session', async () => {
    await expect(
      retryWrapUp({ database, llm, memory: deadMemory, sessionId: session.id }),
    ).rejects.toMatchObject({ code: 'SESSION_NOT_ENDED' });
    await expect(retryWrapUp({ database, llm, memory: deadMemory, sessionId: 'nope' })).rejects.toMatchObject(
      { code: 'SESSION_NOT_FOUND' },
    );
  });

  it('AS-5: memory reachable-but-down ({ available: false }) is a reflection failure, recorded with a wrap_up_error action', async () => {
    endSession(database, { sessionId: session.id, status: 'completed' });
    const result = await runWrapUp({
      database,
      llm,
      memory: deadMemory,
      session,
      transcript: 'the transcript',
    });
    expect(result.counts).toEqual({ knowledgeGaps: 0, kataSpecs: 0, dreyfusUpdates: 0, memoriesStored: 0 });
    expect(result.errors).toEqual([
      { agent: 'reflection', message: 'ChromaDB is unavailable: 2 memories were not stored' },
    ]);
    expect(listWrapUpErrors(database, session.id).map((e) => e.agentName)).toEqual(['reflection']);
    const log = createActionLog({ database, groupCommit: false });
    expect(
      log.recentActions({ sessionId: session.id, limit: 5, actionType: 'wrap_up_error' })[0]?.data,
    ).toEqual({
      agent: 'reflection',
      message: 'ChromaDB is unavailable: 2 memories were not stored',
    });
    // The phases, the hint used and the file opened reached the agents.
    const gapText = JSON.stringify(
      stub.requests.find((r) => r.systemText.includes("Paige's learning analyst"))?.messages,
    );
    expect(gapText).toContain('Guard the body');
    expect(gapText).toContain('hint_used');
    expect(gapText).toContain('file_open');
  });

  it('retryWrapUp re-runs only the failed agent from the stored transcript and keeps the status with errors', async () => {
    stub.requests.length = 0;
    const result = await retryWrapUp({ database, llm, memory: deadMemory, sessionId: session.id });
    expect(result.retried).toEqual(['reflection']);
    expect(result.sessionStatus).toBe('completed_with_errors');
    expect(result.errors.map((e) => e.agent)).toEqual(['reflection']);
    expect(stub.requests).toHaveLength(1);
    expect(JSON.stringify(stub.requests[0]?.messages)).toContain('STORED-TRANSCRIPT');
    // The old error row was replaced, not accumulated.
    expect(listWrapUpErrors(database, session.id)).toHaveLength(1);

    // Retrying a named agent that works clears nothing else and reports its own counts.
    const dreyfus = await retryWrapUp({
      database,
      llm,
      memory: deadMemory,
      sessionId: session.id,
      agent: 'dreyfus',
    });
    expect(dreyfus).toMatchObject({
      retried: ['dreyfus'],
      sessionStatus: 'completed_with_errors',
      counts: { dreyfusUpdates: 0 },
    });
    expect(dreyfus.errors.map((e) => e.agent)).toEqual(['reflection']);
  });
});

describe('issue 20 item 1: a later wrap-up judges open gaps addressed (Story 12 knowledgeGapsAddressed)', () => {
  it('the agent sees the open gaps; one it judges addressed is marked (with an action); a recurring gap keeps its state; kata descriptions are guarded', async () => {
    const open = recordKnowledgeGap(database, {
      sessionId: null,
      topic: 'Promise error handling',
      severity: 'medium',
      evidence: 'e',
    });
    const recurring = recordKnowledgeGap(database, {
      sessionId: null,
      topic: 'Array methods',
      severity: 'low',
      evidence: 'e',
    });
    const wasAddressed = recordKnowledgeGap(database, {
      sessionId: null,
      topic: 'Closures',
      severity: 'low',
      evidence: 'e',
    });
    setKnowledgeGapAddressed(database, wasAddressed.id, true);
    const later = createSession(database, {
      projectDir: dir,
      issueTitle: 'Retry the upload',
      hintLevel: 'low',
    });
    endSession(database, { sessionId: later.id, status: 'completed' });
    stub.requests.length = 0;
    stub.reply(
      textReply({
        knowledgeGaps: [
          {
            topic: 'Array methods',
            severity: 'medium',
            evidence: 'Needed a hint for reduce again.',
            relatedConcepts: [],
          },
          {
            topic: 'Closures',
            severity: 'low',
            evidence: 'Captured a stale loop variable.',
            relatedConcepts: [],
          },
        ],
        addressedGaps: [
          { topic: 'promise error handling', evidence: 'Wrote the catch and the retry without any hint.' },
          { topic: 'Array methods', evidence: 'contradicts the gap above: ignored' },
          { topic: 'Not a known gap', evidence: 'ignored' },
        ],
        katas: [
          {
            gapTopic: 'Array methods',
            title: 'Sum with reduce',
            description:
              'Sum the prices. Like this:\n```js\nconst total = items.reduce((s, i) => s + i.price, 0);\nconsole.log(total);\nreturn total;\n```',
            scaffoldingCode: 'function total(items) {\n  // your code\n}',
            instructorNotes: 'n',
            testCases: [],
            constraints: [],
          },
        ],
        sessionSummary: { phasesCompleted: 1, totalTimeMinutes: 10, hintsUsed: 1, independentCompletions: 0 },
      }),
    );
    await runWrapUp({
      database,
      llm,
      memory: deadMemory,
      session: later,
      transcript: 't',
      agents: ['knowledge_gaps'],
    });
    const sent = JSON.stringify(stub.requests.at(-1)?.messages);
    expect(sent).toContain('Promise error handling (medium, seen 1 times, open)');
    expect(sent).toContain('Closures (low, seen 1 times, addressed)');
    expect(getKnowledgeGap(database, open.id)).toMatchObject({ addressed: true });
    expect(getKnowledgeGap(database, open.id)?.addressedAt).not.toBeNull();
    // A recurring open gap stays open; a recurring addressed gap is no longer reset to open by the wrap-up.
    expect(getKnowledgeGap(database, recurring.id)).toMatchObject({ addressed: false, frequency: 2 });
    expect(getKnowledgeGap(database, wasAddressed.id)).toMatchObject({ addressed: true, frequency: 2 });
    const log = createActionLog({ database, groupCommit: false });
    expect(
      log
        .recentActions({ sessionId: later.id, limit: 5, actionType: 'knowledge_gap_addressed' })
        .map((a) => a.data),
    ).toEqual([
      {
        gapId: open.id,
        topic: 'Promise error handling',
        reason: 'wrap_up',
        evidence: 'Wrote the catch and the retry without any hint.',
      },
    ]);
    const kata = listKatas(database, { knowledgeGapId: recurring.id })[0];
    expect(kata?.description).not.toContain('items.reduce');
    expect(kata?.description).toContain('Sum the prices.');
    expect(
      log.recentActions({ sessionId: later.id, limit: 5, actionType: 'solution_guard_applied' })[0]?.data,
    ).toMatchObject({ source: 'kata', hintLevel: 'low', blocksRemoved: 1 });
  });
});

describe('issue 24: katas with runnable tests, and challenges that are not code', () => {
  it('the prompt asks for tests in the project language; tests pass the guard and are stored; leaky ones are held back; challenges are stored', async () => {
    const gapA = 'Issue24 string slicing';
    const gapB = 'Issue24 effects timing';
    const later = createSession(database, { projectDir: dir, issueTitle: 'Slugs', hintLevel: 'low' });
    createActionLog({ database, groupCommit: false }).logAction({
      sessionId: later.id,
      actionType: 'file_open',
      data: { path: 'src/slug.ts' },
    });
    endSession(database, { sessionId: later.id, status: 'completed' });
    stub.requests.length = 0;
    const good = {
      gapTopic: gapA,
      title: 'Slugify',
      description: 'Turn a title into a URL slug.',
      scaffoldingCode:
        'export function slugify(title: string): string {\n  // TODO: your code\n  throw new Error("not written yet");\n}\n',
      instructorNotes: 'n',
      testCases: ['spaces become dashes'],
      constraints: [],
      runnableTests: {
        preamble: "import { slugify } from './solution.js';",
        cases: [{ name: 'spaces become dashes', code: "assert.equal(slugify('a b'), 'a-b');" }],
      },
    };
    const leaky = {
      ...good,
      title: 'Slugify again',
      runnableTests: {
        preamble: "import { slugify } from './solution.js';",
        cases: [
          {
            name: 'matches the reference',
            code: "const ref = (s) => s.replace(/ /g, '-');\nassert.equal(slugify('a b'), ref('a b'));",
          },
        ],
      },
    };
    stub.reply(
      textReply({
        knowledgeGaps: [
          { topic: gapA, severity: 'medium', evidence: 'Needed two hints for slice.', relatedConcepts: [] },
          { topic: gapB, severity: 'medium', evidence: 'Asked when effects run.', relatedConcepts: [] },
        ],
        addressedGaps: [],
        katas: [good, leaky],
        challenges: [
          {
            gapTopic: gapB,
            kind: 'quiz',
            title: 'When effects run',
            questions: [
              {
                question: 'When?',
                choices: [
                  { text: 'During render', explanation: 'No' },
                  { text: 'After commit', explanation: 'Yes' },
                ],
                correctIndex: 1,
              },
            ],
            prompt: null,
            rubric: null,
          },
          {
            gapTopic: gapB,
            kind: 'explain_back',
            title: 'Explain effects',
            questions: null,
            prompt: 'Explain when an effect runs.',
            rubric: ['Says after render'],
          },
          {
            gapTopic: gapB,
            kind: 'explain_back',
            title: 'Missing rubric',
            questions: null,
            prompt: 'x',
            rubric: null,
          },
        ],
        sessionSummary: { phasesCompleted: 1, totalTimeMinutes: 10, hintsUsed: 2, independentCompletions: 0 },
      }),
    );
    await runWrapUp({
      database,
      llm,
      memory: deadMemory,
      session: later,
      transcript: 't',
      agents: ['knowledge_gaps'],
    });
    const sent = JSON.stringify(stub.requests.at(-1)?.messages);
    expect(sent).toContain('<kata_language>\\ntypescript');
    const gap = listKnowledgeGaps(database, { sessionId: later.id }).find((g) => g.topic === gapA)!;
    const katas = listKatas(database, { knowledgeGapId: gap.id });
    const stored = katas.find((k) => k.title === 'Slugify');
    expect(stored?.tests).toEqual({ language: 'typescript', ...good.runnableTests });
    expect(katas.find((k) => k.title === 'Slugify again')?.tests).toBeNull();
    const gapBRow = listKnowledgeGaps(database, { sessionId: later.id }).find((g) => g.topic === gapB)!;
    expect(
      listChallenges(database, { knowledgeGapId: gapBRow.id })
        .map((c) => c.content.kind)
        .sort(),
    ).toEqual(['explain_back', 'quiz']);
  });
});
