/**
 * Features tested in-process with fakes of the few parts they take (issue 25 item 1; STYLE 5): no port, no database
 * file, no model client. The end-to-end tests in `test/e2e/` run the same factories composed by `createServer`.
 */
import { BudgetExceededError, createBudget } from '@paige/coaching/budget';
import { mcpTools, type ServerMessageType } from '@paige/protocol';
import type { PaigeDatabase } from '@paige/store';
import { describe, expect, it } from 'vitest';
import { createExplainFeature, type ExplainFeatureDeps } from '../../src/features/explain.js';
import { createLogger } from '../../src/logger.js';
import { createToolRegistry } from '../../src/mcp/tool-kit.js';
import type { HandlerContext } from '../../src/ws/hub.js';

const silent = createLogger({ level: 'silent' });

/** A handler context that records the replies. */
function recorder() {
  const replies: Array<{ type: ServerMessageType; payload: unknown }> = [];
  const hctx = {
    connection: { id: 'c1', meta: { connectedAt: '' } },
    requestId: 'r1',
    origin: { connectionId: 'c1', requestId: 'r1' },
    reply: (type: ServerMessageType, payload: unknown) => replies.push({ type, payload }),
    broadcast: (type: ServerMessageType, payload: unknown) => replies.push({ type, payload }),
  } as unknown as HandlerContext;
  return { replies, hctx };
}

function explainDeps(overrides: Partial<ExplainFeatureDeps> = {}) {
  const actions: Array<{ type: string; data: unknown }> = [];
  let llmAsked = 0;
  const deps: ExplainFeatureDeps = {
    workspace: {
      getBuffer: async () => null,
      readFile: async () => ({ content: 'const a = 1;\n' }) as never,
      detectLanguage: async () => 'typescript',
      getDirtyPaths: () => [],
      getOpenFiles: () => [],
    },
    sessions: { active: () => null },
    db: {} as PaigeDatabase,
    llm: () => {
      llmAsked += 1;
      return Promise.reject(new Error('no model in this test'));
    },
    budget: createBudget({ dailyUsd: 1, spentSince: () => 2 }),
    guard: {
      hintLevel: () => 'medium',
      learnerCode: async () => [],
      create: async () => ({}) as never,
      log: () => undefined,
      logOf: () => undefined,
      text: async (_s, t) => t,
    },
    logAction: (type, data) => actions.push({ type, data }),
    logger: silent,
    ...overrides,
  };
  return { deps, actions, llmAsked: () => llmAsked };
}

describe('Story 11 with fakes: Explain This and Review My Work', () => {
  it('issue 10 item 4: a spent budget refuses Explain This with BUDGET_EXCEEDED before any model call', async () => {
    const { deps, actions, llmAsked } = explainDeps();
    const { replies, hctx } = recorder();
    await createExplainFeature(deps)['user:explain'](
      {
        path: 'src/a.ts',
        range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 5 },
        selectedText: 'const',
      },
      hctx,
    );
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({
      type: 'explain:error',
      payload: { path: 'src/a.ts', code: 'BUDGET_EXCEEDED' },
    });
    expect(llmAsked()).toBe(0);
    expect(actions.map((a) => a.type)).toEqual(['user_explain_request', 'explain_completed']);
  });

  it('EC-74: an empty selection is refused without the budget or the model', async () => {
    let asked = 0;
    const { deps, llmAsked } = explainDeps({
      budget: { assertAllows: () => void (asked += 1) },
    });
    const { replies, hctx } = recorder();
    await createExplainFeature(deps)['user:explain'](
      {
        path: 'src/a.ts',
        range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
        selectedText: '   ',
      },
      hctx,
    );
    expect(replies[0]).toMatchObject({ type: 'explain:error', payload: { code: 'INVALID_PAYLOAD' } });
    expect([asked, llmAsked()]).toEqual([0, 0]);
  });

  it('Review My Work is one of the budgeted calls: refused with BUDGET_EXCEEDED once the day is spent', async () => {
    const session = { id: 's1', issueTitle: 'Fix it', hintLevel: 'medium' } as never;
    const { deps, llmAsked } = explainDeps({ sessions: { active: () => session } });
    const { replies, hctx } = recorder();
    await createExplainFeature(deps)['user:review']({}, hctx);
    expect(replies[0]).toMatchObject({ type: 'review:error', payload: { code: 'BUDGET_EXCEEDED' } });
    expect(llmAsked()).toBe(0);
    expect(() => deps.budget.assertAllows('review_my_work')).toThrow(BudgetExceededError);
  });
});

describe('issue 25 item 6: the MCP tool registry', () => {
  it('tools/list is built once and reused; each entry has its JSON Schemas and annotations; a name is defined once', () => {
    const tools = createToolRegistry({
      sessions: { active: () => null },
      actionLog: { logDeferred: () => undefined },
      logger: silent,
    });
    tools.define(
      {
        name: 'paige_get_open_files',
        title: 'List open files',
        description: 'Lists them.',
        input: mcpTools.paige_get_open_files.input,
        output: mcpTools.paige_get_open_files.output,
        readOnly: true,
        needsSession: false,
      },
      () => ({ structured: { files: [] }, text: 'none' }),
    );
    const first = tools.list();
    expect(tools.list()).toBe(first);
    expect(first[0]).toMatchObject({
      name: 'paige_get_open_files',
      inputSchema: { type: 'object' },
      outputSchema: { type: 'object', properties: { files: { type: 'array' } } },
      annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
    });
    expect(() =>
      tools.define(
        {
          name: 'paige_get_open_files',
          title: 'x',
          description: 'x',
          input: mcpTools.paige_get_open_files.input,
          output: mcpTools.paige_get_open_files.output,
          readOnly: true,
          needsSession: false,
        },
        () => ({ structured: { files: [] }, text: '' }),
      ),
    ).toThrow(/defined twice/);
  });
});
