/**
 * `runKata`: runs a learner's solution against a kata's tests (issue 24 item 2) in a fresh temp folder with the
 * language's own test runner, under limits, and turns what happened into a {@link KataRunResult}.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build, transform, type Message, type Plugin } from 'esbuild';
import {
  KATA_RUN_OUTPUT_MAX,
  KataLanguageSchema,
  KataTestsSchema,
  LIMITS,
  type KataLanguage,
  type KataRunResult,
  type KataRunStatus,
  type KataTestResult,
  type KataTests,
} from '@paige/protocol';
import { RunnerError } from './errors.js';
import {
  FILES,
  NODE_REPORTER,
  PYTHON_HARNESS,
  assembleTestFile,
  pythonMethodName,
  solutionFileName,
  testFileName,
} from './harness.js';
import { resolveLimits, type KataRunLimits } from './limits.js';
import { runLimited, type LimitedProcessResult } from './process.js';

/** What {@link runKata} takes. */
export interface RunKataOptions {
  /** The language of the kata; must match `tests.language`. */
  language: KataLanguage;
  /** The learner's solution: the module `solution` the tests import (ES module syntax for JS/TS). */
  solution: string;
  /** The kata's runnable tests. */
  tests: KataTests;
  /** Limits over {@link DEFAULT_LIMITS}. */
  limits?: Partial<KataRunLimits>;
  /** Aborting kills the run; it resolves with status `cancelled`. */
  signal?: AbortSignal;
  /** Parent folder of the run's temp folder (default: the OS temp folder). Never the learner's project. */
  tempRoot?: string;
  /** The Python interpreter (default `python3` found on the server's `PATH`). */
  pythonCommand?: string;
}

/** The validated input of a run. */
interface RunInput {
  language: KataLanguage;
  solution: string;
  tests: KataTests;
}

function parseInput(options: RunKataOptions): RunInput {
  const language = KataLanguageSchema.safeParse(options.language);
  if (!language.success)
    throw new RunnerError('INVALID_INPUT', `unsupported language: ${String(options.language)}`);
  if (typeof options.solution !== 'string' || options.solution.length > LIMITS.code) {
    throw new RunnerError(
      'INVALID_INPUT',
      `the solution must be a string of at most ${LIMITS.code} characters`,
    );
  }
  const tests = KataTestsSchema.safeParse(options.tests);
  if (!tests.success)
    throw new RunnerError(
      'INVALID_INPUT',
      `invalid kata tests: ${tests.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  if (tests.data.language !== language.data)
    throw new RunnerError(
      'INVALID_INPUT',
      `the tests are ${tests.data.language}, the run is ${language.data}`,
    );
  return { language: language.data, solution: options.solution, tests: tests.data };
}

const MEMORY_PATTERNS = [
  /JavaScript heap out of memory/,
  /Array buffer allocation failed/,
  /Allocation failed/,
  /\bMemoryError\b/,
  /std::bad_alloc/,
  /Cannot allocate memory/,
  /Invalid array length/,
  /Invalid string length/,
];

function isMemoryText(text: string | null | undefined): boolean {
  return typeof text === 'string' && MEMORY_PATTERNS.some((p) => p.test(text));
}

function cap(text: string, max = LIMITS.errorMessage): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The real path of the Python interpreter, looked up once per command (a pyenv shim needs the server's env). */
const pythonLookups = new Map<string, Promise<string | null>>();
function findPython(command: string): Promise<string | null> {
  let found = pythonLookups.get(command);
  if (!found) {
    const env: Record<string, string> = {};
    for (const key of ['PATH', 'HOME', 'PYENV_ROOT', 'PYENV_VERSION']) {
      const value = process.env[key];
      if (value !== undefined) env[key] = value;
    }
    found = new Promise((resolve) => {
      execFile(
        command,
        ['-c', 'import sys; print(sys.executable)'],
        { env, timeout: 10_000 },
        (err, stdout) => {
          const path = stdout.trim();
          resolve(err || path.length === 0 ? null : path);
        },
      );
    });
    pythonLookups.set(command, found);
  }
  return found;
}

/** The environment of the child, built from nothing: no variable of Paige's or of the server's is passed on. */
function childEnv(
  dir: string,
  marker: { name: string; value: string },
  extra: Record<string, string>,
): Record<string, string> {
  return {
    PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: dir,
    TMPDIR: dir,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    [marker.name]: marker.value,
    ...extra,
  };
}

interface RawTest {
  type: string;
  name?: string;
  id?: string;
  status?: 'pass' | 'fail';
  durationMs?: number;
  message?: string | null;
  memory?: boolean;
  role?: string;
  origin?: string;
  missing?: string | null;
  line?: number;
}

async function readResults(dir: string): Promise<RawTest[]> {
  let text: string;
  try {
    text = await readFile(join(dir, FILES.results), 'utf8');
  } catch {
    return [];
  }
  const rows: RawTest[] = [];
  for (const line of text.split('\n')) {
    if (line.trim().length === 0) continue;
    try {
      const row: unknown = JSON.parse(line);
      if (row && typeof row === 'object' && typeof (row as RawTest).type === 'string')
        rows.push(row as RawTest);
    } catch {
      // A partial last line (the process was killed while writing).
    }
  }
  return rows;
}

/** Names the test a line of the assembled test file belongs to. */
function caseAt(tests: KataTests, caseLines: number[], line: number | undefined): string | null {
  if (line === undefined) return null;
  let name: string | null = null;
  caseLines.forEach((start, i) => {
    if (line >= start) name = tests.cases[i]?.name ?? null;
  });
  return name;
}

function esbuildMessage(errors: Message[], file: string): string {
  const first = errors[0];
  if (!first) return 'does not parse';
  const where = first.location ? `${file}, line ${first.location.line}: ` : '';
  return `${where}${first.text}`;
}

type Prepared =
  | { ok: true; command: string; args: string[]; env: Record<string, string>; addressSpaceBytes: number }
  | { ok: false; result: Omit<KataRunResult, 'durationMs'> };

function early(
  language: KataLanguage,
  status: KataRunStatus,
  message: string,
): { ok: false; result: Omit<KataRunResult, 'durationMs'> } {
  return {
    ok: false,
    result: {
      status,
      language,
      tests: [],
      message: cap(message),
      stdout: '',
      stderr: '',
      outputTruncated: false,
    },
  };
}

async function prepareNode(
  dir: string,
  input: RunInput,
  limits: KataRunLimits,
  marker: { name: string; value: string },
  caseLines: number[],
): Promise<Prepared> {
  const { language, tests } = input;
  const loader = language === 'typescript' ? 'ts' : 'js';
  const solutionFile = solutionFileName(language);
  try {
    const out = await transform(input.solution, {
      loader,
      format: 'esm',
      sourcefile: solutionFile,
      target: 'node20',
    });
    await writeFile(join(dir, 'solution.mjs'), out.code);
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors ?? [];
    return early(
      language,
      'syntax_error',
      `Your solution does not parse: ${esbuildMessage(errors, solutionFile)}`,
    );
  }
  const pointAtSolution: Plugin = {
    name: 'paige-solution',
    setup(b) {
      b.onResolve({ filter: /^\.\/solution(\.(m?js|ts))?$/ }, () => ({
        path: './solution.mjs',
        external: true,
      }));
    },
  };
  try {
    await build({
      entryPoints: [join(dir, testFileName(language))],
      outfile: join(dir, 'solution.test.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      plugins: [pointAtSolution],
      logLevel: 'silent',
      write: true,
    });
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors ?? [];
    const test = caseAt(tests, caseLines, errors[0]?.location?.line);
    return early(
      language,
      'broken_tests',
      `The kata's tests do not parse${test ? ` (test "${test}")` : ''}: ${esbuildMessage(errors, testFileName(language))}. This is the kata's fault, not yours.`,
    );
  }
  await writeFile(join(dir, FILES.reporter), NODE_REPORTER);
  return {
    ok: true,
    command: process.execPath,
    args: [
      `--max-old-space-size=${limits.memoryMb}`,
      `--test-reporter=./${FILES.reporter}`,
      `--test-reporter-destination=./${FILES.results}`,
      './solution.test.mjs',
    ],
    env: childEnv(dir, marker, {}),
    addressSpaceBytes: (limits.memoryMb + 1024) * 1024 * 1024,
  };
}

async function preparePython(
  dir: string,
  input: RunInput,
  limits: KataRunLimits,
  marker: { name: string; value: string },
  pythonCommand: string,
): Promise<Prepared> {
  const python = await findPython(pythonCommand);
  if (python === null) {
    return early(
      'python',
      'no_interpreter',
      `Python katas need \`${pythonCommand}\`, which was not found on this machine. Install Python 3 to run them.`,
    );
  }
  await writeFile(join(dir, FILES.pythonHarness), PYTHON_HARNESS);
  return {
    ok: true,
    command: python,
    args: ['-s', '-B', '-u', FILES.pythonHarness, FILES.results],
    env: childEnv(dir, marker, {
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONIOENCODING: 'utf-8',
    }),
    addressSpaceBytes: (limits.memoryMb + 256) * 1024 * 1024,
  };
}

/** Decides the status and message from the process outcome and the results file. */
function judge(
  input: RunInput,
  limits: KataRunLimits,
  proc: LimitedProcessResult,
  rows: RawTest[],
  caseLines: number[],
): { status: KataRunStatus; tests: KataTestResult[]; message: string | null } {
  const { language, tests: kata } = input;
  const tests: KataTestResult[] = [];
  let memoryHit = false;
  for (const row of rows) {
    if (row.type !== 'test' || (row.status !== 'pass' && row.status !== 'fail')) continue;
    let name = row.name ?? row.id ?? 'test';
    if (language === 'python' && row.id) {
      const index = kata.cases.findIndex((_c, i) => pythonMethodName(i) === row.id);
      if (index >= 0) name = kata.cases[index]!.name;
    }
    if (row.memory || isMemoryText(row.message)) memoryHit = true;
    tests.push({
      name: cap(name, LIMITS.label),
      status: row.status,
      message: row.status === 'fail' ? cap(row.message ?? 'failed') : null,
      durationMs: Math.max(0, Number(row.durationMs) || 0),
    });
  }
  const ended = rows.some((r) => r.type === 'end');
  const seconds = (limits.wallTimeMs / 1000).toLocaleString('en', { maximumFractionDigits: 1 });

  if (proc.cancelled) return { status: 'cancelled', tests, message: 'The run was cancelled.' };
  if (proc.timedOut)
    return {
      status: 'timeout',
      tests,
      message: `Stopped after ${seconds} s: the tests did not finish. Look for a loop that never ends or a promise that never settles.`,
    };
  if (proc.outputExceeded || proc.signal === 'SIGXFSZ') {
    return {
      status: 'output_limit',
      tests,
      message: `Stopped: the run printed or wrote more than allowed (${Math.round(limits.outputBytes / 1024)} KiB of output). Look for a print inside a loop.`,
    };
  }
  if (memoryHit || isMemoryText(proc.stderr)) {
    return {
      status: 'memory_limit',
      tests,
      message: `Stopped: the run needed more than ${limits.memoryMb} MiB of memory. Look for a collection that grows without end.`,
    };
  }
  const syntax = rows.find((r) => r.type === 'syntax_error');
  if (syntax) {
    if (syntax.role === 'solution')
      return {
        status: 'syntax_error',
        tests,
        message: cap(`Your solution does not parse: ${syntax.message ?? ''}`),
      };
    const test = caseAt(kata, caseLines, syntax.line);
    return {
      status: 'broken_tests',
      tests,
      message: cap(
        `The kata's tests do not parse${test ? ` (test "${test}")` : ''}: ${syntax.message ?? ''}. This is the kata's fault, not yours.`,
      ),
    };
  }
  const load = rows.find((r) => r.type === 'load_error');
  if (load) {
    if (load.missing)
      return {
        status: 'failed',
        tests,
        message: cap(`Your solution does not define \`${load.missing}\`, which the tests use.`),
      };
    if (load.origin === 'solution')
      return {
        status: 'crashed',
        tests,
        message: cap(`Your solution raised an error when loaded: ${load.message ?? ''}`),
      };
    return {
      status: 'broken_tests',
      tests,
      message: cap(
        `The kata's tests fail to load: ${load.message ?? ''}. This is the kata's fault, not yours.`,
      ),
    };
  }
  if (!ended) {
    if (language !== 'python' && tests.length === 0) {
      const missing = /does not provide an export named '([^']+)'/.exec(proc.stderr);
      if (missing)
        return {
          status: 'failed',
          tests,
          message: cap(`Your solution does not export \`${missing[1]}\`, which the tests import.`),
        };
      const testsAt = proc.stderr.indexOf('solution.test.mjs');
      const solutionAt = proc.stderr.search(/solution\.mjs/);
      if (testsAt >= 0 && (solutionAt < 0 || testsAt < solutionAt)) {
        return {
          status: 'broken_tests',
          tests,
          message: cap(
            `The kata's tests fail to load: ${firstErrorLine(proc.stderr)}. This is the kata's fault, not yours.`,
          ),
        };
      }
    }
    const how = proc.signal ? `was killed (${proc.signal})` : `exited with code ${String(proc.exitCode)}`;
    const detail = firstErrorLine(proc.stderr);
    return {
      status: 'crashed',
      tests,
      message: cap(
        `The run ${how} before the tests finished${detail ? `: ${detail}` : ''}. Does the solution exit the process or throw outside a function?`,
      ),
    };
  }
  if (tests.length === 0)
    return {
      status: 'broken_tests',
      tests,
      message: "The kata's tests define no test to run. This is the kata's fault, not yours.",
    };
  const failed = tests.filter((t) => t.status === 'fail').length;
  if (failed === 0) return { status: 'passed', tests, message: null };
  return { status: 'failed', tests, message: `${failed} of ${tests.length} tests failed.` };
}

function firstErrorLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => /^\w*(Error|Exception)\b|^\w+Error:/.test(l.trim()));
  return line ? line.trim() : '';
}

/**
 * Runs `solution` against `tests` (issue 24 item 2) in a fresh folder under the OS temp folder, with `node:test` for
 * JavaScript (TypeScript transformed by esbuild first: Node 20 has no type stripping) and Python's `unittest` for
 * Python, under {@link KataRunLimits}. The child leads its own process group and gets an environment built from
 * nothing (no `ANTHROPIC_API_KEY`, no token); at the end the group is killed, stragglers that left the folder's
 * process tree are swept, and the folder is removed. Never rejects for what the solution does: timeouts, crashes,
 * syntax errors and a missing interpreter are statuses.
 * @throws RunnerError `INVALID_INPUT` when the input fails its schema or the languages disagree; `INVALID_LIMITS`.
 * @see issue 24 item 2; DESIGN section 3 "Practice runs before it is judged".
 */
export async function runKata(options: RunKataOptions): Promise<KataRunResult> {
  const input = parseInput(options);
  const limits = resolveLimits(options.limits);
  const started = performance.now();
  const language = input.language;

  if (options.signal?.aborted) {
    return {
      status: 'cancelled',
      language,
      tests: [],
      message: 'The run was cancelled.',
      stdout: '',
      stderr: '',
      outputTruncated: false,
      durationMs: 0,
    };
  }

  const dir = await realpath(await mkdtemp(join(options.tempRoot ?? tmpdir(), 'paige-kata-')));
  try {
    const marker = { name: 'PAIGE_KATA_RUN', value: randomUUID() };
    const { source, caseLines } = assembleTestFile(input.tests);
    await writeFile(join(dir, solutionFileName(language)), input.solution);
    await writeFile(join(dir, testFileName(language)), source);
    await writeFile(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');

    const prepared =
      language === 'python'
        ? await preparePython(dir, input, limits, marker, options.pythonCommand ?? 'python3')
        : await prepareNode(dir, input, limits, marker, caseLines);
    if (!prepared.ok) return { ...prepared.result, durationMs: performance.now() - started };

    const proc = await runLimited({
      command: prepared.command,
      args: prepared.args,
      cwd: dir,
      env: prepared.env,
      limits,
      addressSpaceBytes: prepared.addressSpaceBytes,
      keepBytes: KATA_RUN_OUTPUT_MAX,
      marker,
      signal: options.signal,
    });
    if (proc.spawnError) {
      const status: KataRunStatus = proc.spawnError.code === 'ENOENT' ? 'no_interpreter' : 'crashed';
      return {
        ...early(language, status, `Could not start the test runner: ${proc.spawnError.message}`).result,
        durationMs: performance.now() - started,
      };
    }
    const rows = await readResults(dir);
    const verdict = judge(input, limits, proc, rows, caseLines);
    return {
      status: verdict.status,
      language,
      tests: verdict.tests.slice(0, 200),
      message: verdict.message,
      stdout: proc.stdout.slice(0, KATA_RUN_OUTPUT_MAX),
      stderr: proc.stderr.slice(0, KATA_RUN_OUTPUT_MAX),
      outputTruncated: proc.truncated,
      durationMs: performance.now() - started,
    };
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}
