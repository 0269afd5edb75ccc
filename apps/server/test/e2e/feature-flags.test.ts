/**
 * Issue 20 item 4: `connection:init.featureFlags` tell the truth (Story 5 AS-1). Model-backed features are off without
 * a usable Anthropic key (one the API rejected, or one that cannot be an Anthropic key) or, for the optional calls,
 * with the daily budget spent; `githubIssues` says whether the GitHub CLI is installed and logged in, probed in the
 * background (cached) so neither start-up nor the handshake waits for `gh`.
 */
import { fileURLToPath } from 'node:url';
import { error, startMessagesApiStub, textReply, type MessagesApiStub } from '@paige/llm/testing';
import { logApiCall } from '@paige/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, WsClient, type TestServer } from '../support/harness.js';

const GH = (name: string) => fileURLToPath(new URL(`../fixtures/gh/${name}/gh`, import.meta.url));
type Flags = Record<string, boolean>;

/** A fresh window's flags (each `connection:hello` computes them anew). */
async function flagsOf(t: TestServer): Promise<Flags> {
  const { client, init } = await WsClient.hello(t.url);
  await client.close();
  return init.payload.featureFlags as Flags;
}

const SELECTION = {
  path: 'src/a.ts',
  range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 5 },
  selectedText: 'const',
};
const EXPLAINED = {
  explanation: 'A constant.',
  keyConcepts: ['const'],
  analogy: null,
  relatedFiles: null,
  phaseConnection: null,
};

let stub: MessagesApiStub;
beforeAll(async () => {
  stub = await startMessagesApiStub();
});
afterAll(async () => {
  await stub.stop();
});

describe('Issue 20 item 4: truthful feature flags', () => {
  it('a usable key, no budget, gh not installed: the model-backed features are on, githubIssues is off', async () => {
    const t = await startTestServer({
      env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_GH_PATH: GH('empty-path') },
    });
    try {
      await t.server.warmedUp;
      expect(await flagsOf(t)).toMatchObject({
        modelApi: true,
        coachingPipeline: true,
        explain: true,
        observer: true,
        practice: true,
        dashboard: true,
        githubIssues: false,
        dailyBudget: false,
        dailyBudgetSpent: false,
        memory: false,
        fileWatcher: false,
      });
    } finally {
      await t.stop();
    }
  });

  it('githubIssues turns true once the background probe finds gh installed and logged in', async () => {
    const t = await startTestServer({
      files: { 'src/a.ts': 'const a = 1;\n' },
      env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_GH_PATH: GH('ok') },
    });
    try {
      await eventually(async () => (await flagsOf(t)).githubIssues === true, 10_000, 100);
    } finally {
      await t.stop();
    }
  });

  it('gh installed but not logged in (exit 4): githubIssues stays false', async () => {
    const t = await startTestServer({
      env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_GH_PATH: GH('auth-failure') },
    });
    try {
      await t.server.warmedUp;
      await eventually(() => t.server.parts.gh.state() === 'unauthenticated', 10_000);
      expect((await flagsOf(t)).githubIssues).toBe(false);
    } finally {
      await t.stop();
    }
  });

  it('a gh that never answers delays neither start-up nor the handshake; the flag stays false', async () => {
    const started = Date.now();
    const t = await startTestServer({
      env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_GH_PATH: GH('hanging'), PAIGE_GH_TIMEOUT_MS: '30000' },
    });
    try {
      const t0 = Date.now();
      expect((await flagsOf(t)).githubIssues).toBe(false);
      // the probe is still waiting for gh (30 s limit): neither step waited for it
      expect(t.server.parts.gh.state()).toBe('unknown');
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await t.stop();
    }
  });

  it('the daily budget spent: explain and observer are off, dailyBudgetSpent is on; the pipeline and practice stay on', async () => {
    const t = await startTestServer({ env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_DAILY_BUDGET_USD: '0.5' } });
    try {
      expect(await flagsOf(t)).toMatchObject({
        dailyBudget: true,
        dailyBudgetSpent: false,
        explain: true,
        observer: true,
      });
      logApiCall(t.server.parts.db, {
        sessionId: null,
        callType: 'coach_agent',
        model: 'claude-sonnet-4-6',
        inputHash: 'h',
        latencyMs: 900,
        inputTokens: 50_000,
        outputTokens: 9_000,
        costEstimate: 0.6,
      });
      expect(await flagsOf(t)).toMatchObject({
        dailyBudget: true,
        dailyBudgetSpent: true,
        explain: false,
        observer: false,
        coachingPipeline: true,
        practice: true,
        modelApi: true,
      });
    } finally {
      await t.stop();
    }
  });

  it('a key the API rejects (401): the model-backed flags turn off; a later successful call turns them on again', async () => {
    const t = await startTestServer({
      files: { 'src/a.ts': 'const a = 1;\n' },
      env: { ANTHROPIC_BASE_URL: stub.url },
    });
    const { client } = await WsClient.hello(t.url);
    try {
      stub.reply(error(401, 'authentication_error', { message: 'invalid x-api-key' }));
      const failed = await client.request('user:explain', SELECTION, 'explain:error');
      expect(String(failed.payload.error)).toMatch(/^Could not explain this code/);
      expect(await flagsOf(t)).toMatchObject({
        modelApi: false,
        coachingPipeline: false,
        explain: false,
        observer: false,
        practice: false,
        dashboard: true,
      });
      stub.reply(textReply(EXPLAINED));
      await client.request('user:explain', SELECTION, 'explain:response');
      expect(await flagsOf(t)).toMatchObject({ modelApi: true, coachingPipeline: true, explain: true });
    } finally {
      await client.close();
      await t.stop();
    }
  });

  it('a key that cannot be an Anthropic key, against the real API endpoint: modelApi is off without any call', async () => {
    const t = await startTestServer({
      env: { ANTHROPIC_BASE_URL: stub.url, ANTHROPIC_API_KEY: 'paste-your-key-here' },
      config: { anthropicBaseUrl: undefined },
    });
    try {
      const before = stub.requests.length;
      expect(await flagsOf(t)).toMatchObject({
        modelApi: false,
        coachingPipeline: false,
        explain: false,
        dashboard: true,
      });
      expect(stub.requests.length).toBe(before);
    } finally {
      await t.stop();
    }
  });
});
