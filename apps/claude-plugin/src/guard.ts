/**
 * The read-only guard behind the PreToolUse hook: Paige coaches, the user writes. It denies Claude Code's file
 * editing tools and Bash commands that would change the user's files or repository, and allows reading,
 * searching, git inspection, test runners and builds. Pure and synchronous: no backend, no file system.
 *
 * @see design-brainstorm.md "Read-Only Enforcement" (Level 1 tool restrictions, Level 2 Bash write patterns)
 * @see design-brainstorm.md "Claude Code Plugin Patterns" / hookify (PreToolUse returning permissionDecision deny)
 */
import { parseShell } from './shell.js';
import type { SimpleCommand } from './shell.js';

/** The guard's verdict. `reason` is written so Claude Code can relay it to the user as Paige. */
export interface ToolDecision {
  decision: 'allow' | 'deny';
  reason: string;
}

/** Claude Code's built-in tools that write files; always denied. */
export const WRITE_TOOLS: readonly string[] = ['Write', 'Edit', 'MultiEdit', 'NotebookEdit'];

const COACH = 'Paige is your coach, not your co-author: she reads and runs checks, and you make the changes.';

const deny = (what: string): ToolDecision => ({
  decision: 'deny',
  reason: `${what}. ${COACH} Explain the change in words (what, where, why) and let the user type it.`,
});

/**
 * Decide whether a Claude Code tool call may run.
 *
 * @param toolName Claude Code's tool name (`Write`, `Bash`, `Read`, `mcp__...`).
 * @param toolInput the tool's input object; for `Bash`, `{ command: string }`.
 * @returns `deny` for file-writing tools and writing Bash commands, else `allow`.
 * @see design-brainstorm.md "Read-Only Enforcement"
 */
export function decideToolUse(toolName: string, toolInput: unknown): ToolDecision {
  if (WRITE_TOOLS.includes(toolName)) {
    return deny(`The ${toolName} tool would change a file in the project`);
  }
  if (toolName !== 'Bash') return { decision: 'allow', reason: `${toolName} does not write files.` };
  const command =
    typeof toolInput === 'object' && toolInput !== null && 'command' in toolInput
      ? (toolInput as { command: unknown }).command
      : undefined;
  if (typeof command !== 'string') return { decision: 'allow', reason: 'No command to check.' };
  return decideBashCommand(command);
}

/**
 * Decide a Bash command line: every simple command in it (chains, pipes, subshells, `bash -c` bodies) must pass.
 *
 * @param command the full command line.
 * @returns the first denial found, or `allow`.
 */
export function decideBashCommand(command: string, depth = 0): ToolDecision {
  if (depth > 4) return deny('This command nests shells too deeply to check');
  const parsed = parseShell(command);
  if (parsed.error !== null) {
    return deny(`Paige could not read this command safely (${parsed.error})`);
  }
  for (const cmd of parsed.commands) {
    const verdict = checkSimpleCommand(cmd, depth);
    if (verdict !== null) return verdict;
  }
  return { decision: 'allow', reason: 'This command only reads or runs checks.' };
}

const SAFE_WRITE_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty', '-']);

function checkSimpleCommand(cmd: SimpleCommand, depth: number): ToolDecision | null {
  for (const redirect of cmd.redirects) {
    const { op, target } = redirect;
    if (op === '>' || op === '>>' || op === '>|' || op === '&>' || op === '&>>' || op === '<>') {
      if (!SAFE_WRITE_TARGETS.has(target) && !target.startsWith('>(')) {
        return deny(`The redirect "${op} ${target}" would write to a file`);
      }
    }
    if (op === '>&' && !/^(\d+|-)$/.test(target) && !SAFE_WRITE_TARGETS.has(target)) {
      return deny(`The redirect ">& ${target}" would write to a file`);
    }
  }
  return checkArgv(stripAssignments(cmd.words), depth);
}

function stripAssignments(words: string[]): string[] {
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(words[i] as string)) i++;
  return words.slice(i);
}

const basename = (word: string): string => word.slice(word.lastIndexOf('/') + 1);

/** Commands whose only purpose is to create, change, move or delete files. */
const ALWAYS_WRITES: Record<string, string> = {
  rm: 'deletes files',
  rmdir: 'deletes directories',
  unlink: 'deletes a file',
  shred: 'destroys a file',
  mv: 'moves or renames files',
  cp: 'copies files into the project',
  mkdir: 'creates directories',
  touch: 'creates or modifies files',
  chmod: 'changes file permissions',
  chown: 'changes file ownership',
  chgrp: 'changes file ownership',
  ln: 'creates links',
  dd: 'writes raw data to files',
  truncate: 'changes file sizes',
  patch: 'applies a patch to files',
  install: 'copies files into place',
  rsync: 'copies files into place',
  scp: 'copies files',
  tee: 'writes its input to files',
  ed: 'edits files',
  ex: 'edits files',
  vi: 'edits files',
  vim: 'edits files',
  nvim: 'edits files',
  nano: 'edits files',
  emacs: 'edits files',
  zip: 'creates archives',
  gzip: 'compresses files in place',
  gunzip: 'decompresses files in place',
  unzip: 'extracts files',
  rustfmt: 'reformats files',
  black: 'reformats files',
  isort: 'reorders imports in files',
};

/** Wrappers that run the rest of their arguments as a command. */
const PASS_THROUGH = new Set([
  'sudo',
  'command',
  'builtin',
  'exec',
  'nohup',
  'time',
  'nice',
  'stdbuf',
  'doas',
  'caffeinate',
]);
const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'fish']);
const SCRIPT_RUNNERS = new Set([
  'python',
  'python3',
  'python2',
  'node',
  'deno',
  'bun',
  'ruby',
  'perl',
  'php',
]);
const PACKAGE_MANAGERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);

function checkArgv(argv: string[], depth: number): ToolDecision | null {
  const first = argv[0];
  if (first === undefined) return null;
  const name = basename(first);
  const args = argv.slice(1);

  if (PASS_THROUGH.has(name))
    return checkArgv(skipOptions(args, name === 'nice' ? ['-n'] : ['-u', '-g', '-o', '-e', '-i']), depth);
  if (name === 'env') return checkArgv(stripAssignments(skipOptions(args, ['-u', '-C', '-S'])), depth);
  if (name === 'timeout') {
    const rest = skipOptions(args, ['-s', '-k', '--signal', '--kill-after']);
    return checkArgv(rest.slice(1), depth);
  }
  if (name === 'xargs')
    return checkArgv(skipOptions(args, ['-I', '-n', '-P', '-L', '-d', '-E', '-s', '-a']), depth);
  if (name === 'eval') return decideDenied(decideBashCommand(args.join(' '), depth + 1));
  if (SHELLS.has(name)) {
    const c = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
    const body = c === -1 ? undefined : args[c + 1];
    return body === undefined ? null : decideDenied(decideBashCommand(body, depth + 1));
  }

  const fixed = ALWAYS_WRITES[name];
  if (fixed !== undefined) {
    if (name === 'tee' && args.every((a) => a.startsWith('-') || SAFE_WRITE_TARGETS.has(a))) return null;
    if (name === 'unzip' && args.some((a) => a === '-l' || a === '-t' || a === '-Z')) return null;
    if ((name === 'gzip' || name === 'gunzip') && args.some((a) => /^-[a-z]*[clt]/.test(a))) return null;
    if (name === 'black' && args.some((a) => a === '--check' || a === '--diff')) return null;
    return deny(`"${name}" ${fixed}`);
  }

  switch (name) {
    case 'sed':
      if (args.some((a) => a === '--in-place' || a.startsWith('--in-place=') || /^-[a-zA-Z]*i/.test(a))) {
        return deny('"sed -i" edits files in place');
      }
      return null;
    case 'perl':
      if (args.some((a) => /^-[a-zA-Z]*i/.test(a))) return deny('"perl -i" edits files in place');
      return checkInlineCode(name, args);
    case 'ruby':
      if (args.some((a) => /^-[a-zA-Z]*i/.test(a))) return deny('"ruby -i" edits files in place');
      return checkInlineCode(name, args);
    case 'awk':
    case 'gawk':
    case 'mawk':
      if (args.some((a, i) => a === '-i' && args[i + 1] === 'inplace'))
        return deny(`"${name} -i inplace" edits files`);
      if (args.some((a) => !a.startsWith('-') && />>?\s*"|\|\s*"|\bsystem\s*\(/.test(a))) {
        return deny(`This ${name} program writes to files or runs commands`);
      }
      return null;
    case 'find':
      return checkFind(args, depth);
    case 'git':
      return checkGit(args);
    case 'sort':
      if (args.some((a) => a === '-o' || a.startsWith('--output') || /^-[a-zA-Z]*o/.test(a))) {
        return deny('"sort -o" writes to a file');
      }
      return null;
    case 'curl':
      if (
        args.some(
          (a) =>
            /^-[a-zA-Z]*[oO]/.test(a) ||
            a === '--output' ||
            a === '--remote-name' ||
            a.startsWith('--output='),
        )
      ) {
        return deny('"curl -o" saves a download into the project');
      }
      return null;
    case 'wget': {
      const toStdout = args.some(
        (a, i) => ((a === '-O' || a === '-qO') && args[i + 1] === '-') || a === '-O-' || a === '-qO-',
      );
      return toStdout ? null : deny('"wget" saves a download into the project');
    }
    case 'tar':
      if (
        args.some((a) => /^--(extract|get|create|append|update|delete)$/.test(a)) ||
        /^-?[a-zA-Z]*[xcru]/.test(args[0] ?? '')
      ) {
        return deny('"tar" here would create or extract files');
      }
      return null;
    case 'prettier':
      return args.some((a) => a === '--write' || a === '-w')
        ? deny('"prettier --write" reformats files')
        : null;
    case 'eslint':
      return args.some((a) => a === '--fix' || a.startsWith('--fix-'))
        ? deny('"eslint --fix" rewrites files')
        : null;
    case 'ruff':
      return args[0] === 'format' || args.includes('--fix') ? deny('"ruff" here rewrites files') : null;
    case 'gofmt':
    case 'goimports':
      return args.some((a) => /^-[a-z]*w/.test(a)) ? deny(`"${name} -w" rewrites files`) : null;
    case 'clang-format':
      return args.some((a) => a === '-i') ? deny('"clang-format -i" rewrites files') : null;
    case 'npx':
    case 'bunx':
      return checkArgv(skipOptions(args, ['-p', '--package']), depth);
    case 'make':
    case 'gmake':
      return checkMake(args);
    case 'cargo':
      return checkCargo(args);
    case 'go':
      return checkGo(args);
    case 'pip':
    case 'pip3':
    case 'uv':
    case 'poetry':
    case 'pipx':
    case 'gem':
    case 'bundle':
    case 'composer':
    case 'apt':
    case 'apt-get':
    case 'brew':
      return checkInstaller(name, args);
    default:
      break;
  }
  if (PACKAGE_MANAGERS.has(name)) return checkPackageManager(name, args, depth);
  if (SCRIPT_RUNNERS.has(name) || /^python3\.\d+$/.test(name)) return checkInlineCode(name, args);
  return null;
}

function decideDenied(verdict: ToolDecision): ToolDecision | null {
  return verdict.decision === 'deny' ? verdict : null;
}

/** Drop leading options; `withValue` lists options that consume the next word. Stops at `--`. */
function skipOptions(args: string[], withValue: string[]): string[] {
  let i = 0;
  while (i < args.length) {
    const a = args[i] as string;
    if (a === '--') return args.slice(i + 1);
    if (!a.startsWith('-') || a === '-') break;
    i += withValue.includes(a) ? 2 : 1;
  }
  return args.slice(i);
}

/** Inline programs (`python -c`, `node -e`, `perl -e`) that write files or spawn processes. */
const INLINE_WRITE = [
  /\bopen\s*\([^)]*,\s*(?:mode\s*=\s*)?['"][^'"]*[wax+]/,
  /\.write_(?:text|bytes)\s*\(/,
  /\.(?:touch|unlink|mkdir|rmdir|rename|replace|symlink_to|chmod)\s*\(/,
  /\bos\.(?:remove|unlink|rename|replace|makedirs|mkdir|rmdir|removedirs|system|popen|chmod|symlink|link|truncate)\b/,
  /\bshutil\.\w+/,
  /\bsubprocess\b/,
  /\b(?:writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|copyFile|copyFileSync|cpSync|rename|renameSync|rm|rmSync|rmdir|rmdirSync|unlink|unlinkSync|mkdir|mkdirSync|truncate|truncateSync|symlink|symlinkSync|chmod|chmodSync|Deno\.writeTextFile|Deno\.writeFile|Deno\.remove|Bun\.write)\s*\(/,
  /\bchild_process\b|\bexecSync\b|\bspawnSync\b|\bexec\s*\(\s*['"`]/,
  /\bFile\.(?:write|open|delete)\b|\bFileUtils\b/,
  /\bopen\s*\(\s*(?:my\s+)?\$?\w*\s*,\s*['"]?\+?[>]|\bunlink\b|\bsystem\s*\(|`/,
  /\bfile_put_contents\b|\bfopen\s*\([^)]*['"][wax]/,
];

function checkInlineCode(name: string, args: string[]): ToolDecision | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const isInline = /^-[a-zA-Z]*[ceE]$/.test(a) || a === '--eval' || a === '--print' || a === '-p';
    if (!isInline) continue;
    const code = args[i + 1] ?? '';
    if (INLINE_WRITE.some((pattern) => pattern.test(code))) {
      return deny(`This inline ${name} program writes files or runs other commands`);
    }
  }
  return null;
}

function checkFind(args: string[], depth: number): ToolDecision | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-delete') return deny('"find -delete" deletes files');
    if (a === '-fprint' || a === '-fprint0' || a === '-fprintf' || a === '-fls')
      return deny(`"find ${a}" writes to a file`);
    if (a === '-exec' || a === '-execdir' || a === '-ok' || a === '-okdir') {
      const end = args.findIndex((w, j) => j > i && (w === ';' || w === '+'));
      const inner = args.slice(i + 1, end === -1 ? args.length : end);
      const verdict = checkArgv(inner, depth);
      if (verdict !== null) return verdict;
    }
  }
  return null;
}

/** git subcommands that only read; everything else changes the working tree, index, refs or remotes. */
const GIT_READ = new Set([
  'status',
  'log',
  'diff',
  'blame',
  'show',
  'shortlog',
  'describe',
  'rev-parse',
  'rev-list',
  'ls-files',
  'ls-tree',
  'ls-remote',
  'grep',
  'reflog',
  'whatchanged',
  'cat-file',
  'show-ref',
  'for-each-ref',
  'name-rev',
  'merge-base',
  'count-objects',
  'version',
  'help',
  'fetch',
  'annotate',
  'range-diff',
  'check-ignore',
  'var',
  'difftool',
]);

function checkGit(args: string[]): ToolDecision | null {
  let i = 0;
  while (i < args.length && (args[i] as string).startsWith('-')) {
    const a = args[i] as string;
    i += a === '-C' || a === '-c' || a === '--git-dir' || a === '--work-tree' || a === '--namespace' ? 2 : 1;
  }
  const sub = args[i];
  if (sub === undefined) return null;
  const rest = args.slice(i + 1);
  const positional = rest.filter((a) => !a.startsWith('-'));
  if (GIT_READ.has(sub)) return null;
  if (
    sub === 'branch' &&
    positional.length === 0 &&
    !rest.some((a) =>
      /^-[a-zA-Z]*[dDmMcC]$|^--(delete|move|copy|set-upstream|unset-upstream|edit-description)/.test(a),
    )
  )
    return null;
  if (sub === 'tag' && (rest.length === 0 || rest.some((a) => a === '-l' || a === '--list'))) return null;
  if (sub === 'stash' && (rest[0] === 'list' || rest[0] === 'show')) return null;
  if (
    sub === 'remote' &&
    (rest.length === 0 || rest[0] === '-v' || rest[0] === 'show' || rest[0] === 'get-url')
  )
    return null;
  if (
    sub === 'config' &&
    rest.some(
      (a) => a === '--get' || a === '--list' || a === '-l' || a === '--get-all' || a === '--get-regexp',
    )
  )
    return null;
  if (sub === 'worktree' && rest[0] === 'list') return null;
  if (sub === 'submodule' && (rest.length === 0 || rest[0] === 'status')) return null;
  return deny(`"git ${sub}" changes the repository or the working tree`);
}

const MAKE_WRITE_TARGETS = new Set([
  'install',
  'uninstall',
  'clean',
  'distclean',
  'format',
  'fmt',
  'fix',
  'lint-fix',
  'generate',
]);

function checkMake(args: string[]): ToolDecision | null {
  const target = args.find((a) => MAKE_WRITE_TARGETS.has(a));
  return target === undefined ? null : deny(`"make ${target}" changes files in the project`);
}

const CARGO_READ = new Set([
  'test',
  'build',
  'check',
  'clippy',
  'run',
  'bench',
  'doc',
  'tree',
  'metadata',
  'nextest',
  'version',
  'help',
  'search',
]);

function checkCargo(args: string[]): ToolDecision | null {
  const sub = args.find((a) => !a.startsWith('-') && !a.startsWith('+'));
  if (sub === undefined) return null;
  if (sub === 'fmt' && args.includes('--check')) return null;
  if (CARGO_READ.has(sub) && !args.includes('--fix')) return null;
  return deny(`"cargo ${sub}" changes the project's files or dependencies`);
}

const GO_READ = new Set(['test', 'build', 'vet', 'run', 'list', 'version', 'doc', 'help', 'tool']);

function checkGo(args: string[]): ToolDecision | null {
  const sub = args[0];
  if (sub === undefined) return null;
  if (GO_READ.has(sub)) return null;
  if (sub === 'env' && !args.includes('-w') && !args.includes('-u')) return null;
  if (sub === 'mod' && (args[1] === 'graph' || args[1] === 'why' || args[1] === 'verify')) return null;
  return deny(`"go ${sub}" changes the project's files or dependencies`);
}

const INSTALLER_READ = new Set([
  'list',
  'show',
  'freeze',
  'check',
  'search',
  'info',
  'outdated',
  'help',
  '--version',
  'tree',
  'run',
  'env',
]);

function checkInstaller(name: string, args: string[]): ToolDecision | null {
  const sub = args.find((a) => !a.startsWith('-')) ?? args[0];
  if (sub === undefined || INSTALLER_READ.has(sub) || sub === '--version' || sub === '-V') return null;
  if ((name === 'uv' || name === 'poetry') && sub === 'run') return null;
  return deny(`"${name} ${sub}" installs or changes dependencies`);
}

/** npm/pnpm/yarn/bun subcommands that change dependencies, the lockfile, package.json or publish. */
const PM_WRITE = new Set([
  'install',
  'i',
  'ci',
  'add',
  'remove',
  'rm',
  'uninstall',
  'un',
  'unlink',
  'link',
  'ln',
  'update',
  'up',
  'upgrade',
  'version',
  'publish',
  'init',
  'create',
  'dedupe',
  'prune',
  'patch',
  'patch-commit',
  'import',
  'set',
  'pkg',
  'rebuild',
  'shrinkwrap',
  'unpublish',
  'deprecate',
  'dist-tag',
  'fund',
  'login',
  'logout',
]);
const SCRIPT_WRITES = /(^|[:_-])(format|fmt|fix|prettier|write|codegen|generate|migrate)($|[:_-])/;

function checkPackageManager(name: string, args: string[], depth: number): ToolDecision | null {
  const rest = skipOptions(args, ['--filter', '-F', '-C', '--dir', '--prefix', '--cwd', '-w', '--workspace']);
  const sub = rest[0];
  if (sub === undefined) {
    return name === 'yarn' || name === 'bun' ? deny(`"${name}" with no command installs dependencies`) : null;
  }
  if (sub === 'exec' || sub === 'dlx' || sub === 'x') return checkArgv(rest.slice(1), depth);
  if (sub === 'audit' && rest.includes('fix')) return deny(`"${name} audit fix" changes dependencies`);
  if (sub === 'config' && rest[1] !== 'get' && rest[1] !== 'list' && rest[1] !== 'ls') {
    return deny(`"${name} config" changes configuration`);
  }
  if (PM_WRITE.has(sub)) return deny(`"${name} ${sub}" changes the project's dependencies or package files`);
  const script = sub === 'run' || sub === 'run-script' ? rest[1] : sub;
  if (script !== undefined && SCRIPT_WRITES.test(script)) {
    return deny(`The "${script}" script rewrites files in the project`);
  }
  return null;
}
