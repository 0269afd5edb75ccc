/**
 * Issue 20 item 7: the solution-leak guard on a table of real-looking model outputs (hover texts, phase
 * descriptions, explanations, reviews, nudges, coaching messages), each marked allowed or stripped at a hint level.
 */
import type { HintLevel } from '@paige/protocol';
import { describe, expect, it } from 'vitest';
import {
  buildKnownCode,
  createSolutionGuard,
  guardLearnerText,
  isCompleteStatement,
  looksLikeCodeLine,
  solutionGuardActionData,
  SOLUTION_GUARD_BLOCK_NOTE,
  SOLUTION_GUARD_INLINE_NOTE,
} from '../src/index.js';

/** The learner's file in most cases (npm's did-you-mean.js, lightly trimmed). */
const LEARNER_FILE = `const Npm = require('../npm')
const { distance } = require('fastest-levenshtein')
const pkgJson = require('@npmcli/package-json')
const { commands } = require('./cmd-list.js')

const runScripts = ['stop', 'start', 'test', 'restart']

const isClose = (scmd, cmd) => distance(scmd, cmd) < scmd.length * 0.4

const didYouMean = async (path, scmd) => {
  const close = commands.filter(cmd => isClose(scmd, cmd) && scmd !== cmd)
  let best = []
  for (const str of close) {
    const cmd = Npm.cmd(str)
    best.push(\`    npm \${str} # \${cmd.description}\`)
  }
  return best
}

module.exports = didYouMean
`;

/** Kata scaffolding quoted back by a review. */
const SCAFFOLDING = `export function distance(a, b) {
  // number of single-character edits
}

export function suggest(typed, names) {
  // your code
}`;

interface Case {
  name: string;
  level: HintLevel;
  text: string;
  known?: string[];
  /** `stripped`: something must be removed; `allowed`: the text must come back unchanged. */
  verdict: 'allowed' | 'stripped';
  /** Fragments that must be gone after the guard. */
  gone?: string[];
  /** Fragments that must survive. */
  kept?: string[];
}

const CASES: Case[] = [
  // ---- hover texts (coach plan, paige_highlight_lines)
  {
    name: 'hover: a guiding question',
    level: 'medium',
    verdict: 'allowed',
    text: 'What does the 0.4 factor allow for a 4-letter name?',
  },
  {
    name: 'hover: names an API inline',
    level: 'low',
    verdict: 'allowed',
    text: 'Look at how `distance` is imported and what `isClose` returns.',
  },
  {
    name: 'hover: inline full statement',
    level: 'medium',
    verdict: 'stripped',
    text: 'Replace the rule with `const isClose = (a, b) => distance(a, b) <= 2;` and you are done.',
    gone: ['distance(a, b) <= 2'],
    kept: ['Replace the rule with', 'and you are done.'],
  },
  {
    name: 'hover: statement after a colon',
    level: 'low',
    verdict: 'stripped',
    text: 'Change line 7 to: const limit = Math.max(1, Math.floor(scmd.length * 0.4));',
    gone: ['Math.floor'],
    kept: ['Change line 7 to:'],
  },
  {
    name: 'hover: quotes the learner line back',
    level: 'medium',
    verdict: 'allowed',
    known: [LEARNER_FILE],
    text: 'Here `const isClose = (scmd, cmd) => distance(scmd, cmd) < scmd.length * 0.4` decides closeness: what does it allow for "tset"?',
  },
  {
    name: 'hover: bare statement line',
    level: 'off',
    verdict: 'stripped',
    text: 'The fix:\nif (!req.query.state) return res.status(400).json({ error: "expired" });',
    gone: ['res.status(400)'],
    kept: ['The fix:'],
  },
  {
    name: 'hover: expression inline is fine',
    level: 'medium',
    verdict: 'allowed',
    text: 'Which of `scmd.length * 0.4` and `distance(scmd, cmd)` grows faster as names get longer?',
  },
  {
    name: 'hover: high allows a short inline statement',
    level: 'high',
    verdict: 'allowed',
    text: 'Try `return best.length ? best : null` and compare.',
  },

  // ---- phase descriptions
  {
    name: 'phase: describes the goal in words',
    level: 'medium',
    verdict: 'allowed',
    text: 'Tighten the closeness rule in isClose so short names need a smaller edit distance. Keep error-message.js working: "npm instal" must still suggest "install".',
  },
  {
    name: 'phase: a fenced solution of the phase',
    level: 'medium',
    verdict: 'stripped',
    text: 'Tighten the rule. For example:\n\n```js\nconst isClose = (scmd, cmd) => {\n  const limit = scmd.length < 5 ? 1 : Math.floor(scmd.length * 0.4)\n  return distance(scmd, cmd) <= limit\n}\n```\n\nThen run the tests.',
    gone: ['Math.floor', 'const limit'],
    kept: ['Tighten the rule. For example:', 'Then run the tests.', SOLUTION_GUARD_BLOCK_NOTE],
  },
  {
    name: 'phase: a skeleton header only',
    level: 'low',
    verdict: 'allowed',
    text: 'Start from this shape and fill it in:\n\n```js\nif (!state) {\n  // what should the user see here?\n}\n```',
  },
  {
    name: 'phase: high keeps a three-line snippet on toy code',
    level: 'high',
    verdict: 'allowed',
    text: 'The pattern on toy code:\n```ts\nconst ac = new AbortController();\nfetch(url, { signal: ac.signal });\nac.abort();\n```',
  },
  {
    name: 'phase: high still strips a whole function',
    level: 'high',
    verdict: 'stripped',
    text: 'Here is everything:\n```ts\nexport async function handleCallback(req, res) {\n  const { state, code } = req.query;\n  if (!state) return res.status(400).send("missing");\n  const saved = await store.get(state);\n  if (!saved || saved.expiresAt < Date.now()) return res.redirect("/login?expired=1");\n  const token = await exchange(code);\n  await store.delete(state);\n  res.cookie("session", token.id);\n  return res.redirect("/");\n}\n```',
    gone: ['exchange(code)'],
    kept: [SOLUTION_GUARD_BLOCK_NOTE],
  },

  // ---- explanations (Explain This)
  {
    name: 'explain: prose with concepts',
    level: 'medium',
    verdict: 'allowed',
    text: 'isClose compares the typed name with a candidate using the Levenshtein distance and accepts it when that number is below 40% of the typed name\'s length. For "tset" the limit is 1.6.',
  },
  {
    name: 'explain: quotes the selection in a fence',
    level: 'low',
    verdict: 'allowed',
    known: [LEARNER_FILE],
    text: 'This line:\n\n```js\nconst isClose = (scmd, cmd) => distance(scmd, cmd) < scmd.length * 0.4\n```\n\nreturns true when the two names are within 40% edits.',
  },
  {
    name: 'explain: quotes the loop with line numbers',
    level: 'medium',
    verdict: 'allowed',
    known: [LEARNER_FILE],
    text: 'Lines 12-16 build the list:\n```\n12|   let best = []\n13|   for (const str of close) {\n14|     const cmd = Npm.cmd(str)\n15|     best.push(`    npm ${str} # ${cmd.description}`)\n16|   }\n```',
  },
  {
    name: 'explain: a rewritten version of the learner code',
    level: 'medium',
    verdict: 'stripped',
    known: [LEARNER_FILE],
    text: 'A cleaner way to write it:\n```js\nconst didYouMean = async (path, scmd) =>\n  commands\n    .filter((cmd) => isClose(scmd, cmd) && scmd !== cmd)\n    .map((str) => `    npm ${str} # ${Npm.cmd(str).description}`)\n```',
    gone: ['.map((str)'],
  },
  {
    name: 'explain: stack trace in an untagged fence is output',
    level: 'low',
    verdict: 'allowed',
    text: "The error you saw:\n```\nTypeError: Cannot read properties of undefined (reading 'description')\n    at didYouMean (/app/lib/utils/did-you-mean.js:14:28)\n    at async run (/app/lib/commands/run.js:111:5)\n    at async Npm.exec (/app/lib/npm.js:208:9)\n```\nmeans Npm.cmd returned nothing for one name.",
  },
  {
    name: 'explain: output fence tagged text',
    level: 'medium',
    verdict: 'allowed',
    text: 'npm prints:\n```text\nnpm error Missing script: "tset"\nnpm error Did you mean this?\nnpm error   npm test # Test a package\n```',
  },
  {
    name: 'explain: indented solution block',
    level: 'medium',
    verdict: 'stripped',
    text: 'You could guard it like this:\n\n    const cmd = Npm.cmd(str)\n    if (!cmd) continue\n    best.push(`npm ${str}`)\n\nbut think first about why cmd could be undefined.',
    gone: ['if (!cmd) continue'],
    kept: ['but think first about why cmd could be undefined.'],
  },
  {
    name: 'explain: indented list continuation is prose',
    level: 'low',
    verdict: 'allowed',
    text: '1. Read the filter on line 11.\n\n    It keeps names that are close and not identical.\n\n2. Then read the loop.',
  },
  {
    name: 'explain: analogy',
    level: 'off',
    verdict: 'allowed',
    text: 'Like a spell checker that only offers words within a couple of keystrokes of what you typed, and the allowance grows with the word.',
  },
  {
    name: 'explain: python inline statement',
    level: 'low',
    verdict: 'stripped',
    text: 'In Python you would write `result = [n for n in names if dist(t, n) <= 2]` instead.',
    gone: ['dist(t, n) <= 2'],
  },
  {
    name: 'explain: SQL fence with a full query',
    level: 'medium',
    verdict: 'stripped',
    text: 'The query you need:\n```sql\nSELECT u.id, COUNT(o.id) AS orders\nFROM users u\nLEFT JOIN orders o ON o.user_id = u.id\nGROUP BY u.id;\n```',
    gone: ['LEFT JOIN'],
  },

  // ---- practice reviews (kata)
  {
    name: 'review: feedback in words',
    level: 'medium',
    verdict: 'allowed',
    text: 'Your distance function is correct and readable, and suggest() handles the exact-match case. The threshold is fixed at 2, so a long name gets the same allowance as a short one.',
  },
  {
    name: 'review: quotes the scaffolding back',
    level: 'medium',
    verdict: 'allowed',
    known: [SCAFFOLDING],
    text: 'The starter gave you:\n```js\nexport function suggest(typed, names) {\n  // your code\n}\n```\nYou kept the signature, good.',
  },
  {
    name: 'review: quotes the submitted code to point at a bug',
    level: 'low',
    verdict: 'allowed',
    known: [
      'export const suggest = (typed, names) => names.filter((n) => n !== typed && distance(typed, n) <= 2);',
    ],
    text: 'Look at `names.filter((n) => n !== typed && distance(typed, n) <= 2);` again: what happens to ties?',
  },
  {
    name: 'review: a corrected solution',
    level: 'medium',
    verdict: 'stripped',
    known: [
      'export const suggest = (typed, names) => names.filter((n) => n !== typed && distance(typed, n) <= 2);',
    ],
    text: 'Almost. A corrected version:\n```js\nexport const suggest = (typed, names) =>\n  names\n    .map((n) => [n, distance(typed, n)])\n    .filter(([n, d]) => n !== typed && d <= Math.max(1, typed.length * 0.4))\n    .sort((a, b) => a[1] - b[1])\n    .map(([n]) => n);\n```',
    gone: ['.sort((a, b) => a[1] - b[1])'],
    kept: ['Almost. A corrected version:'],
  },
  {
    name: 'review: one new statement in a two-line block',
    level: 'medium',
    verdict: 'stripped',
    text: 'Add the sort:\n```js\nresult.sort((a, b) => a.d - b.d);\n```',
    gone: ['a.d - b.d'],
  },
  {
    name: 'review: suggestion as a question',
    level: 'low',
    verdict: 'allowed',
    text: 'How would the allowance change if it depended on the typed length?',
  },
  {
    name: 'review: inline identifiers and a call',
    level: 'off',
    verdict: 'allowed',
    text: 'Which test checks `suggest("tset", ["test"])`? Is `Array.prototype.sort` stable in Node 20?',
  },
  {
    name: 'review: two inline statements in one span',
    level: 'medium',
    verdict: 'stripped',
    text: 'Use `let prev = row[0]; row[0] = i;` at the top of the loop.',
    gone: ['row[0] = i'],
  },

  // ---- nudges and coaching messages
  {
    name: 'nudge: phase description',
    level: 'medium',
    verdict: 'allowed',
    text: 'Find the line that decides whether two names are close.',
  },
  { name: 'nudge: time label', level: 'medium', verdict: 'allowed', text: 'about 3 minutes' },
  {
    name: 'message: encouragement with a file name',
    level: 'low',
    verdict: 'allowed',
    text: 'Nice: you found the rule in did-you-mean.js and made it stricter. Run `npm test` to check both callers.',
  },
  {
    name: 'message: a bare two-line fix',
    level: 'medium',
    verdict: 'stripped',
    text: 'Paste this in run.js:\nconst suggestions = await didYouMean(path, event);\nthrow new Error(`Missing script: ${event}${suggestions}`);',
    gone: ['await didYouMean'],
    kept: ['Paste this in run.js:'],
  },
  {
    name: 'message: a warning with a command',
    level: 'medium',
    verdict: 'allowed',
    text: 'Careful: run `git stash` before switching branches, or your edit is lost.',
  },
  {
    name: 'message: tilde fence with a class',
    level: 'low',
    verdict: 'stripped',
    text: '~~~ts\nclass Retry {\n  constructor(private n: number) {}\n  async run<T>(fn: () => Promise<T>): Promise<T> {\n    for (let i = 0; ; i++) {\n      try { return await fn(); } catch (e) { if (i >= this.n) throw e; }\n    }\n  }\n}\n~~~',
    gone: ['class Retry'],
    kept: [SOLUTION_GUARD_BLOCK_NOTE],
  },
  {
    name: 'message: JSON config is data, allowed short',
    level: 'medium',
    verdict: 'allowed',
    text: 'Your tsconfig needs:\n```json\n{ "strict": true }\n```',
  },
  {
    name: 'message: shell command fence, one line',
    level: 'low',
    verdict: 'allowed',
    text: 'Run the tests:\n```sh\nnpm test -- --grep did-you-mean\n```',
  },
  {
    name: 'message: unclosed fence still judged',
    level: 'medium',
    verdict: 'stripped',
    text: 'Here:\n```js\nconst a = 1;\nconst b = 2;\nconst c = a + b;',
    gone: ['const c = a + b'],
  },
  {
    name: 'message: diff that adds lines',
    level: 'medium',
    verdict: 'stripped',
    known: [LEARNER_FILE],
    text: '```diff\n- const isClose = (scmd, cmd) => distance(scmd, cmd) < scmd.length * 0.4\n+ const isClose = (scmd, cmd) => distance(scmd, cmd) <= Math.max(1, Math.floor(scmd.length * 0.4))\n```',
    gone: ['Math.floor'],
  },
  {
    name: 'message: diff that only quotes',
    level: 'medium',
    verdict: 'allowed',
    known: [LEARNER_FILE],
    text: '```diff\n  const isClose = (scmd, cmd) => distance(scmd, cmd) < scmd.length * 0.4\n```',
  },
  {
    name: 'kata: description with behaviour in words',
    level: 'medium',
    verdict: 'allowed',
    known: [SCAFFOLDING],
    text: 'Write suggest(typed, names) returning the names within a sensible edit distance of typed, closest first.\n\nA correct solution:\n- suggest("tset", ["test", "build"]) returns ["test"]\n- an exact match is not suggested',
  },
  {
    name: 'kata: description that gives the answer away',
    level: 'low',
    verdict: 'stripped',
    known: [SCAFFOLDING],
    text: 'Write distance(a, b). Hint:\n```js\nconst dp = Array.from({ length: a.length + 1 }, () => Array(b.length + 1).fill(0));\nfor (let i = 0; i <= a.length; i++) dp[i][0] = i;\nfor (let j = 0; j <= b.length; j++) dp[0][j] = j;\n```',
    gone: ['Array.from'],
  },
  {
    name: 'hover: a one-line function with its body',
    level: 'medium',
    verdict: 'stripped',
    text: 'Write it as:\n```ts\nexport function isExpired(t: Token) { return t.exp * 1000 < Date.now(); }\n```',
    gone: ['t.exp * 1000'],
  },
  {
    name: 'hover: the same one-liner quoted from the learner file',
    level: 'medium',
    verdict: 'allowed',
    known: ['export function isExpired(t: Token) { return t.exp * 1000 < Date.now(); }'],
    text: 'Your check:\n```ts\nexport function isExpired(t: Token) { return t.exp * 1000 < Date.now(); }\n```\nWhat unit is exp in?',
  },
  {
    name: 'CRLF text with a fenced solution',
    level: 'medium',
    verdict: 'stripped',
    text: 'Like so:\r\n```js\r\nconst x = compute();\r\nreturn x * 2;\r\n```\r\nDone.',
    gone: ['compute()'],
    kept: ['Done.'],
  },
];

describe('issue 20 item 7: the solution-leak guard on real-looking model outputs', () => {
  it(`has a table of at least 40 outputs, both allowed and stripped (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(CASES.filter((c) => c.verdict === 'allowed').length).toBeGreaterThanOrEqual(15);
    expect(CASES.filter((c) => c.verdict === 'stripped').length).toBeGreaterThanOrEqual(15);
  });

  for (const c of CASES) {
    it(`${c.verdict === 'allowed' ? 'allows' : 'strips'} at ${c.level}: ${c.name}`, () => {
      const result = guardLearnerText(c.text, {
        hintLevel: c.level,
        ...(c.known ? { knownCode: c.known } : {}),
      });
      if (c.verdict === 'allowed') {
        expect(result.changed).toBe(false);
        expect(result.text).toBe(c.text);
        expect(result.charsRemoved).toBe(0);
      } else {
        expect(result.changed).toBe(true);
        expect(result.blocksRemoved + result.inlineRemoved).toBeGreaterThan(0);
        expect(result.linesRemoved).toBeGreaterThan(0);
        expect(result.charsRemoved).toBeGreaterThan(0);
        expect(
          result.text.includes(SOLUTION_GUARD_BLOCK_NOTE) || result.text.includes(SOLUTION_GUARD_INLINE_NOTE),
        ).toBe(true);
      }
      for (const g of c.gone ?? []) expect(result.text).not.toContain(g);
      for (const k of c.kept ?? []) expect(result.text).toContain(k);
    });
  }
});

describe('issue 20 item 7: guard rules', () => {
  const FIX = 'Use this:\n```js\nconst a = load();\nconst b = a.map(f);\nsave(b);\n```';

  it('the hint level decides: off/low/medium strip a three-line block, high keeps it, and high strips above six lines', () => {
    for (const level of ['off', 'low', 'medium'] as const)
      expect(guardLearnerText(FIX, { hintLevel: level }).changed).toBe(true);
    expect(guardLearnerText(FIX, { hintLevel: 'high' }).changed).toBe(false);
    const long = `\`\`\`js\n${Array.from({ length: 7 }, (_, i) => `const v${i} = step${i}(v${i - 1});`).join('\n')}\n\`\`\``;
    expect(guardLearnerText(long, { hintLevel: 'high' })).toMatchObject({
      changed: true,
      blocksRemoved: 1,
      linesRemoved: 7,
    });
  });

  it('counts what it removed: blocks, inline spans, lines and characters', () => {
    const text = 'Do `const x = 1;` then:\n```js\nconst a = 1;\nconst b = 2;\nconst c = 3;\n```';
    const r = guardLearnerText(text, { hintLevel: 'medium' });
    expect(r).toMatchObject({ blocksRemoved: 1, inlineRemoved: 1, linesRemoved: 4 });
    expect(r.charsRemoved).toBe(
      '`const x = 1;`'.length + '```js\nconst a = 1;\nconst b = 2;\nconst c = 3;\n```'.length,
    );
    expect(r.text).toBe(`Do ${SOLUTION_GUARD_INLINE_NOTE} then:\n${SOLUTION_GUARD_BLOCK_NOTE}`);
  });

  it('known code is matched ignoring whitespace, trailing semicolons, line numbers and diff markers', () => {
    const known = buildKnownCode(['  const total = items.reduce((s, i) => s + i.price, 0)\n']);
    expect(known.has('const total=items.reduce((s,i)=>s+i.price,0);')).toBe(true);
    expect(known.has('42| const total = items.reduce((s, i) => s + i.price, 0)')).toBe(true);
    expect(known.has('- const total = items.reduce((s, i) => s + i.price, 0)')).toBe(true);
    expect(known.has('items.reduce((s, i) => s + i.price, 0)')).toBe(true); // a long fragment of a line
    expect(known.has('const total = items.reduce((s, i) => s + i.price * i.qty, 0)')).toBe(false);
    expect(known.has('')).toBe(true);
  });

  it('a mix of quoted lines and one new statement is stripped at medium (the new line is the answer)', () => {
    const text =
      '```js\nconst close = commands.filter(cmd => isClose(scmd, cmd) && scmd !== cmd)\nclose.sort((a, b) => distance(scmd, a) - distance(scmd, b))\n```';
    expect(guardLearnerText(text, { hintLevel: 'medium', knownCode: [LEARNER_FILE] }).changed).toBe(true);
    expect(guardLearnerText(text, { hintLevel: 'high', knownCode: [LEARNER_FILE] }).changed).toBe(false);
  });

  it('createSolutionGuard adds up over several texts and gives the action data; nothing removed -> no action', () => {
    const guard = createSolutionGuard({ hintLevel: 'low', knownCode: [SCAFFOLDING] });
    expect(guard.text('Good start.')).toBe('Good start.');
    expect(guard.nullable(null)).toBeNull();
    expect(solutionGuardActionData('practice_review', 'low', guard)).toBeNull();
    guard.text('Try `const d = distance(a, b);`');
    guard.text(FIX);
    expect(guard.totals).toMatchObject({
      blocksRemoved: 1,
      inlineRemoved: 1,
      linesRemoved: 4,
      textsChanged: 2,
    });
    expect(solutionGuardActionData('practice_review', 'low', guard)).toEqual({
      source: 'practice_review',
      hintLevel: 'low',
      blocksRemoved: 1,
      inlineRemoved: 1,
      linesRemoved: 4,
      charsRemoved: guard.totals.charsRemoved,
      textsChanged: 2,
    });
  });

  it('line classifiers: code vs prose', () => {
    for (const code of [
      'const x = await res.json();',
      'return res.status(400).end();',
      'if (!state) {',
      'x += 1',
      'db.run(sql, [id]);',
      'def suggest(typed, names):',
      '} catch (err) {',
    ])
      expect(looksLikeCodeLine(code), code).toBe(true);
    for (const prose of [
      'Return early when the state is missing.',
      'If the state has expired, what should the user see?',
      'x = 5 is the key idea here',
      '- Read the filter on line 11',
      'TypeError: x is not a function',
      'about 3 minutes',
    ])
      expect(looksLikeCodeLine(prose), prose).toBe(false);
    expect(isCompleteStatement('if (!state) {')).toBe(false);
    expect(isCompleteStatement('function walk(node) {')).toBe(false);
    expect(isCompleteStatement('setCount(count + 1)')).toBe(true);
    expect(isCompleteStatement('setCount(count + 1)', { inline: true })).toBe(false);
    expect(isCompleteStatement('setCount(count + 1);', { inline: true })).toBe(true);
  });

  it('a text without any code character is returned as is (fast path)', () => {
    const text = 'Read the two callers first, then decide what close means for a four-letter name.';
    expect(guardLearnerText(text, { hintLevel: 'off' })).toEqual({
      text,
      changed: false,
      blocksRemoved: 0,
      inlineRemoved: 0,
      linesRemoved: 0,
      charsRemoved: 0,
    });
  });
});
