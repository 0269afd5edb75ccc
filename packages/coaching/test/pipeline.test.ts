/**
 * Story 9 coaching pipeline at the library level: real SQLite file, the Messages-API stand-in, and a memory store
 * whose ChromaDB is down (unreachable port).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, createLlmClient } from '@paige/llm';
import type { LlmClient } from '@paige/llm';
import { error, startMessagesApiStub, textReply } from '@paige/llm/testing';
import type { MessagesApiStub, StubReply } from '@paige/llm/testing';
import { createMemoryStore } from '@paige/memory';
import type { MemoryStore } from '@paige/memory';
import { createSession, getActivePlan, listPlans, openDatabase } from '@paige/store';
import type { PaigeDatabase, Session } from '@paige/store';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CoachingError, runCoachingPipeline, safeRelativePath } from '../src/index.js';

const COACH = {
  phases: [
    {
      number: 1,
      title: 'Read the handler',
      description: 'Find where the request is parsed.',
      expectedFiles: ['./src/handler.ts', '/etc/passwd'],
      hintLevel: 'high',
      hints: [
        {
          type: 'line',
          path: 'src/handler.ts',
          startLine: 3,
          endLine: 9,
          style: 'hint',
          hoverText: 'What if the body is empty?',
        },
        { type: 'file', path: 'C:\\windows\\system.ini', style: 'suggested', hoverText: null },
      ],
      knowledgeGapOpportunities: [],
    },
  ],
  memoryConnection: null,
  estimatedDifficulty: 'beginner',
};

let dir: string;
let database: PaigeDatabase;
let stub: MessagesApiStub;
let llm: LlmClient;
let deadMemory: MemoryStore;
let session: Session;
let coachReply: StubReply | undefined;

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const address = srv.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coaching-pipeline-'));
  database = openDatabase(join(dir, 'paige.db'));
  stub = await startMessagesApiStub({
    handler: (r) => (r.systemText.includes("Paige's coaching engine") ? coachReply : undefined),
  });
  llm = createLlmClient({ apiKey: 'test-key', baseURL: stub.url, maxRetries: 0 });
  deadMemory = createMemoryStore({
    url: `http://127.0.0.1:${await closedPort()}`,
    requestTimeoutMs: 2_000,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  session = createSession(database, {
    projectDir: dir,
    issueTitle: 'Empty body crashes',
    issueSummary: 'POST with no body throws.',
  });
});
afterAll(async () => {
  await deadMemory.close();
  database.close();
  await stub.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  stub.requests.length = 0;
  coachReply = textReply(COACH);
});

const input = {
  planText: 'Read src/handler.ts lines 3-9, then guard the empty body.',
  issueSummary: 'POST with no body throws.',
};

describe('Story 9: runCoachingPipeline', () => {
  it('AS-2: with ChromaDB down the coach still runs with no memories and the plan is stored', async () => {
    const actions: Array<{ type: string; data: Record<string, unknown> }> = [];
    const result = await runCoachingPipeline({
      database,
      llm,
      memory: deadMemory,
      session,
      input,
      logAction: (type, data) => actions.push({ type, data }),
    });
    expect(result.memoriesRetrieved).toBe(0);
    expect(result.memoryFilter).toBe('skipped');
    expect(stub.requests).toHaveLength(1);
    expect(result.plan.isActive).toBe(true);
    expect(result.plan.title).toBe('Empty body crashes');
    // Paths outside the project are dropped, "./" is normalised.
    expect(result.plan.phases[0]?.expectedFiles).toEqual(['src/handler.ts']);
    expect(result.plan.phases[0]?.hints).toEqual([
      expect.objectContaining({
        type: 'line',
        path: 'src/handler.ts',
        lineStart: 3,
        lineEnd: 9,
        style: 'hint',
      }),
    ]);
    expect(result.droppedHints).toBe(1);
    expect(actions).toEqual([
      {
        type: 'coaching_pipeline_run',
        data: expect.objectContaining({ planId: result.plan.id, phaseCount: 1 }),
      },
    ]);
    expect(getActivePlan(database, session.id)?.id).toBe(result.plan.id);
  });

  it('AS-3: a coach API error or an empty plan throws and stores nothing', async () => {
    const before = listPlans(database, session.id).length;
    coachReply = error(400, 'invalid_request_error');
    await expect(runCoachingPipeline({ database, llm, memory: null, session, input })).rejects.toBeInstanceOf(
      ApiError,
    );
    coachReply = textReply({ ...COACH, phases: [] });
    await expect(runCoachingPipeline({ database, llm, memory: null, session, input })).rejects.toMatchObject({
      code: 'EMPTY_PLAN',
    });
    await expect(runCoachingPipeline({ database, llm, memory: null, session, input })).rejects.toBeInstanceOf(
      CoachingError,
    );
    expect(listPlans(database, session.id)).toHaveLength(before);
  });

  it('safeRelativePath keeps project-relative paths and rejects the rest', () => {
    expect(safeRelativePath('./src/a.ts')).toBe('src/a.ts');
    expect(safeRelativePath('src\\b.ts')).toBe('src/b.ts');
    expect(safeRelativePath('/abs/c.ts')).toBeNull();
    expect(safeRelativePath('src/../../d.ts')).toBeNull();
    expect(safeRelativePath('D:/e.ts')).toBeNull();
    expect(safeRelativePath('  ')).toBeNull();
  });
});

describe('issue 20 item 7: the solution-leak guard over the stored plan', () => {
  it('phase descriptions and hover texts lose new code at the phase hint level; code quoted from the learner file stays; one action per source', async () => {
    const handler =
      'export function handle(req) {\n  const body = JSON.parse(req.body)\n  return body.name\n}\n';
    coachReply = textReply({
      ...COACH,
      phases: [
        {
          ...COACH.phases[0],
          hintLevel: 'medium',
          description:
            'Guard the parse. For example:\n```ts\nif (!req.body) return { status: 400 };\nconst body = JSON.parse(req.body);\nreturn body.name;\n```',
          hints: [
            {
              type: 'line',
              path: 'src/handler.ts',
              startLine: 2,
              endLine: 2,
              style: 'hint',
              hoverText: 'This line `const body = JSON.parse(req.body)` throws on an empty body: why?',
            },
            {
              type: 'line',
              path: 'src/handler.ts',
              startLine: 1,
              endLine: 1,
              style: 'hint',
              hoverText: 'Add `if (!req.body) return { status: 400 };` first.',
            },
          ],
        },
      ],
    });
    const actions: Array<{ type: string; data: Record<string, unknown> }> = [];
    const reads: string[] = [];
    const result = await runCoachingPipeline({
      database,
      llm,
      memory: null,
      session,
      input,
      logAction: (type, data) => actions.push({ type, data }),
      readLearnerFile: async (path) => {
        reads.push(path);
        return path === 'src/handler.ts' ? handler : null;
      },
    });
    const phase = result.plan.phases[0]!;
    expect(reads).toContain('src/handler.ts');
    expect(phase.description).toContain('Guard the parse. For example:');
    expect(phase.description).not.toContain('status: 400');
    expect(phase.hints.map((h) => h.hoverText)).toEqual([
      'This line `const body = JSON.parse(req.body)` throws on an empty body: why?',
      'Add (code left out: yours to write) first.',
    ]);
    // What was stored is what is read back.
    expect(getActivePlan(database, session.id)?.phases[0]?.description).toBe(phase.description);
    expect(actions.filter((a) => a.type === 'solution_guard_applied').map((a) => a.data)).toEqual([
      expect.objectContaining({ source: 'phase_hint', hintLevel: 'medium', blocksRemoved: 1 }),
      expect.objectContaining({ source: 'hover_text', hintLevel: 'medium', inlineRemoved: 1 }),
    ]);
  });
});
