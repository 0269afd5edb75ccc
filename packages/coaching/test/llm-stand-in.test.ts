import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiValidationError, createLlmClient, resolveModel } from '@paige/llm';
import type { LlmClient, PromptModule } from '@paige/llm';
import { startMessagesApiStub, textReply, webSearchReply } from '@paige/llm/testing';
import type { MessagesApiStub, StubRequest } from '@paige/llm/testing';
import { NudgeSignalSchema } from '@paige/protocol';
import {
  coachAgentModule,
  dreyfusAssessmentModule,
  explainThisModule,
  filterUrlsToSearchResults,
  issueAssessmentModule,
  knowledgeGapExtractionModule,
  LEARNING_MATERIALS_WEB_SEARCH_TOOL,
  learningMaterialsModule,
  memoryRetrievalFilterModule,
  memorySummarisationModule,
  observerTriageModule,
  practiceReviewModule,
} from '../src/index.js';
import {
  coachCase,
  dreyfusCase,
  explainCase,
  gapCase,
  issueCase,
  materialsCase,
  memoryFilterCase,
  memorySummaryCase,
  reviewCase,
  triageCase,
} from './fixtures.js';
import type { ModuleCase } from './fixtures.js';

let stub: MessagesApiStub;
let client: LlmClient;

beforeAll(async () => {
  stub = await startMessagesApiStub();
  client = createLlmClient({ apiKey: 'test-key', baseURL: stub.url, maxRetries: 0 });
});
afterAll(async () => {
  await stub.stop();
});

function lastRequest(): StubRequest {
  const r = stub.requests.at(-1);
  if (!r) throw new Error('no request reached the stand-in');
  return r;
}

function userText(request: StubRequest): string {
  return JSON.stringify(request.messages);
}

type AnyCase = ModuleCase<unknown, unknown>;
const cases: [string, PromptModule<unknown, unknown>, AnyCase][] = [
  [
    'memory_retrieval_filter',
    memoryRetrievalFilterModule as PromptModule<unknown, unknown>,
    memoryFilterCase as AnyCase,
  ],
  ['coach_agent', coachAgentModule as PromptModule<unknown, unknown>, coachCase as AnyCase],
  [
    'knowledge_gap_extraction',
    knowledgeGapExtractionModule as PromptModule<unknown, unknown>,
    gapCase as AnyCase,
  ],
  ['dreyfus_assessment', dreyfusAssessmentModule as PromptModule<unknown, unknown>, dreyfusCase as AnyCase],
  [
    'memory_summarisation',
    memorySummarisationModule as PromptModule<unknown, unknown>,
    memorySummaryCase as AnyCase,
  ],
  ['observer_triage', observerTriageModule as PromptModule<unknown, unknown>, triageCase as AnyCase],
  ['explain_this', explainThisModule as PromptModule<unknown, unknown>, explainCase as AnyCase],
  ['practice_review', practiceReviewModule as PromptModule<unknown, unknown>, reviewCase as AnyCase],
  ['issue_assessment', issueAssessmentModule as PromptModule<unknown, unknown>, issueCase as AnyCase],
];

describe('Story 7 convention through @paige/llm: each module runs against the Messages-API stand-in', () => {
  it.each(cases)(
    '%s: request carries the JSON schema, the cache-marked system prompt and the assembled message',
    async (_c, module, c) => {
      stub.reply(textReply(c.output));
      const output = await client.runPrompt(module, c.input);
      expect(output).toEqual(c.output);

      const req = lastRequest();
      expect(req.systemText).toBe(module.systemPrompt);
      expect(JSON.stringify(req.system)).toContain('"cache_control":{"type":"ephemeral"}');
      expect(req.schema).toBeDefined();
      expect(req.schema?.type).toBe('object');
      const topKeys = Object.keys(c.output as Record<string, unknown>).filter(
        (k) => k !== 'suggested_context',
      );
      expect(Object.keys((req.schema?.properties ?? {}) as Record<string, unknown>)).toEqual(
        expect.arrayContaining(topKeys),
      );
      expect(req.maxTokens).toBe(module.maxTokens);
      expect(req.model).toBe(resolveModel(module.model)); // the alias as Story 7 AS-2 maps it
      expect(userText(req)).toContain(JSON.stringify(module.assembleUserMessage(c.input)).slice(1, 200));
    },
  );

  it('observer_triage: the schema sent lists the canonical NudgeSignal enum, and an out-of-enum reply is rejected', async () => {
    stub.reply(textReply(triageCase.output));
    await client.runPrompt(observerTriageModule, triageCase.input);
    expect(JSON.stringify(lastRequest().schema)).toContain(JSON.stringify(NudgeSignalSchema.options));

    stub.reply(textReply({ should_nudge: true, confidence: 0.9, signal: 'stuck', reasoning: 'r' }));
    await expect(client.runPrompt(observerTriageModule, triageCase.input)).rejects.toBeInstanceOf(
      ApiValidationError,
    );
  });

  it('dreyfus_assessment: a display-name stage ("Advanced Beginner") is rejected, not mapped', async () => {
    stub.reply(textReply(dreyfusCase.badOutput));
    await expect(client.runPrompt(dreyfusAssessmentModule, dreyfusCase.input)).rejects.toBeInstanceOf(
      ApiValidationError,
    );
  });

  it('learning_materials: sent with the web search tool; URLs not returned by the search are dropped', async () => {
    const reply = {
      recommendations: [
        {
          ...materialsCase.output.recommendations[0],
          resources: [
            ...(materialsCase.output.recommendations[0]?.resources ?? []),
            {
              type: 'video',
              title: 'Invented',
              url: 'https://youtube.com/watch?v=made-up',
              description: 'd',
              relevance: 'supplementary',
              estimatedTime: '10 min',
            },
          ],
        },
      ],
    };
    stub.reply(
      webSearchReply(reply, [
        { url: 'https://react.dev/learn/synchronizing-with-effects', title: 'Synchronizing with Effects' },
      ]),
    );
    const result = await client.runPromptWithMeta(learningMaterialsModule, materialsCase.input, {
      tools: [LEARNING_MATERIALS_WEB_SEARCH_TOOL],
    });
    expect(JSON.stringify(lastRequest().tools)).toContain('web_search_20250305');
    expect(lastRequest().systemText).toBe(learningMaterialsModule.systemPrompt);

    const { materials, droppedUrls } = filterUrlsToSearchResults(
      result.output,
      result.webSearch?.results ?? [],
    );
    expect(materials.recommendations[0]?.resources.map((r) => r.url)).toEqual([
      'https://react.dev/learn/synchronizing-with-effects',
    ]);
    expect(droppedUrls).toEqual(['https://youtube.com/watch?v=made-up']);
  });
});
