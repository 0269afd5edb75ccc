/**
 * A small POSIX-shell reader for the read-only guard: it splits a Bash command line into the simple commands it
 * would run (argv words with quotes removed, plus their redirections), following `;`, `&&`, `||`, `|`, `&`,
 * newlines, `( )` and `{ }` groups, `$( )` / backtick command substitutions, `<( )` / `>( )` process
 * substitutions and here-documents (whose bodies are data, not commands). It never runs or expands anything:
 * `$VAR` stays literal text, globs stay unexpanded.
 *
 * Best effort by design (the brainstorm's "Level 2 — Bash command filtering (best effort)"): it covers what a
 * model writes in practice, not every corner of the Bash grammar.
 *
 * @see design-brainstorm.md "Read-Only Enforcement"
 */

/** One redirection of a simple command, e.g. `2>&1` is `{ fd: '2', op: '>&', target: '1' }`. */
export interface Redirect {
  /** The file descriptor written before the operator (`'2'` in `2>x`), or `''` when none. */
  fd: string;
  /** The operator: `>`, `>>`, `>|`, `&>`, `&>>`, `<`, `<>`, `<<`, `<<-`, `<<<`, `>&`, `<&`. */
  op: string;
  /** The target word with quotes removed (for here-docs, the delimiter). */
  target: string;
}

/** One simple command: its words (assignments included) and redirections. */
export interface SimpleCommand {
  /** Words in order, quotes removed; leading `NAME=value` assignments are kept here. */
  words: string[];
  redirects: Redirect[];
}

/** Result of {@link parseShell}: every simple command found at any nesting depth, and any syntax problem. */
export interface ParsedShell {
  commands: SimpleCommand[];
  /** A description of the first syntax problem (unterminated quote or substitution), or `null`. */
  error: string | null;
}

const OPERATOR_CHARS = new Set([';', '&', '|', '(', ')', '\n']);
const REDIRECT_OPS = ['&>>', '<<<', '<<-', '&>', '>>', '>|', '>&', '<&', '<>', '<<', '>', '<'];

interface Reader {
  src: string;
  pos: number;
  commands: SimpleCommand[];
  error: string | null;
  pendingHeredocs: { delimiter: string; stripTabs: boolean }[];
}

/**
 * Parse a shell command line into simple commands (depth-first: commands inside `$( )` are listed too).
 *
 * @param source the command exactly as the Bash tool would receive it.
 * @returns every simple command, and `error` set when the line cannot be read (unterminated quote, `$(`, etc.).
 */
export function parseShell(source: string): ParsedShell {
  const reader: Reader = { src: source, pos: 0, commands: [], error: null, pendingHeredocs: [] };
  parseList(reader, null);
  if (reader.pos < reader.src.length && reader.error === null)
    reader.error = `unexpected "${reader.src[reader.pos]}"`;
  return { commands: reader.commands, error: reader.error };
}

/** Parse commands until `closer` (`)` for a group or substitution) or the end of input. */
function parseList(r: Reader, closer: ')' | null): void {
  let current: SimpleCommand = { words: [], redirects: [] };
  const flush = (): void => {
    if (current.words.length > 0 || current.redirects.length > 0) r.commands.push(current);
    current = { words: [], redirects: [] };
  };
  while (r.pos < r.src.length && r.error === null) {
    const ch = r.src[r.pos] as string;
    if (ch === ' ' || ch === '\t') {
      r.pos++;
      continue;
    }
    if (ch === '\\' && r.src[r.pos + 1] === '\n') {
      r.pos += 2;
      continue;
    }
    if (ch === '#') {
      while (r.pos < r.src.length && r.src[r.pos] !== '\n') r.pos++;
      continue;
    }
    if (ch === '\n') {
      flush();
      r.pos++;
      readHeredocBodies(r);
      continue;
    }
    if (ch === ')') {
      if (closer === ')') {
        flush();
        return;
      }
      r.error = 'unbalanced ")"';
      return;
    }
    if (ch === '(') {
      // Subshell group `( ... )`; `((` arithmetic is read the same way, harmlessly.
      flush();
      r.pos++;
      parseList(r, ')');
      if (r.error !== null) return;
      if (r.src[r.pos] !== ')') {
        r.error = 'unterminated "("';
        return;
      }
      r.pos++;
      continue;
    }
    const redirect = readRedirectOp(r);
    if (redirect !== null) {
      skipBlanks(r);
      const target = readWord(r);
      if (target === null) {
        if (r.error === null) r.error = `missing target after "${redirect.op}"`;
        return;
      }
      redirect.target = target;
      current.redirects.push(redirect);
      if (redirect.op === '<<' || redirect.op === '<<-') {
        r.pendingHeredocs.push({ delimiter: target, stripTabs: redirect.op === '<<-' });
      }
      continue;
    }
    if (OPERATOR_CHARS.has(ch)) {
      // ; & | && || |& ;; — all separate commands for our purposes.
      flush();
      r.pos++;
      continue;
    }
    if ((ch === '{' || ch === '}') && isStandalone(r)) {
      // Brace groups: the braces are reserved words, the contents are ordinary commands.
      flush();
      r.pos++;
      continue;
    }
    const word = readWord(r);
    if (word === null) return;
    current.words.push(word);
  }
  flush();
  if (closer !== null && r.error === null) r.error = 'unterminated "("';
}

function isStandalone(r: Reader): boolean {
  const next = r.src[r.pos + 1];
  return next === undefined || next === ' ' || next === '\t' || next === '\n' || next === ';';
}

function skipBlanks(r: Reader): void {
  while (r.src[r.pos] === ' ' || r.src[r.pos] === '\t') r.pos++;
}

/** Read a redirection operator (with an optional leading fd number) at the cursor, or return null. */
function readRedirectOp(r: Reader): Redirect | null {
  let i = r.pos;
  let fd = '';
  while (i < r.src.length && /[0-9]/.test(r.src[i] as string)) {
    fd += r.src[i];
    i++;
  }
  // Called at the start of a word only, so a digit run here followed at once by an operator is an fd.
  const rest = r.src.slice(i);
  if (rest.startsWith('<(') || rest.startsWith('>(')) return null; // process substitution, read as a word
  for (const op of REDIRECT_OPS) {
    if (rest.startsWith(op)) {
      if (fd !== '' && (op === '&>' || op === '&>>')) return null;
      r.pos = i + op.length;
      return { fd, op, target: '' };
    }
  }
  return null;
}

/** After a newline, skip the bodies of here-documents announced on the previous line. */
function readHeredocBodies(r: Reader): void {
  while (r.pendingHeredocs.length > 0) {
    const doc = r.pendingHeredocs.shift() as { delimiter: string; stripTabs: boolean };
    for (;;) {
      if (r.pos >= r.src.length) return;
      const end = r.src.indexOf('\n', r.pos);
      const line = r.src.slice(r.pos, end === -1 ? r.src.length : end);
      r.pos = end === -1 ? r.src.length : end + 1;
      const compared = doc.stripTabs ? line.replace(/^\t+/, '') : line;
      if (compared === doc.delimiter) break;
    }
  }
}

/**
 * Read one word at the cursor, removing quotes and escapes. Command substitutions inside it are parsed
 * recursively (their commands are added to the reader) and replaced by a placeholder.
 */
function readWord(r: Reader): string | null {
  let out = '';
  let any = false;
  while (r.pos < r.src.length) {
    const ch = r.src[r.pos] as string;
    if (ch === ' ' || ch === '\t' || OPERATOR_CHARS.has(ch)) break;
    if ((ch === '<' || ch === '>') && r.src[r.pos + 1] !== '(') break;
    any = true;
    if (ch === '\\') {
      const next = r.src[r.pos + 1];
      if (next === undefined) {
        r.pos++;
        continue;
      }
      if (next !== '\n') out += next;
      r.pos += 2;
      continue;
    }
    if (ch === "'") {
      const end = r.src.indexOf("'", r.pos + 1);
      if (end === -1) {
        r.error = 'unterminated single quote';
        return null;
      }
      out += r.src.slice(r.pos + 1, end);
      r.pos = end + 1;
      continue;
    }
    if (ch === '"') {
      r.pos++;
      const inner = readDoubleQuoted(r);
      if (inner === null) return null;
      out += inner;
      continue;
    }
    if (ch === '$' && r.src[r.pos + 1] === "'") {
      // ANSI-C quoting $'...': keep the text, honour \' so the end is found correctly.
      let i = r.pos + 2;
      let text = '';
      while (i < r.src.length && r.src[i] !== "'") {
        if (r.src[i] === '\\' && i + 1 < r.src.length) {
          text += r.src[i + 1];
          i += 2;
        } else {
          text += r.src[i];
          i++;
        }
      }
      if (i >= r.src.length) {
        r.error = "unterminated $'";
        return null;
      }
      out += text;
      r.pos = i + 1;
      continue;
    }
    if ((ch === '$' || ch === '<' || ch === '>') && r.src[r.pos + 1] === '(') {
      if (ch === '$' && r.src[r.pos + 2] === '(') {
        // $(( arithmetic )): no commands inside; skip to the matching "))".
        const end = findArithmeticEnd(r.src, r.pos + 3);
        if (end === -1) {
          r.error = 'unterminated $((';
          return null;
        }
        out += '$((…))';
        r.pos = end;
        continue;
      }
      r.pos += 2;
      parseList(r, ')');
      if (r.error !== null) return null;
      if (r.src[r.pos] !== ')') {
        r.error = `unterminated ${ch}(`;
        return null;
      }
      r.pos++;
      out += ch === '$' ? '$(…)' : `${ch}(…)`;
      continue;
    }
    if (ch === '`') {
      const body = readBacktick(r);
      if (body === null) return null;
      out += '`…`';
      continue;
    }
    out += ch;
    r.pos++;
  }
  if (!any) {
    if (r.error === null) r.error = `unexpected "${r.src[r.pos] ?? 'end of input'}"`;
    return null;
  }
  return out;
}

function findArithmeticEnd(src: string, from: number): number {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return src[i + 1] === ')' ? i + 2 : -1;
      depth--;
    }
  }
  return -1;
}

/** Read the inside of "..." (cursor after the opening quote), parsing `$( )` and backticks inside it. */
function readDoubleQuoted(r: Reader): string | null {
  let out = '';
  while (r.pos < r.src.length) {
    const ch = r.src[r.pos] as string;
    if (ch === '"') {
      r.pos++;
      return out;
    }
    if (ch === '\\') {
      const next = r.src[r.pos + 1];
      if (next !== undefined && '$`"\\\n'.includes(next)) {
        if (next !== '\n') out += next;
        r.pos += 2;
      } else {
        out += ch;
        r.pos++;
      }
      continue;
    }
    if (ch === '$' && r.src[r.pos + 1] === '(' && r.src[r.pos + 2] !== '(') {
      r.pos += 2;
      parseList(r, ')');
      if (r.error !== null) return null;
      if (r.src[r.pos] !== ')') {
        r.error = 'unterminated $(';
        return null;
      }
      r.pos++;
      out += '$(…)';
      continue;
    }
    if (ch === '`') {
      if (readBacktick(r) === null) return null;
      out += '`…`';
      continue;
    }
    out += ch;
    r.pos++;
  }
  r.error = 'unterminated double quote';
  return null;
}

/** Read a backtick substitution at the cursor and parse its body as commands. */
function readBacktick(r: Reader): string | null {
  let i = r.pos + 1;
  let body = '';
  while (i < r.src.length && r.src[i] !== '`') {
    if (r.src[i] === '\\' && i + 1 < r.src.length) {
      body += r.src[i + 1];
      i += 2;
    } else {
      body += r.src[i];
      i++;
    }
  }
  if (i >= r.src.length) {
    r.error = 'unterminated backtick';
    return null;
  }
  r.pos = i + 1;
  const nested = parseShell(body);
  r.commands.push(...nested.commands);
  if (nested.error !== null) r.error = nested.error;
  return body;
}
