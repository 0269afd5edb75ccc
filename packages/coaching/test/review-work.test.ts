/** Review My Work (Story 11; issue 25 item 1): the prompt beside Explain This, through the Messages-API stand-in. */
import { createLlmClient, type LlmClient } from '@paige/llm';
import { startMessagesApiStub, textReply, type MessagesApiStub } from '@paige/llm/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_FILE_CHARS, reviewCandidatePaths, reviewWork } from '../src/index.js';

let stub: MessagesApiStub;
let llm: LlmClient;

beforeAll(async () => {
  stub = await startMessagesApiStub();
  llm = createLlmClient({ apiKey: 'k', baseURL: stub.url, maxRetries: 0 });
});
afterAll(async () => {
  await stub.stop();
});

const userText = (i: number) => JSON.stringify(stub.requests[i]?.messages ?? []);

describe('Story 11: Review My Work', () => {
  it("candidates: edited files, then the phase's expected files, then the open ones, each once", () => {
    expect(
      reviewCandidatePaths({ dirty: ['a.ts'], expected: ['b.ts', 'a.ts'], open: ['c.ts', 'b.ts'] }),
    ).toEqual(['a.ts', 'b.ts', 'c.ts']);
  });

  it('sends the phase as the goal and at most 4 files cut to 6,000 characters; answers the wire payload', async () => {
    stub.reply(
      textReply({
        review: 'Good progress on the guard.',
        phaseGoalMet: false,
        suggestions: ['Check the empty token.'],
        references: [],
      }),
    );
    const before = stub.requests.length;
    const files = ['a', 'b', 'c', 'd', 'e'].map((n) => ({
      path: `src/${n}.ts`,
      content: n === 'a' ? `// a\n${'x'.repeat(REVIEW_FILE_CHARS + 100)}` : `export const ${n} = 1;`,
    }));
    const result = await reviewWork(llm, {
      phase: { number: 2, title: 'Validate the token', description: 'Reject expired tokens.' },
      issueTitle: 'Harden auth',
      files,
      assessments: [],
      hintLevel: 'medium',
    });
    expect(result).toMatchObject({
      payload: {
        review: 'Good progress on the guard.',
        suggestions: ['Check the empty token.'],
        references: [],
        hintLevel: 'medium',
      },
      passed: false,
      solutionGuard: null,
    });
    const sent = userText(before);
    expect(sent).toContain('Phase 2: Validate the token');
    expect(sent).toContain('src/d.ts');
    expect(sent).not.toContain('src/e.ts');
    expect(sent).not.toContain('x'.repeat(REVIEW_FILE_CHARS + 1));
  });

  it('without a phase the issue is the goal; code the learner does not have is removed at hint level low', async () => {
    stub.reply(
      textReply({
        review:
          'Nearly there. Write this:\n```ts\nexport function isExpired(t: Token) {\n  return t.exp < Date.now() / 1000;\n}\n```',
        phaseGoalMet: false,
        suggestions: [],
        references: [],
      }),
    );
    const before = stub.requests.length;
    const result = await reviewWork(llm, {
      phase: null,
      issueTitle: 'Harden auth',
      files: [],
      assessments: [],
      hintLevel: 'low',
    });
    expect(userText(before)).toContain('Harden auth');
    expect(userText(before)).toContain('(no open or edited files)');
    expect(result.payload.review).not.toContain('t.exp < Date.now()');
    expect(result.solutionGuard).toMatchObject({ source: 'work_review', hintLevel: 'low' });
  });
});
