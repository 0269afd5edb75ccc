/**
 * Katas that run (issue 24 item 1): the learner's project language for a kata's tests, and the solution guard for
 * kata material. Tests and scaffolding are shown to the learner, so neither may contain the solution:
 * - a test checks one behaviour of the learner's code with literal expected values; it must not define the names it
 *   imports from `solution`, nor define functions of its own (a helper in a test is where a reference
 *   implementation hides);
 * - the scaffolding's functions that the tests use must be stubs: a body of at most
 *   {@link KATA_GUARD_LIMITS}.stubLines lines that are not comments, `pass`, a `TODO` or a `throw`.
 * Pure functions; no model call.
 * @see issue 24 item 1; issue 20 item 7 (the solution-leak guard for texts)
 */
import type { KataLanguage, KataTests } from '@paige/protocol';

/** Bounds of the kata-material guard. */
export const KATA_GUARD_LIMITS = {
  /** Lines of real code allowed in a scaffolding function the tests use. */
  stubLines: 2,
} as const;

const EXTENSIONS: Record<string, KataLanguage> = {
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.py': 'python',
};

/**
 * The language of the learner's project for a kata's tests: the most frequent of TypeScript, JavaScript and Python
 * among `paths` (files the session touched), or `null` when none of them is one of those.
 */
export function guessKataLanguage(paths: readonly string[]): KataLanguage | null {
  const counts = new Map<KataLanguage, number>();
  for (const path of paths) {
    const dot = path.lastIndexOf('.');
    if (dot < 0) continue;
    const language = EXTENSIONS[path.slice(dot).toLowerCase()];
    if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  let best: KataLanguage | null = null;
  let bestCount = 0;
  for (const language of ['typescript', 'javascript', 'python'] as const) {
    const n = counts.get(language) ?? 0;
    if (n > bestCount) {
      best = language;
      bestCount = n;
    }
  }
  return best;
}

/** Adds each name of an import list (`a, b as c`: `a`, `b`) to `names`. */
function addImportedNames(list: string, names: Set<string>): void {
  for (const part of list.split(',')) {
    const name = part
      .trim()
      .split(/\s+as\s+/)[0]
      ?.trim();
    if (name && /^\w+$/.test(name)) names.add(name);
  }
}

/** The names the tests import from the `solution` module. */
export function importedSolutionNames(tests: KataTests): string[] {
  const names = new Set<string>();
  const source = tests.preamble;
  if (tests.language === 'python') {
    for (const m of source.matchAll(/^\s*from\s+solution\s+import\s+\(?([^)\n]+)\)?/gm)) {
      addImportedNames(m[1]!, names);
    }
  } else {
    for (const m of source.matchAll(
      /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]\.\/solution(?:\.[jt]s)?['"]/g,
    )) {
      addImportedNames(m[1]!, names);
    }
  }
  return [...names];
}

function declares(code: string, name: string, language: KataLanguage): boolean {
  const n = name.replace(/[$]/g, '\\$');
  const pattern =
    language === 'python'
      ? new RegExp(`^\\s*(def|class)\\s+${n}\\b|^\\s*${n}\\s*=`, 'm')
      : new RegExp(`\\b(function\\s*\\*?\\s*${n}\\b|class\\s+${n}\\b|(const|let|var)\\s+${n}\\s*=)`);
  return pattern.test(code);
}

function definesFunction(code: string, language: KataLanguage): boolean {
  if (language === 'python') return /^\s*(def|class)\s+\w+/m.test(code) || /\blambda\b/.test(code);
  return (
    /\bfunction\b|\bclass\s+\w+/.test(code) ||
    /(const|let|var)\s+\w+\s*=\s*(async\s*)?\([^)]*\)\s*(:\s*[^=]+)?=>/.test(code)
  );
}

/** One reason kata material was judged to contain the solution. */
export interface KataMaterialProblem {
  where: 'tests' | 'scaffolding';
  message: string;
}

/**
 * Finds solution code in a kata's tests: the tests define a name they import from `solution`, or a test defines a
 * function of its own. An empty list means the tests may be shown.
 */
export function findSolutionInTests(tests: KataTests): KataMaterialProblem[] {
  const problems: KataMaterialProblem[] = [];
  const names = importedSolutionNames(tests);
  if (names.length === 0)
    problems.push({ where: 'tests', message: 'the tests import nothing from the solution module' });
  const all = [tests.preamble, ...tests.cases.map((c) => c.code)].join('\n');
  for (const name of names) {
    if (declares(all, name, tests.language))
      problems.push({ where: 'tests', message: `the tests define \`${name}\`, which the learner writes` });
  }
  if (definesFunction(tests.preamble.replace(/^\s*(import|from)\b.*$/gm, ''), tests.language)) {
    problems.push({ where: 'tests', message: 'the shared test code defines a function' });
  }
  for (const c of tests.cases) {
    if (definesFunction(c.code, tests.language))
      problems.push({ where: 'tests', message: `test "${c.name}" defines a function` });
  }
  return problems;
}

/** The body lines of the function `name` in `code` (indentation-based for Python, brace-matched otherwise). */
function functionBody(code: string, name: string, language: KataLanguage): string[] | null {
  const lines = code.replace(/\r\n?/g, '\n').split('\n');
  if (language === 'python') {
    const start = lines.findIndex((l) => new RegExp(`^(\\s*)def\\s+${name}\\s*\\(`).test(l));
    if (start < 0) return null;
    const indent = /^(\s*)/.exec(lines[start]!)![1]!.length;
    const body: string[] = [];
    for (let i = start + 1; i < lines.length; i += 1) {
      const line = lines[i]!;
      if (line.trim().length === 0) continue;
      if (/^(\s*)/.exec(line)![1]!.length <= indent) break;
      body.push(line.trim());
    }
    return body;
  }
  const n = name.replace(/[$]/g, '\\$');
  const header = new RegExp(
    `(function\\s*\\*?\\s*${n}\\s*(<[^>]*>)?\\s*\\(|(const|let|var)\\s+${n}\\s*(:[^=]+)?=)`,
  );
  const match = header.exec(code);
  if (!match) return null;
  const open = code.indexOf('{', match.index);
  if (open < 0) return [];
  let depth = 0;
  for (let i = open; i < code.length; i += 1) {
    if (code[i] === '{') depth += 1;
    else if (code[i] === '}') {
      depth -= 1;
      if (depth === 0) {
        return code
          .slice(open + 1, i)
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l.length > 0);
      }
    }
  }
  return null;
}

const STUB_LINE =
  /^(\/\/|#|\/\*|\*|pass\b|\.\.\.$|throw\b|raise\b|return;?$|return (null|undefined|None|0|''|""|\[\]|\{\});?$)|TODO|Not implemented/i;

/**
 * Finds solution code in a kata's scaffolding: a function the tests import whose body is more than a stub.
 * An empty list means the scaffolding may be shown.
 */
export function findSolutionInScaffolding(tests: KataTests, scaffolding: string): KataMaterialProblem[] {
  const problems: KataMaterialProblem[] = [];
  for (const name of importedSolutionNames(tests)) {
    const body = functionBody(scaffolding, name, tests.language);
    if (body === null) continue;
    const real = body.filter((l) => !STUB_LINE.test(l) && l !== '}' && l !== '{');
    if (real.length > KATA_GUARD_LIMITS.stubLines) {
      problems.push({
        where: 'scaffolding',
        message: `the scaffolding's \`${name}\` already has ${real.length} lines of code`,
      });
    }
  }
  return problems;
}
