/** The pure helpers behind the UI flows (Stories 11 and 12): context window, stage choice, error wording. */
import { CoachingError } from '../src/errors.js';
import { describe, expect, it } from 'vitest';
import { ApiServerError } from '@paige/llm';
import {
  describeTechStack,
  extractSurroundingContext,
  pickDreyfusStage,
  toUserFacingError,
} from '../src/index.js';

const FILE = Array.from({ length: 300 }, (_, i) => `line ${i + 1}`).join('\n');

describe('Story 11: Explain This context', () => {
  it('keeps 50 numbered lines on each side of the selection', () => {
    const ctx = extractSurroundingContext(FILE, { startLine: 100, endLine: 102 });
    const lines = ctx.split('\n');
    expect(lines[0]).toBe(' 50| line 50');
    expect(lines.at(-1)).toBe('152| line 152');
    expect(lines).toHaveLength(103);
  });

  it('clamps at the start and end of the file', () => {
    expect(extractSurroundingContext('a\nb\nc', { startLine: 2, endLine: 2 })).toBe('1| a\n2| b\n3| c');
    expect(extractSurroundingContext(FILE, { startLine: 290, endLine: 400 }).split('\n').at(-1)).toBe(
      '300| line 300',
    );
  });
});

describe('Story 11 AS-2/AS-3: the most relevant Dreyfus stage', () => {
  const assessments = [
    { skillArea: 'React components', stage: 'novice' as const, confidence: 0.6 },
    { skillArea: 'TypeScript', stage: 'expert' as const, confidence: 0.9 },
    { skillArea: 'Python scripting', stage: 'competent' as const, confidence: 0.95 },
  ];

  it('matches the skill area by file extension, language and path', () => {
    expect(pickDreyfusStage(assessments, { path: 'src/server.ts' })).toEqual({
      stage: 'expert',
      skillArea: 'TypeScript',
    });
    expect(pickDreyfusStage(assessments, { path: 'tools/build.py', language: 'python' })).toEqual({
      stage: 'competent',
      skillArea: 'Python scripting',
    });
    expect(pickDreyfusStage(assessments, { path: 'src/components/Button.jsx' }).skillArea).toBe(
      'React components',
    );
  });

  it('defaults to novice when nothing matches or nothing is assessed', () => {
    expect(pickDreyfusStage(assessments, { path: 'main.rs' })).toEqual({ stage: 'novice', skillArea: null });
    expect(pickDreyfusStage([], { path: 'src/a.ts' })).toEqual({ stage: 'novice', skillArea: null });
  });
});

describe('Story 11 AS-10 / Story 12 AS-11: user-facing errors', () => {
  it('words model failures plainly and keeps their code', () => {
    expect(
      toUserFacingError(new ApiServerError('500 api_error', 500), 'Could not explain this code'),
    ).toEqual({
      message:
        'Could not explain this code: the AI service is having problems right now; please try again shortly.',
      code: 'API_SERVER_ERROR',
    });
  });

  it('passes gh and budget messages through, and hides unknown internals', () => {
    const gh = new CoachingError(
      'GH_NOT_AUTHENTICATED',
      'The GitHub CLI is not signed in. Run `gh auth login` in a terminal, then refresh.',
    );
    expect(toUserFacingError(gh, 'x')).toEqual({ message: gh.message, code: 'GH_NOT_AUTHENTICATED' });
    const budget = Object.assign(new Error('daily budget used up'), { code: 'BUDGET_EXCEEDED' });
    expect(toUserFacingError(budget, 'x')).toEqual({
      message: 'daily budget used up',
      code: 'BUDGET_EXCEEDED',
    });
    const internal = toUserFacingError(
      new TypeError('cannot read properties of undefined (secret stack)'),
      'Could not review your solution',
    );
    expect(internal.message).toBe(
      "Could not review your solution: something went wrong on Paige's side. Please try again.",
    );
    expect(internal.code).toBe('INTERNAL_ERROR');
  });
});

describe('Story 12: tech stack line for learning materials', () => {
  it('names known frameworks from package.json and says unknown without one', () => {
    expect(
      describeTechStack(
        JSON.stringify({ dependencies: { react: '^18' }, devDependencies: { typescript: '^5' } }),
      ),
    ).toBe('Node.js/JavaScript, typescript, react');
    expect(describeTechStack(null)).toBe('unknown');
    expect(describeTechStack('{not json')).toBe('JavaScript');
  });
});
