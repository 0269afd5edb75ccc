/**
 * The solution-leak guard (issue 20 item 7): one deterministic pass, with no model call, over every learner-facing
 * text Paige produces from a model (hover texts, phase descriptions, coaching messages, nudges, explanations,
 * reviews, kata descriptions) before it is stored or sent. The prompts already tell the model never to write the
 * solution; this pass is the backstop for the times it does anyway (the idea is CodeHelp's pass that strips solution
 * code from a tutor's answers).
 *
 * What counts as code: fenced blocks (```` ``` ```` / `~~~`), indented blocks (four spaces or a tab after a blank
 * line, with at least one line that reads as code), runs of bare lines that read as code statements, inline code
 * spans (backticks), and a statement written after a colon at the end of a sentence ("Change it to: x = 1;").
 *
 * What is exempt: code the learner already has. The caller passes the relevant texts (the learner's files or live
 * buffers, the selection, a submitted solution, kata scaffolding) as `knownCode`; a code line found there (ignoring
 * whitespace, a trailing `;`/`,`, a line-number prefix such as `42| ` and a diff marker) is "quoted", not new.
 *
 * Policy by hint level:
 * - `off`, `low`, `medium`: a block is removed when it has more than {@link SOLUTION_GUARD_LIMITS}.fewLines new code
 *   lines, or any new line that is a complete statement (a skeleton such as `if (!state) {` alone stays); an inline
 *   span or trailing statement is removed when it is a complete statement that is not quoted.
 * - `high`: short snippets are allowed: a block is removed only above {@link SOLUTION_GUARD_LIMITS}.highMaxLines new
 *   code lines; inline code stays.
 * A removed block becomes {@link SOLUTION_GUARD_BLOCK_NOTE} on its own line; a removed inline statement becomes
 * {@link SOLUTION_GUARD_INLINE_NOTE}.
 *
 * Every function here is pure (no I/O, no clock, no randomness); the caller logs `solution_guard_applied`.
 * @see issue 20 item 7; brainstorm "Read-only is sacred"
 */
import type { HintLevel, SolutionGuardSource } from '@paige/protocol';

/** Thresholds of the policy, in lines of new code. */
export const SOLUTION_GUARD_LIMITS = {
  /** At `off`/`low`/`medium`: more new code lines than this in one block and it goes, statements or not. */
  fewLines: 2,
  /** At `high`: more new code lines than this in one block and it goes. */
  highMaxLines: 6,
  /** Quoted lines shorter than this (normalised) must match a whole known line; longer ones may match inside one. */
  substringMinChars: 12,
} as const;

/** Replaces a removed block. */
export const SOLUTION_GUARD_BLOCK_NOTE = '[Paige left a code example out here: this part is yours to write.]';
/** Replaces a removed inline statement. */
export const SOLUTION_GUARD_INLINE_NOTE = '(code left out: yours to write)';

/** Code the learner already has, indexed for {@link guardLearnerText}. Build it with {@link buildKnownCode}. */
export interface KnownCode {
  /** True when the (normalised) line or inline span is part of the known texts. */
  has(code: string): boolean;
}

/** What one guard pass removed. */
export interface SolutionGuardCounts {
  /** Fenced, indented or bare code blocks replaced by the note. */
  blocksRemoved: number;
  /** Inline spans and trailing statements replaced by the note. */
  inlineRemoved: number;
  /** Lines of code removed (each inline removal counts one). */
  linesRemoved: number;
  /** Characters removed (before the note was put in). */
  charsRemoved: number;
}

/** Result of {@link guardLearnerText}. */
export interface SolutionGuardResult extends SolutionGuardCounts {
  /** The text to store or send. */
  text: string;
  /** True when anything was removed. */
  changed: boolean;
}

/** Options of {@link guardLearnerText}. */
export interface SolutionGuardOptions {
  /** The hint level in force (the phase's, else the session's; `medium` outside a session). */
  hintLevel: HintLevel;
  /** The learner's own code and kata scaffolding; quoted lines from it are never removed. */
  knownCode?: KnownCode | readonly (string | null | undefined)[];
}

const EMPTY_COUNTS: SolutionGuardCounts = {
  blocksRemoved: 0,
  inlineRemoved: 0,
  linesRemoved: 0,
  charsRemoved: 0,
};

/** Removes a line-number prefix (`42| `) and a diff marker (`+ `, `- `) from a quoted line. */
function stripMarkers(line: string): string {
  return line.replace(/^\s*\d{1,6}\s*[|:]\s?/, '').replace(/^\s*[+-](?=\s)/, '');
}

/** Strips what differs between a quoted line and the learner's line: line numbers, diff markers, spaces, `;`/`,` at the end. */
function normalise(code: string): string {
  return stripMarkers(code)
    .replace(/\s+/g, '')
    .replace(/[;,]+$/, '');
}

/**
 * Indexes texts the learner already has (files, buffers, selection, submitted code, kata scaffolding). `null` and
 * `undefined` entries are skipped. Lines are matched whole; a long quoted fragment (at least
 * {@link SOLUTION_GUARD_LIMITS}.substringMinChars characters once normalised) may also match inside a line.
 */
export function buildKnownCode(texts: readonly (string | null | undefined)[]): KnownCode {
  const lines = new Set<string>();
  const corpus: string[] = [];
  for (const text of texts) {
    if (typeof text !== 'string' || text.length === 0) continue;
    for (const raw of text.split(/\r\n|\r|\n/)) {
      const n = normalise(raw);
      if (n.length === 0) continue;
      lines.add(n);
      corpus.push(n);
    }
  }
  const joined = corpus.join('\n');
  return {
    has(code: string): boolean {
      const n = normalise(code);
      if (n.length === 0) return true;
      if (lines.has(n)) return true;
      return n.length >= SOLUTION_GUARD_LIMITS.substringMinChars && joined.includes(n);
    },
  };
}

const NOTHING_KNOWN: KnownCode = { has: () => false };

function toKnown(known: SolutionGuardOptions['knownCode']): KnownCode {
  if (known === undefined) return NOTHING_KNOWN;
  if ('has' in known && typeof known.has === 'function') return known;
  return buildKnownCode(known as readonly (string | null | undefined)[]);
}

// ------------------------------------------------------------------------------------------------ line classes

/** A line with only brackets and punctuation (`}`, `});`, `]`), an ellipsis, or a comment: carries no solution. */
function isNeutralLine(line: string): boolean {
  const t = line.trim();
  if (t.length === 0) return true;
  if (/^[)\]}>;,.\s]*$/.test(t)) return true;
  if (/^(\.\.\.|…)$/.test(t)) return true;
  if (/^(\/\/|\/\*|\*\/|\*(\s|$)|<!--|--\s|#(?!include|define|!|\[))/.test(t)) return true;
  return false;
}

const CODE_CHARS = /[(){}[\];=<>+\-*/&|!.,:'"`]/g;

/** Share of characters that are code punctuation. */
function symbolDensity(t: string): number {
  const m = t.match(CODE_CHARS);
  return (m?.length ?? 0) / Math.max(1, t.length);
}

/** Reads like prose: sentence punctuation at the end, or mostly plain words. */
function readsAsProse(t: string): boolean {
  if (/[.?!]["')\]]?$/.test(t) && !/\.\.\.$/.test(t)) return true;
  const tokens = t.split(/\s+/);
  const words = tokens.filter((w) => /^[A-Za-z][a-z'’]+[,]?$/.test(w));
  return words.length >= 6 && words.length / tokens.length > 0.7;
}

/** Three plain words in a row outside string literals ("is the key", "when it fails"): prose, not an expression. */
function hasWordRun(t: string): boolean {
  const bare = t.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '""');
  return /\b[a-z]{2,}\s+[a-z]{2,}\s+[a-z]{2,}\b/.test(bare);
}

/** Log and stack-trace lines (`at fn (file.js:10:5)`, `Error: ...`), which are output, not code to type. */
function isOutputLine(t: string): boolean {
  return (
    /^\s*at\s.+(?:\(.+:\d+:\d+\)|:\d+:\d+)$/.test(t) ||
    /^\s*(?:[A-Z]\w*(?:Error|Exception)|Traceback|npm (?:ERR|WARN))\b/.test(t)
  );
}

const STATEMENT_START =
  /^(?:(?:export\s+)?(?:const|let|var)\s+[\w$[{]|return\b|throw\s|await\s|yield\b|break;?$|continue;?$|(?:export\s+)?(?:default\s+)?(?:async\s+)?function\b|(?:export\s+)?class\s+\w|import\s+[\w{*'"]|export\s+(?:default|\{|\*)|if\s*\(|else\b|for\s*\(|for\s+\w+\s+in\s|while\s*\(|do\s*\{|switch\s*\(|case\s.+:$|default:$|try\s*\{|try:$|catch\s*\(|finally\b|def\s+\w+\s*\(|elif\s|except\b|with\s+.+:$|from\s+\S+\s+import\s|public\s|private\s|protected\s|static\s|fn\s+\w+|let\s+mut\s|func\s+\w|package\s+\w|#include\s|SELECT\s|INSERT\s|UPDATE\s|DELETE\s|CREATE\s)/;

/**
 * One line (trimmed) that reads as code, not prose: it starts like a statement (`const x =`, `return`, `if (`,
 * `def f(`...), or is an assignment or a call, or ends like code (`;`, `{`, `=>`) with enough code punctuation.
 */
export function looksLikeCodeLine(line: string): boolean {
  const t = line.trim();
  if (t.length < 2 || isNeutralLine(t)) return false;
  if (/^[-*•]\s|^\d+[.)]\s/.test(t)) return false; // a list item
  if (STATEMENT_START.test(t)) {
    // "Return early when ..." / "If the state is missing, ..." are prose: require code punctuation too.
    return symbolDensity(t) >= 0.06 && !readsAsProse(t);
  }
  if (readsAsProse(t) || isOutputLine(t) || hasWordRun(t)) return false;
  // assignment: x = ..., obj.prop += ..., arr[i] = ...
  if (/^[\w$][\w$.[\]'"]*\s*(?:[-+*/%|&^]|\|\||&&|\?\?)?=(?!=|>)\s*\S/.test(t)) return true;
  // a call or chained call as a whole line: foo(...), this.x.y(...);, await db.run(...)
  if (/^(?:await\s+)?[\w$][\w$.]*(?:<[^>]*>)?\s*\(.*\)\s*[;,]?\s*$/.test(t) && symbolDensity(t) >= 0.08)
    return true;
  // ends like code, and starts like code (the first token carries code punctuation, or a closing bracket, a
  // decorator or a tag): "Change line 7 to: x = 1;" starts like prose and is left to the inline rules.
  const first = t.split(/\s/, 1)[0] ?? '';
  if (
    /[;{]\s*$|=>\s*\{?\s*$|^\}\s*(?:else|catch|finally|while)\b/.test(t) &&
    symbolDensity(t) >= 0.08 &&
    (/[.([=<{}$]/.test(first) || /^[)\]}@<]/.test(t))
  )
    return true;
  return false;
}

/**
 * A complete statement (the kind a learner could paste): a declaration with a value, a return or throw with a
 * value, an assignment, a call with arguments, anything ending in `;`, or a one-line block (`if (x) return y`). A
 * skeleton header that opens a block (`if (!state) {`, `function f(a) {`, `def f(a):`) is not. With `inline`, a
 * bare call without `;` (`fetch(url)`, naming an API in a sentence) is an expression, not a statement.
 */
export function isCompleteStatement(code: string, options: { inline?: boolean } = {}): boolean {
  const t = code.trim().replace(/\s+(\/\/|#\s).*$/, '');
  if (t.length < 3) return false;
  if (/[{([:,]\s*$|=>\s*$/.test(t)) return false; // opens a block or continues
  if (/;\s*$/.test(t) && /[\w$)\]'"`]/.test(t)) return true;
  if (/\{[^{}]*[;\w][^{}]*\}\s*[;)]*\s*$/.test(t) && /\{[^{}]*(?:return|throw|=|;|\w\()/.test(t)) return true; // a one-line body
  if (/^(?:(?:export\s+)?(?:const|let|var)\s+\S+.*=.+|return\s+\S|throw\s+\S|await\s+\S|yield\s+\S)/.test(t))
    return true;
  if (/^(?:if|while|for)\s*\(.*\)\s*\S/.test(t) && !/\{\s*$/.test(t)) return true;
  if (/^[\w$][\w$.[\]'"]*\s*(?:[-+*/%|&^]|\|\||&&|\?\?)?=(?!=|>)\s*\S/.test(t)) return true;
  if (/^(?:import|from)\s.+/.test(t) && /\bfrom\b|\bimport\b.+['"]/.test(t)) return true;
  if (!options.inline && /^(?:await\s+)?[\w$][\w$.]*\s*\(.+\)\s*$/.test(t)) return true;
  return false;
}

/** Statement-like inline code: a complete statement, or several statements joined by `;`. */
function isFullStatementInline(code: string): boolean {
  const t = code.trim();
  if (t.includes('\n')) return true;
  if (/;\s*\S/.test(t)) return true;
  return isCompleteStatement(t, { inline: true });
}

/** Fence languages whose blocks are output or prose, never code to type. */
const OUTPUT_FENCES = new Set([
  'text',
  'txt',
  'plaintext',
  'plain',
  'console',
  'output',
  'log',
  'logs',
  'stacktrace',
  'trace',
  'error',
  'md',
  'markdown',
]);

/** A line inside a block that carries code (for untagged blocks, where prose and output may sit too). */
function isCodeish(line: string): boolean {
  const t = line.trim();
  if (isOutputLine(t) || readsAsProse(t)) return false;
  return looksLikeCodeLine(t) || isCompleteStatement(t) || symbolDensity(t) >= 0.15;
}

// ------------------------------------------------------------------------------------------------ the pass

interface BlockVerdict {
  remove: boolean;
  codeLines: number;
}

/**
 * Decides a block by its new code lines: not neutral, not quoted, and (unless `allCode`, for a fence tagged with a
 * code language) reading as code.
 */
function judgeBlock(
  lines: readonly string[],
  level: HintLevel,
  known: KnownCode,
  allCode = false,
): BlockVerdict {
  const code = lines.filter((l) => !isNeutralLine(l) && (allCode || isCodeish(l)));
  const fresh = code.filter((l) => !known.has(l));
  const codeLines = code.length;
  if (fresh.length === 0) return { remove: false, codeLines };
  if (level === 'high') return { remove: fresh.length > SOLUTION_GUARD_LIMITS.highMaxLines, codeLines };
  if (fresh.length > SOLUTION_GUARD_LIMITS.fewLines) return { remove: true, codeLines };
  return { remove: fresh.some((l) => isCompleteStatement(stripMarkers(l))), codeLines };
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const INDENTED = /^(?: {4}|\t)/;

/** Inline spans and trailing statements of one prose line. */
function guardInline(line: string, level: HintLevel, known: KnownCode, counts: SolutionGuardCounts): string {
  if (level === 'high') return line;
  let out = line.replace(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, (whole, _ticks: string, inner: string) => {
    const code = inner.trim();
    if (code.length === 0 || known.has(code) || !isFullStatementInline(code)) return whole;
    counts.inlineRemoved += 1;
    counts.linesRemoved += code.split('\n').length;
    counts.charsRemoved += whole.length;
    return SOLUTION_GUARD_INLINE_NOTE;
  });
  // "Change line 7 to: const limit = Math.floor(len * 0.4);" -> the statement after the last ": ".
  const colon = out.lastIndexOf(': ');
  if (colon >= 0) {
    const tail = out.slice(colon + 2).trim();
    if (!tail.includes('`') && looksLikeCodeLine(tail) && isCompleteStatement(tail) && !known.has(tail)) {
      counts.inlineRemoved += 1;
      counts.linesRemoved += 1;
      counts.charsRemoved += tail.length;
      out = `${out.slice(0, colon + 2)}${SOLUTION_GUARD_INLINE_NOTE}`;
    }
  }
  return out;
}

/**
 * Cheap pre-check: false when `text` has none of the characters code needs (backticks, `;`, brackets, `=`, an
 * indented line), so the guard cannot remove anything and a caller may skip gathering the learner's code.
 */
export function mayContainCode(text: string): boolean {
  return text.length > 0 && /[`;{}()=]|^ {4}|\t/m.test(text);
}

/**
 * Removes solution code from one learner-facing text (see the module comment for the rules). Never throws; an
 * empty text comes back unchanged. The result's `text` keeps everything else byte for byte (line endings become
 * `\n` only where a block was replaced).
 * @see issue 20 item 7
 */
export function guardLearnerText(text: string, options: SolutionGuardOptions): SolutionGuardResult {
  if (!mayContainCode(text)) return { text, changed: false, ...EMPTY_COUNTS };
  const level = options.hintLevel;
  const known = toKnown(options.knownCode);
  const counts: SolutionGuardCounts = { ...EMPTY_COUNTS };
  const lines = text.split('\n');
  const out: string[] = [];

  const removeBlock = (blockLines: readonly string[], rawLines: readonly string[]): void => {
    counts.blocksRemoved += 1;
    counts.linesRemoved += blockLines.filter((l) => !isNeutralLine(l)).length;
    counts.charsRemoved += rawLines.join('\n').length;
    out.push(SOLUTION_GUARD_BLOCK_NOTE);
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const fence = FENCE_OPEN.exec(line);
    if (fence) {
      const marker = fence[1] ?? '```';
      const lang =
        (fence[2] ?? '')
          .trim()
          .split(/[\s{,]/)[0]
          ?.toLowerCase() ?? '';
      let j = i + 1;
      while (
        j < lines.length &&
        !new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`).test(lines[j] ?? '')
      )
        j += 1;
      const body = lines.slice(i + 1, j);
      const raw = lines.slice(i, Math.min(j + 1, lines.length));
      const allCode = lang.length > 0 && !OUTPUT_FENCES.has(lang);
      if (!OUTPUT_FENCES.has(lang) && judgeBlock(body, level, known, allCode).remove) removeBlock(body, raw);
      else out.push(...raw);
      i = j + 1;
      continue;
    }
    const prevBlank = i === 0 || (lines[i - 1] ?? '').trim() === '';
    if (prevBlank && INDENTED.test(line) && line.trim().length > 0) {
      let j = i;
      while (
        j < lines.length &&
        ((INDENTED.test(lines[j] ?? '') && (lines[j] ?? '').trim().length > 0) ||
          ((lines[j] ?? '').trim() === '' && INDENTED.test(lines[j + 1] ?? '')))
      )
        j += 1;
      const raw = lines.slice(i, j);
      const body = raw.map((l) => l.replace(INDENTED, ''));
      if (body.some((l) => looksLikeCodeLine(l))) {
        if (judgeBlock(body, level, known).remove) removeBlock(body, raw);
        else out.push(...raw);
        i = j;
        continue;
      }
    }
    if (looksLikeCodeLine(line)) {
      let j = i + 1;
      while (
        j < lines.length &&
        (lines[j] ?? '').trim() !== '' &&
        (looksLikeCodeLine(lines[j] ?? '') || isNeutralLine(lines[j] ?? ''))
      )
        j += 1;
      const raw = lines.slice(i, j);
      if (judgeBlock(raw, level, known).remove) removeBlock(raw, raw);
      else out.push(...raw);
      i = j;
      continue;
    }
    out.push(guardInline(line, level, known, counts));
    i += 1;
  }
  const changed = counts.blocksRemoved + counts.inlineRemoved > 0;
  return { text: changed ? out.join('\n') : text, changed, ...counts };
}

/** Totals of a guard used over several texts of one source. */
export interface SolutionGuardTotals extends SolutionGuardCounts {
  /** Texts that had something removed. */
  textsChanged: number;
}

/** A guard bound to one hint level and one set of known code, adding up what it removed. */
export interface SolutionGuard {
  /** Guards one text and returns what to store or send. */
  text(value: string): string;
  /** Like {@link SolutionGuard.text}, passing `null` through. */
  nullable(value: string | null): string | null;
  /** What was removed so far. */
  readonly totals: SolutionGuardTotals;
  /** True once anything was removed. */
  readonly applied: boolean;
}

/**
 * A {@link SolutionGuard} for several texts of one source (e.g. a review and its suggestions), so the caller logs one
 * `solution_guard_applied` with the totals. The known code is indexed once.
 */
export function createSolutionGuard(options: SolutionGuardOptions): SolutionGuard {
  const known = toKnown(options.knownCode);
  const totals: SolutionGuardTotals = { ...EMPTY_COUNTS, textsChanged: 0 };
  const apply = (value: string): string => {
    const r = guardLearnerText(value, { hintLevel: options.hintLevel, knownCode: known });
    if (!r.changed) return value;
    totals.blocksRemoved += r.blocksRemoved;
    totals.inlineRemoved += r.inlineRemoved;
    totals.linesRemoved += r.linesRemoved;
    totals.charsRemoved += r.charsRemoved;
    totals.textsChanged += 1;
    return r.text;
  };
  return {
    text: apply,
    nullable: (value) => (value === null ? null : apply(value)),
    get totals() {
      return { ...totals };
    },
    get applied() {
      return totals.textsChanged > 0;
    },
  };
}

/**
 * The `solution_guard_applied` action data for a guard that removed something (`null` when nothing was removed, so
 * nothing is logged).
 */
export function solutionGuardActionData(
  source: SolutionGuardSource,
  hintLevel: HintLevel,
  guard: Pick<SolutionGuard, 'totals' | 'applied'>,
): Record<string, unknown> | null {
  if (!guard.applied) return null;
  const t = guard.totals;
  return {
    source,
    hintLevel,
    blocksRemoved: t.blocksRemoved,
    inlineRemoved: t.inlineRemoved,
    linesRemoved: t.linesRemoved,
    charsRemoved: t.charsRemoved,
    textsChanged: t.textsChanged,
  };
}
