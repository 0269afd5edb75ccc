/**
 * Story 9 (issue 8) end to end with a real ChromaDB (`startLocalChroma`): memories feeding the coaching pipeline
 * through the retrieval filter, the full wrap-up storing memories, each single wrap-up agent failing, and a retry.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  error,
  startMessagesApiStub,
  textReply,
  type MessagesApiStub,
  type StubReply,
  type StubRequest,
} from '@paige/llm/testing';
import { startLocalChroma, type LocalChroma, type MemoryStore } from '@paige/memory';
import {
  getSession,
  listDreyfusAssessments,
  listKatas,
  listKnowledgeGaps,
  listWrapUpErrors,
} from '@paige/store';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectMcp, eventually, startTestServer, WsClient, type TestServer } from '../support/harness.js';

type Agent = 'filter' | 'coach' | 'gaps' | 'dreyfus' | 'reflection';
const MARKERS: Record<Agent, string> = {
  filter: 'filter memories for relevance',
  coach: "Paige's coaching engine",
  gaps: "Paige's learning analyst",
  dreyfus: "Paige's skill assessor",
  reflection: "Paige's memory curator",
};
const agentOf = (r: StubRequest): Agent | undefined =>
  (Object.keys(MARKERS) as Agent[]).find((a) => r.systemText.includes(MARKERS[a]));
const userText = (r: StubRequest): string => {
  const first = r.messages[0] as { content: unknown } | undefined;
  if (!first) return '';
  if (typeof first.content === 'string') return first.content;
  return (first.content as Array<{ text?: string }>).map((b) => b.text ?? '').join('');
};

const COACH_REPLY = {
  phases: [
    {
      number: 1,
      title: 'Recall the cleanup pattern',
      description:
        'You fixed a missing effect cleanup before; find the effect in the profile page that leaks.',
      expectedFiles: ['src/profile.tsx'],
      hintLevel: 'medium',
      hints: [{ type: 'file', path: 'src/profile.tsx', style: 'required', hoverText: null }],
      knowledgeGapOpportunities: ['useEffect cleanup'],
    },
  ],
  memoryConnection: 'Same missing cleanup as the UserList fix last week.',
  estimatedDifficulty: 'beginner',
};
const GAPS_REPLY = {
  knowledgeGaps: [
    {
      topic: 'useEffect cleanup',
      severity: 'high',
      evidence: '3 hints in phase 1',
      relatedConcepts: ['react'],
    },
  ],
  addressedGaps: [],
  katas: [
    {
      gapTopic: 'useEffect cleanup',
      title: 'Leaky timer',
      description: 'Stop a timer when the component goes away.',
      scaffoldingCode: null,
      instructorNotes: 'Return a cleanup function.',
      testCases: ['no tick after unmount'],
      constraints: [{ title: 'No refs', description: 'Do it without useRef', minLevel: 4 }],
    },
  ],
  sessionSummary: { phasesCompleted: 1, totalTimeMinutes: 20, hintsUsed: 3, independentCompletions: 0 },
};
const DREYFUS_REPLY = {
  assessments: [
    {
      skillArea: 'React effects',
      stage: 'advanced_beginner',
      previousStage: null,
      confidence: 0.6,
      evidence: 'fixed with hints',
      recommendation: 'medium hints',
    },
  ],
};
const REFLECTION_REPLY = {
  memories: [
    {
      text: 'The learner fixed a missing useEffect cleanup in the profile page after three hints.',
      type: 'struggled_with',
      tags: ['react', 'useeffect'],
      importance: 'high',
    },
    {
      text: 'The learner worked on the profile page subscription leak.',
      type: 'worked_on',
      tags: ['react'],
      importance: 'medium',
    },
  ],
};

let chroma: LocalChroma;
let chromaDir: string;
let t: TestServer;
let stub: MessagesApiStub;
let mcp: { client: Client; close(): Promise<void> };
let ws: WsClient;
let script: Partial<Record<Agent, StubReply>> = {};

beforeAll(async () => {
  chromaDir = mkdtempSync(join(tmpdir(), 'paige-chroma-'));
  chroma = await startLocalChroma({ dataDir: chromaDir });
  stub = await startMessagesApiStub({
    handler: (r) => {
      const agent = agentOf(r);
      return agent ? script[agent] : undefined;
    },
  });
  t = await startTestServer({
    files: { 'src/profile.tsx': 'export function Profile() {\n  useEffect(() => { subscribe(); });\n}\n' },
    env: { ANTHROPIC_BASE_URL: stub.url, CHROMA_URL: chroma.url },
  });
  await eventually(() => t.server.parts.memory.available(), 15_000);
  mcp = await connectMcp(t.url);
  ws = (await WsClient.hello(t.url)).client;
});
afterAll(async () => {
  await ws?.close();
  await mcp?.close();
  await t?.stop();
  await stub?.stop();
  await chroma?.stop();
  rmSync(chromaDir, { recursive: true, force: true });
});
beforeEach(() => {
  script = {};
  stub.requests.length = 0;
});

const ctx = () => t.server.parts;
const memory = (): MemoryStore => {
  const m = ctx().memory.store();
  if (!m) throw new Error('memory store not started');
  return m;
};
async function call(name: string, args: Record<string, unknown>) {
  const res = await mcp.client.callTool({ name, arguments: args });
  const text = (res.content as Array<{ text: string }>)[0]?.text ?? '';
  return {
    isError: res.isError === true,
    structured: res.structuredContent as Record<string, unknown> | undefined,
    text,
  };
}
async function startSession(title: string): Promise<string> {
  const r = await call('paige_start_session', {
    issueTitle: title,
    issueSummary: 'The profile page keeps a subscription after unmount.',
  });
  expect(r.isError, r.text).toBe(false);
  return String(r.structured?.sessionId);
}
const runPipeline = () =>
  call('paige_run_coaching_pipeline', {
    planText: 'Plan: in src/profile.tsx return a cleanup from the useEffect that subscribes.',
    issueSummary: 'The profile page keeps a subscription after unmount (useEffect cleanup).',
  });

describe('Story 9: Coaching Pipeline with ChromaDB', () => {
  it('AS-1: memories are project-scoped, filtered by Haiku, and the coach sees only the kept ones', async () => {
    const sessionId = await startSession('Profile leaks a subscription');
    const seeded = await memory().addMemories([
      {
        id: 'mem-a',
        text: 'The learner fixed a missing useEffect cleanup in UserList (subscription leak).',
        sessionId,
        projectDir: t.projectDir,
        type: 'learned',
      },
      {
        id: 'mem-b',
        text: 'The learner renamed CSS classes in the profile page header.',
        sessionId,
        projectDir: t.projectDir,
        type: 'worked_on',
      },
      {
        id: 'mem-c',
        text: 'Other project: useEffect cleanup in a subscription widget.',
        sessionId,
        projectDir: '/some/other/project',
        type: 'learned',
      },
    ]);
    expect(seeded).toEqual({ added: 3, available: true });

    stub.setHandler((r) => {
      const agent = agentOf(r);
      if (agent === 'filter') {
        const text = userText(r);
        const id = /\[(m\d+)\][^\n]*UserList/.exec(text)?.[1] ?? 'm0';
        const other = /\[(m\d+)\][^\n]*CSS classes/.exec(text)?.[1] ?? 'm0';
        return textReply({
          relevantMemories: [
            {
              memoryId: id,
              content: 'ignored',
              relevance: 'direct',
              connection: 'same missing cleanup',
              useInCoaching: 'recall the UserList fix',
            },
            {
              memoryId: 'm99',
              content: 'An invented memory',
              relevance: 'direct',
              connection: 'x',
              useInCoaching: 'x',
            },
          ],
          discarded: [{ memoryId: other, reason: 'only shares the page name' }],
        });
      }
      if (agent === 'coach') return textReply(COACH_REPLY);
      return agent ? script[agent] : undefined;
    });
    try {
      const r = await runPipeline();
      expect(r.isError, r.text).toBe(false);
      expect(r.structured).toMatchObject({
        memoryConnection: 'Same missing cleanup as the UserList fix last week.',
        estimatedDifficulty: 'beginner',
      });
    } finally {
      stub.setHandler((r) => {
        const agent = agentOf(r);
        return agent ? script[agent] : undefined;
      });
    }
    expect(stub.requests.map(agentOf)).toEqual(['filter', 'coach']);
    const filterText = userText(stub.requests[0]!);
    expect(filterText).toContain('UserList');
    expect(filterText).toContain('CSS classes');
    expect(filterText).not.toContain('Other project');
    expect(JSON.stringify(stub.requests[0]!.system)).toContain('cache_control');
    const coachText = userText(stub.requests[1]!);
    expect(coachText).toContain('missing useEffect cleanup in UserList');
    expect(coachText).toContain('recall the UserList fix');
    expect(coachText).not.toContain('CSS classes');
    expect(coachText).not.toContain('invented memory');
    const logged = ctx().actionLog.recentActions({
      sessionId,
      limit: 20,
      actionType: 'coaching_pipeline_run',
    })[0];
    expect(logged?.data).toMatchObject({ memoriesRetrieved: 2, memoriesUsed: 1, memoryFilter: 'used' });
    // issue 20 item 4: the filter's discarded memories are logged by their stored id and reason (never their text)
    const filterLog = t.logs.lines.find((l) => String(l.msg).startsWith('memory retrieval filter kept'));
    expect(filterLog).toMatchObject({
      msg: 'memory retrieval filter kept 1 of 2 memories',
      kept: ['mem-a'],
      discarded: [{ memoryId: 'mem-b', reason: 'only shares the page name' }],
    });
    expect(JSON.stringify(filterLog)).not.toContain('CSS classes');
  });

  it('AS-1 (filter failing): the coach still runs, with no memories', async () => {
    script = { filter: error(400, 'invalid_request_error'), coach: textReply(COACH_REPLY) };
    const r = await runPipeline();
    expect(r.isError, r.text).toBe(false);
    expect(stub.requests.map(agentOf)).toEqual(['filter', 'coach']);
    expect(userText(stub.requests[1]!)).toMatch(/<relevant_memories>\s*None\./);
    const logged = ctx().actionLog.recentActions({
      sessionId: ctx().sessions.active()!.id,
      limit: 20,
      actionType: 'coaching_pipeline_run',
    })[0];
    expect(logged?.data).toMatchObject({ memoriesRetrieved: 2, memoriesUsed: 0, memoryFilter: 'failed' });
  });

  it('AS-4: the wrap-up stores memories, gaps, katas and assessments and completes the session', async () => {
    const sessionId = ctx().sessions.active()!.id;
    script = {
      gaps: textReply(GAPS_REPLY),
      dreyfus: textReply(DREYFUS_REPLY),
      reflection: textReply(REFLECTION_REPLY),
    };
    const from = ws.received.length;
    const r = await call('paige_end_session', { sessionTranscript: 'User: I forgot the cleanup again.' });
    expect(r.isError, r.text).toBe(false);
    expect(r.structured).toMatchObject({
      sessionStatus: 'completed',
      knowledgeGaps: 1,
      kataSpecs: 1,
      dreyfusUpdates: 1,
      memoriesStored: 2,
      errors: [],
    });
    expect(getSession(ctx().db, sessionId)?.status).toBe('completed');
    const done = await ws.next('session:completed', 5000, from);
    expect(done.payload).toMatchObject({
      sessionId,
      status: 'completed',
      knowledgeGaps: 1,
      kataSpecs: 1,
      dreyfusUpdates: 1,
      memoriesStored: 2,
    });
    const found = await memory().queryMemories({
      queryText: 'useEffect cleanup profile page',
      project: t.projectDir,
      limit: 10,
    });
    const mine = found.filter(
      (m) => m.metadata.session_id === sessionId && m.id.startsWith(`session-${sessionId}`),
    );
    expect(mine.map((m) => m.metadata.type).sort()).toEqual(['struggled_with', 'worked_on']);
    const gap = listKnowledgeGaps(ctx().db, { sessionId })[0]!;
    expect(listKatas(ctx().db, { knowledgeGapId: gap.id }).map((k) => k.title)).toEqual(['Leaky timer']);
    expect(listDreyfusAssessments(ctx().db).map((a) => a.skillArea)).toContain('React effects');
    // The reflection agent saw the gaps this session found.
    expect(userText(stub.requests.find((q) => agentOf(q) === 'reflection')!)).toContain(
      'useEffect cleanup (high)',
    );
  });

  for (const failing of ['knowledge_gaps', 'dreyfus', 'reflection'] as const) {
    it(`AS-5: only ${failing} fails: the other two store their data; the error is recorded`, async () => {
      const sessionId = await startSession(`Single failure ${failing}`);
      script = {
        gaps:
          failing === 'knowledge_gaps'
            ? error(400, 'invalid_request_error', { message: 'gaps down' })
            : textReply({
                ...GAPS_REPLY,
                knowledgeGaps: [{ ...GAPS_REPLY.knowledgeGaps[0]!, topic: `topic ${failing}` }],
                katas: [{ ...GAPS_REPLY.katas[0]!, gapTopic: `topic ${failing}` }],
              }),
        dreyfus:
          failing === 'dreyfus' ? textReply({ assessments: [{ skillArea: 'x' }] }) : textReply(DREYFUS_REPLY),
        reflection:
          failing === 'reflection'
            ? error(400, 'invalid_request_error', { message: 'reflection down' })
            : textReply(REFLECTION_REPLY),
      };
      const r = await call('paige_end_session', { sessionTranscript: `transcript of ${failing}` });
      expect(r.isError, r.text).toBe(false);
      expect(r.structured).toMatchObject({
        sessionStatus: 'completed_with_errors',
        knowledgeGaps: failing === 'knowledge_gaps' ? 0 : 1,
        kataSpecs: failing === 'knowledge_gaps' ? 0 : 1,
        dreyfusUpdates: failing === 'dreyfus' ? 0 : 1,
        memoriesStored: failing === 'reflection' ? 0 : 2,
      });
      expect(r.structured?.errors).toEqual([{ agent: failing, message: expect.any(String) }]);
      expect(listWrapUpErrors(ctx().db, sessionId).map((e) => e.agentName)).toEqual([failing]);
      expect(
        ctx().actionLog.recentActions({ sessionId, limit: 10, actionType: 'wrap_up_error' })[0]?.data,
      ).toMatchObject({ agent: failing });
      expect(
        stub.requests
          .map(agentOf)
          .filter((a) => a !== undefined)
          .sort(),
      ).toEqual(['dreyfus', 'gaps', 'reflection']);
    });
  }

  it('retry of the failed reflection agent stores the memories from the stored transcript and completes the session', async () => {
    const row = ctx()
      .db.prepare("SELECT session_id AS id FROM session_wrap_up_errors WHERE agent_name = 'reflection'")
      .get() as { id: string };
    script = { reflection: textReply(REFLECTION_REPLY) };
    const from = ws.received.length;
    const r = await call('paige_retry_wrap_up', { sessionId: row.id });
    expect(r.isError, r.text).toBe(false);
    expect(r.structured).toMatchObject({
      sessionId: row.id,
      retried: ['reflection'],
      sessionStatus: 'completed',
      memoriesStored: 2,
      knowledgeGaps: 0,
      errors: [],
    });
    expect(stub.requests.map(agentOf)).toEqual(['reflection']);
    expect(userText(stub.requests[0]!)).toContain('transcript of reflection');
    expect(getSession(ctx().db, row.id)?.status).toBe('completed');
    expect(listWrapUpErrors(ctx().db, row.id)).toEqual([]);
    const done = await ws.next(
      (m) => m.type === 'session:completed' && m.payload.sessionId === row.id,
      5000,
      from,
    );
    expect(done.payload).toMatchObject({ status: 'completed', memoriesStored: 2 });

    const nothing = await call('paige_retry_wrap_up', { sessionId: row.id });
    expect(nothing.structured).toMatchObject({ retried: [], sessionStatus: 'completed', errors: [] });
  });
});
