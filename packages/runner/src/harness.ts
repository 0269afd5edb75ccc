/**
 * What the runner writes into a run's temp folder beside the learner's files: the test file assembled from the
 * kata's cases, a `node:test` reporter and a Python `unittest` harness that write one JSON line per test to a results
 * file (so nothing the solution prints can be taken for a result).
 */
import type { KataLanguage, KataTests } from '@paige/protocol';

/** File names inside the run folder. */
export const FILES = {
  reporter: '.paige-reporter.mjs',
  pythonHarness: '.paige_harness.py',
  results: '.paige-results.jsonl',
} as const;

/** The solution's file name per language; tests import the module `solution`. */
export function solutionFileName(language: KataLanguage): string {
  return language === 'python' ? 'solution.py' : language === 'typescript' ? 'solution.ts' : 'solution.js';
}

/** The assembled test file's name per language. */
export function testFileName(language: KataLanguage): string {
  return language === 'python'
    ? 'test_solution.py'
    : language === 'typescript'
      ? 'solution.test.ts'
      : 'solution.test.js';
}

/** The Python method name of case `index` (its readable name is mapped back from it). */
export function pythonMethodName(index: number): string {
  return `test_${String(index + 1).padStart(3, '0')}`;
}

function indent(code: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return code
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (line.length > 0 ? pad + line : line))
    .join('\n');
}

/**
 * Assembles the test file from the kata's preamble and cases: `node:test` tests (with `test` and `assert` from
 * `node:assert/strict` in scope) for JavaScript and TypeScript, one `unittest.TestCase` with a method per case for
 * Python. Also returns the line where each case starts, so a syntax error can name its test.
 */
export function assembleTestFile(tests: KataTests): { source: string; caseLines: number[] } {
  const lines: string[] = [];
  const caseLines: number[] = [];
  if (tests.language === 'python') {
    lines.push('import unittest', '');
    lines.push(
      ...tests.preamble.replace(/\r\n?/g, '\n').split('\n'),
      '',
      '',
      'class KataTests(unittest.TestCase):',
    );
    tests.cases.forEach((c, i) => {
      caseLines.push(lines.length + 1);
      lines.push(`    def ${pythonMethodName(i)}(self):`, indent(c.code, 8), '');
    });
  } else {
    lines.push("import { test } from 'node:test';", "import assert from 'node:assert/strict';");
    lines.push(...tests.preamble.replace(/\r\n?/g, '\n').split('\n'), '');
    for (const c of tests.cases) {
      caseLines.push(lines.length + 1);
      lines.push(`test(${JSON.stringify(c.name)}, async () => {`, indent(c.code, 2), '});', '');
    }
  }
  return { source: lines.join('\n'), caseLines };
}

/**
 * The `node:test` reporter: one JSON line per finished test (`{ type: 'test', name, status, durationMs, message }`,
 * nested names joined with " > ", suites left out) and a final `{ type: 'end' }` once every test has reported.
 */
export const NODE_REPORTER = `const MAX = 4000;
function describe(error) {
  const cause = error && error.cause !== undefined ? error.cause : error;
  if (cause === undefined || cause === null) return null;
  if (typeof cause !== 'object') return String(cause).slice(0, MAX);
  const name = typeof cause.name === 'string' ? cause.name : 'Error';
  const message = typeof cause.message === 'string' ? cause.message : String(cause);
  const text = name === 'AssertionError' ? message : name + ': ' + message;
  return text.slice(0, MAX);
}
export default async function* paigeReporter(source) {
  const stack = [];
  for await (const event of source) {
    const data = event.data || {};
    if (event.type === 'test:start') {
      stack[data.nesting] = data.name;
      stack.length = data.nesting + 1;
    } else if (event.type === 'test:pass' || event.type === 'test:fail') {
      const details = data.details || {};
      if (details.type === 'suite') continue;
      if (data.skip !== undefined || data.todo !== undefined) continue;
      const name = stack.slice(0, data.nesting).concat([data.name]).join(' > ');
      yield JSON.stringify({
        type: 'test',
        name,
        status: event.type === 'test:pass' ? 'pass' : 'fail',
        durationMs: typeof details.duration_ms === 'number' ? details.duration_ms : 0,
        message: event.type === 'test:fail' ? describe(details.error) : null,
      }) + '\\n';
    }
  }
  yield JSON.stringify({ type: 'end' }) + '\\n';
}
`;

/**
 * The Python harness: checks both files parse, imports the tests, runs them with a recording \`unittest\` result and
 * writes one JSON line per test, then \`{ "type": "end" }\`.
 */
export const PYTHON_HARNESS = `import importlib, json, os, sys, time, traceback, unittest

MAX = 4000
out = open(sys.argv[1], "w", encoding="utf-8")


def emit(obj):
    out.write(json.dumps(obj) + "\\n")
    out.flush()


for fname, role in (("solution.py", "solution"), ("test_solution.py", "tests")):
    try:
        with open(fname, encoding="utf-8") as fh:
            compile(fh.read(), fname, "exec")
    except SyntaxError as e:
        emit({"type": "syntax_error", "role": role, "line": e.lineno, "message": f"{fname}, line {e.lineno}: {e.msg}"})
        out.close()
        sys.exit(3)

try:
    module = importlib.import_module("test_solution")
except BaseException as e:
    origin = "tests"
    for frame in reversed(traceback.extract_tb(e.__traceback__)):
        base = os.path.basename(frame.filename)
        if base == "solution.py":
            origin = "solution"
            break
        if base == "test_solution.py":
            break
    missing = None
    if isinstance(e, ImportError) and getattr(e, "name", None) == "solution" and "cannot import name" in str(e):
        missing = str(e).split("'")[1] if "'" in str(e) else None
    emit({"type": "load_error", "origin": origin, "missing": missing, "memory": isinstance(e, MemoryError),
          "message": (type(e).__name__ + ": " + str(e))[:MAX]})
    out.close()
    sys.exit(4)


class Recorder(unittest.TestResult):
    def startTest(self, test):
        super().startTest(test)
        self._started = time.perf_counter()

    def _emit(self, test, status, message=None, memory=False):
        started = getattr(self, "_started", None)
        elapsed = (time.perf_counter() - started) * 1000 if started is not None else 0
        emit({"type": "test", "id": getattr(test, "_testMethodName", str(test)), "status": status,
              "message": None if message is None else message[:MAX], "durationMs": elapsed, "memory": memory})

    def addSuccess(self, test):
        super().addSuccess(test)
        self._emit(test, "pass")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._emit(test, "fail", str(err[1]))

    def addError(self, test, err):
        super().addError(test, err)
        self._emit(test, "fail", err[0].__name__ + ": " + str(err[1]), memory=issubclass(err[0], MemoryError))


unittest.defaultTestLoader.loadTestsFromModule(module).run(Recorder())
emit({"type": "end"})
out.close()
`;
