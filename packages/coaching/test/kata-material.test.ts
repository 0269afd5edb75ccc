/** Issue 24 item 1: the project language of kata tests, and the solution guard for tests and scaffolding. */
import { describe, expect, it } from 'vitest';
import type { KataTests } from '@paige/protocol';
import {
  findSolutionInScaffolding,
  findSolutionInTests,
  guessKataLanguage,
  importedSolutionNames,
} from '../src/index.js';

const js: KataTests = {
  language: 'javascript',
  preamble: "import { slugify, words as split } from './solution.js';",
  cases: [{ name: 'spaces become dashes', code: "assert.equal(slugify('a b'), 'a-b');" }],
};
const py: KataTests = {
  language: 'python',
  preamble: 'from solution import slugify',
  cases: [{ name: 'spaces become dashes', code: "self.assertEqual(slugify('a b'), 'a-b')" }],
};

describe('issue 24: kata material', () => {
  it('the kata language is the most frequent of TS, JS and Python among the touched files', () => {
    expect(guessKataLanguage(['src/a.ts', 'src/b.tsx', 'x.js'])).toBe('typescript');
    expect(guessKataLanguage(['app.py', 'README.md'])).toBe('python');
    expect(guessKataLanguage(['main.go', 'README.md'])).toBeNull();
  });

  it('reads the names the tests import from the solution', () => {
    expect(importedSolutionNames(js)).toEqual(['slugify', 'words']);
    expect(importedSolutionNames(py)).toEqual(['slugify']);
  });

  it('clean tests pass the guard', () => {
    expect(findSolutionInTests(js)).toEqual([]);
    expect(findSolutionInTests(py)).toEqual([]);
  });

  it('tests that define the solution or a helper are held back', () => {
    expect(
      findSolutionInTests({
        ...js,
        preamble: `${js.preamble}\nfunction slugify(s) { return s.replace(/ /g, '-'); }`,
      }).map((p) => p.message),
    ).toContain('the tests define `slugify`, which the learner writes');
    expect(
      findSolutionInTests({
        ...js,
        cases: [{ name: 'ref', code: 'const ref = (s) => s;\nassert.equal(slugify(1), ref(1));' }],
      }),
    ).toHaveLength(1);
    expect(
      findSolutionInTests({
        ...py,
        cases: [{ name: 'ref', code: 'def ref(s):\n    return s\nself.assertEqual(slugify(1), ref(1))' }],
      }),
    ).toHaveLength(1);
    expect(findSolutionInTests({ ...py, preamble: 'import os' }).map((p) => p.message)).toContain(
      'the tests import nothing from the solution module',
    );
  });

  it('a scaffolding of stubs passes; one that holds the solution is flagged', () => {
    expect(
      findSolutionInScaffolding(
        js,
        'export function slugify(title) {\n  // TODO\n  throw new Error("todo");\n}\n',
      ),
    ).toEqual([]);
    expect(findSolutionInScaffolding(py, 'def slugify(title):\n    # TODO\n    pass\n')).toEqual([]);
    const leaky =
      'export function slugify(title) {\n  const lower = title.toLowerCase();\n  const parts = lower.split(" ");\n  return parts.join("-");\n}\n';
    expect(findSolutionInScaffolding(js, leaky)).toHaveLength(1);
    const leakyPy =
      'def slugify(title):\n    lower = title.lower()\n    parts = lower.split(" ")\n    return "-".join(parts)\n';
    expect(findSolutionInScaffolding(py, leakyPy)).toHaveLength(1);
  });
});
