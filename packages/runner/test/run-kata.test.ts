/**
 * Issue 24 "Done when": runner tests for each supported language, with real child processes. Python cases are
 * skipped (with the reason in their name) only when `python3` is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunnerError, createRunQueue, runKata, type KataLanguage, type KataTests } from '../src/index.js';

const hasPython = (() => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let root: string;
let pidDir: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'runner-test-root-'));
  pidDir = mkdtempSync(join(tmpdir(), 'runner-test-pids-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(pidDir, { recursive: true, force: true });
});

/** A process is gone when /proc has no entry for it or it is a zombie waiting for its reaper. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

async function waitDead(pid: number, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

function readPids(file: string): number[] {
  try {
    return readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

interface LanguageCase {
  language: KataLanguage;
  skip: string | false;
  tests: KataTests;
  good: string;
  wrong: string;
  syntaxError: string;
  loop: string;
  hog: string;
  flood: string;
  /** Forks a grandchild that sleeps, writes its pid to `file`, then `then` ('loop' or 'return'). */
  fork: (file: string, then: 'loop' | 'return', escape: boolean) => string;
  readsSecret: string;
  exitsEarly: string;
  brokenTests: KataTests;
  missingName: string;
}

const jsTests = (language: 'javascript' | 'typescript'): KataTests => ({
  language,
  preamble: "import { add } from './solution.js';",
  cases: [
    { name: 'adds two small numbers', code: "assert.equal(add(1, 2), 3, 'one plus two should be three');" },
    { name: 'adds negative numbers', code: 'assert.equal(add(-2, -3), -5);' },
  ],
});

const jsFork = (file: string, then: 'loop' | 'return', escape: boolean): string => `
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
export function add(a, b) {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', detached: ${escape} });
  appendFileSync(${JSON.stringify(file)}, child.pid + ' ');
  ${then === 'loop' ? 'for (;;) {}' : 'child.unref();\n  return a + b;'}
}`;

const js = (language: 'javascript' | 'typescript'): LanguageCase => ({
  language,
  skip: false,
  tests: jsTests(language),
  good:
    language === 'typescript'
      ? 'export function add(a: number, b: number): number {\n  return a + b;\n}\n'
      : 'export function add(a, b) {\n  return a + b;\n}\n',
  wrong: 'export function add(a, b) {\n  return a - b;\n}\n',
  syntaxError: 'export function add(a, b) {\n  return a + ;\n}\n',
  loop: 'export function add(a, b) {\n  for (;;) {}\n}\n',
  hog: 'export function add() {\n  const all = [];\n  for (;;) all.push(new Array(100000).fill(Math.random()));\n}\n',
  flood:
    "export function add(a, b) {\n  const mb = 'x'.repeat(1024 * 1024);\n  for (let i = 0; i < 100; i++) process.stdout.write(mb);\n  return a + b;\n}\n",
  fork: jsFork,
  readsSecret:
    "export function add(a, b) {\n  console.log(JSON.stringify(process.env));\n  if (process.env.ANTHROPIC_API_KEY || process.env.PAIGE_TOKEN) throw new Error('secret visible');\n  return a + b;\n}\n",
  exitsEarly: 'export function add(a, b) {\n  process.exit(0);\n}\n',
  brokenTests: {
    language,
    preamble: "import { add } from './solution.js';",
    cases: [{ name: 'a test with a typo', code: 'assert.equal(add(1, 2), 3;' }],
  },
  missingName: 'export function plus(a, b) {\n  return a + b;\n}\n',
});

const python: LanguageCase = {
  language: 'python',
  skip: hasPython ? false : 'python3 is not installed on this machine',
  tests: {
    language: 'python',
    preamble: 'from solution import add',
    cases: [
      {
        name: 'adds two small numbers',
        code: "self.assertEqual(add(1, 2), 3, 'one plus two should be three')",
      },
      { name: 'adds negative numbers', code: 'self.assertEqual(add(-2, -3), -5)' },
    ],
  },
  good: 'def add(a, b):\n    return a + b\n',
  wrong: 'def add(a, b):\n    return a - b\n',
  syntaxError: 'def add(a, b)\n    return a + b\n',
  loop: 'def add(a, b):\n    while True:\n        pass\n',
  hog: 'def add(a, b):\n    hoard = []\n    while True:\n        hoard.append(bytearray(10 * 1024 * 1024))\n',
  flood:
    "import sys\n\ndef add(a, b):\n    mb = 'x' * (1024 * 1024)\n    for _ in range(100):\n        sys.stdout.write(mb)\n    return a + b\n",
  fork: (file, then, escape) =>
    `import os, subprocess, sys\n\ndef add(a, b):\n    child = subprocess.Popen([sys.executable, '-c', 'import time\\nwhile True: time.sleep(1)'], start_new_session=${escape ? 'True' : 'False'})\n    with open(${JSON.stringify(file)}, 'a') as fh:\n        fh.write(str(child.pid) + ' ')\n` +
    (then === 'loop' ? '    while True:\n        pass\n' : '    return a + b\n'),
  readsSecret:
    "import os\n\ndef add(a, b):\n    print(dict(os.environ))\n    if os.environ.get('ANTHROPIC_API_KEY') or os.environ.get('PAIGE_TOKEN'):\n        raise RuntimeError('secret visible')\n    return a + b\n",
  exitsEarly: 'import os\n\ndef add(a, b):\n    os._exit(0)\n',
  brokenTests: {
    language: 'python',
    preamble: 'from solution import add',
    cases: [{ name: 'a test with a typo', code: 'self.assertEqual(add(1, 2), 3' }],
  },
  missingName: 'def plus(a, b):\n    return a + b\n',
};

describe.each([js('javascript'), js('typescript'), python])('issue 24 runner: $language', (lang) => {
  const run = (
    solution: string,
    extra: { tests?: KataTests; limits?: Parameters<typeof runKata>[0]['limits']; signal?: AbortSignal } = {},
  ) =>
    runKata({
      language: lang.language,
      solution,
      tests: extra.tests ?? lang.tests,
      limits: extra.limits,
      signal: extra.signal,
      tempRoot: root,
    });

  const maybe = lang.skip ? it.skip : it;
  const why = lang.skip ? ` (skipped: ${lang.skip})` : '';

  maybe(`a correct solution passes every test, with names and durations${why}`, async () => {
    const result = await run(lang.good);
    expect(result.status).toBe('passed');
    expect(result.tests.map((t) => t.name)).toEqual(['adds two small numbers', 'adds negative numbers']);
    expect(result.tests.every((t) => t.status === 'pass' && t.message === null && t.durationMs >= 0)).toBe(
      true,
    );
    expect(result.message).toBeNull();
  });

  maybe(`a wrong solution fails with the assertion message${why}`, async () => {
    const result = await run(lang.wrong);
    expect(result.status).toBe('failed');
    const first = result.tests.find((t) => t.name === 'adds two small numbers');
    expect(first?.status).toBe('fail');
    expect(first?.message).toContain('one plus two should be three');
    expect(result.message).toBe('2 of 2 tests failed.');
  });

  maybe(`a syntax error in the solution is a syntax_error naming the line${why}`, async () => {
    const result = await run(lang.syntaxError);
    expect(result.status).toBe('syntax_error');
    expect(result.message).toMatch(/line \d+/);
    expect(result.tests).toEqual([]);
  });

  maybe(`broken kata tests are the kata's fault (broken_tests), naming the test${why}`, async () => {
    const result = await run(lang.good, { tests: lang.brokenTests });
    expect(result.status).toBe('broken_tests');
    expect(result.message).toContain("kata's fault");
    expect(result.message).toContain('a test with a typo');
  });

  maybe(`a solution missing the tested name fails and says which name${why}`, async () => {
    const result = await run(lang.missingName);
    expect(result.status).toBe('failed');
    expect(result.message).toContain('add');
  });

  maybe(
    `an endless loop is stopped at the wall-time limit and its forked grandchild is gone${why}`,
    async () => {
      const file = join(pidDir, `${lang.language}-timeout.pids`);
      const started = Date.now();
      const result = await run(lang.fork(file, 'loop', false), { limits: { wallTimeMs: 1500 } });
      const elapsed = Date.now() - started;
      expect(result.status).toBe('timeout');
      expect(result.message).toContain('1.5 s');
      expect(elapsed).toBeGreaterThanOrEqual(1400);
      expect(elapsed).toBeLessThan(6000);
      const pids = readPids(file);
      expect(pids.length).toBeGreaterThan(0);
      for (const pid of pids) expect(await waitDead(pid)).toBe(true);
    },
  );

  maybe(`a plain endless loop times out at the limit${why}`, async () => {
    const result = await run(lang.loop, { limits: { wallTimeMs: 1000 } });
    expect(result.status).toBe('timeout');
  });

  maybe(
    `a fork that tries to outlive the run (same group, and one that left the group) is killed${why}`,
    async () => {
      const file = join(pidDir, `${lang.language}-fork.pids`);
      const result = await run(lang.fork(file, 'return', false));
      expect(result.status).toBe('passed');
      const escaped = join(pidDir, `${lang.language}-escape.pids`);
      const result2 = await run(lang.fork(escaped, 'return', true));
      expect(result2.status).toBe('passed');
      const pids = [...readPids(file), ...readPids(escaped)];
      expect(pids.length).toBe(4);
      for (const pid of pids) expect(await waitDead(pid)).toBe(true);
    },
  );

  maybe(`a memory hog is stopped at the memory cap${why}`, async () => {
    const result = await run(lang.hog, { limits: { memoryMb: 96 } });
    expect(result.status).toBe('memory_limit');
    expect(result.message).toContain('96 MiB');
  });

  maybe(`100 MB of output is cut at the output limit and truncated${why}`, async () => {
    const started = Date.now();
    const result = await run(lang.flood);
    expect(result.status).toBe('output_limit');
    expect(result.outputTruncated).toBe(true);
    expect(result.stdout.length).toBeLessThanOrEqual(64 * 1024);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  maybe(`the child's environment holds nothing of Paige's${why}`, async () => {
    process.env.ANTHROPIC_API_KEY = 'sk-ant-test-secret';
    process.env.PAIGE_TOKEN = 'paige-token-secret';
    try {
      const result = await run(lang.readsSecret);
      expect(result.status).toBe('passed');
      expect(result.stdout).not.toContain('sk-ant-test-secret');
      expect(result.stdout).not.toContain('paige-token-secret');
      expect(result.stdout).toContain('PATH');
    } finally {
      delete process.env.ANTHROPIC_API_KEY;
      delete process.env.PAIGE_TOKEN;
    }
  });

  maybe(`a solution that exits early is a crash, not a pass${why}`, async () => {
    const result = await run(lang.exitsEarly);
    expect(result.status).toBe('crashed');
    expect(result.message).toMatch(/before the tests finished/);
  });

  maybe(`aborting the signal cancels the run at once${why}`, async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const result = await run(lang.loop, { signal: controller.signal });
    expect(result.status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  maybe(`the temp folder is removed after every run${why}`, async () => {
    await run(lang.good);
    await run(lang.loop, { limits: { wallTimeMs: 500 } });
    expect(readdirSync(root).filter((n) => n.startsWith('paige-kata-'))).toEqual([]);
  });
});

describe('issue 24 runner: input and interpreter', () => {
  it('a missing interpreter is a clear no_interpreter result, not a crash', async () => {
    const result = await runKata({
      language: 'python',
      solution: 'def add(a, b):\n    return a + b\n',
      tests: python.tests,
      pythonCommand: '/nonexistent/python3',
    });
    expect(result.status).toBe('no_interpreter');
    expect(result.message).toContain('/nonexistent/python3');
  });

  it('tests in another language than the run are refused with RunnerError INVALID_INPUT', async () => {
    await expect(
      runKata({ language: 'python', solution: '', tests: jsTests('javascript') }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      runKata({
        language: 'javascript',
        solution: '',
        tests: { language: 'javascript', preamble: '', cases: [] },
      }),
    ).rejects.toBeInstanceOf(RunnerError);
  });

  it('limits out of range are refused with INVALID_LIMITS', async () => {
    await expect(
      runKata({
        language: 'javascript',
        solution: '',
        tests: jsTests('javascript'),
        limits: { wallTimeMs: -1 },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_LIMITS' });
  });

  it('the run queue runs two at once and tells the third its place', async () => {
    const queue = createRunQueue({ concurrency: 2 });
    const places: number[] = [];
    const results = await Promise.all(
      [0, 1, 2].map((i) =>
        queue.run(
          () =>
            runKata({
              language: 'javascript',
              solution: js('javascript').good,
              tests: jsTests('javascript'),
            }).then((r) => `${i}:${r.status}`),
          { onQueued: (p) => places.push(p) },
        ),
      ),
    );
    expect(results).toEqual(['0:passed', '1:passed', '2:passed']);
    expect(places).toEqual([1]);
  });
});
