/** Which program a terminal runs (issue 17): a configured command, else Claude Code with the Paige plugin, else the user's shell. */
import { accessSync, constants, statSync } from 'node:fs';
import { basename, delimiter, isAbsolute, join } from 'node:path';

/** `custom`: the configured command; `claude`: Claude Code; `shell`: the user's shell. */
export type TerminalCommandKind = 'claude' | 'shell' | 'custom';

/** A resolved command: what to execute and how to describe it. */
export interface TerminalCommand {
  kind: TerminalCommandKind;
  /** Absolute path of the executable. */
  file: string;
  args: string[];
  /** Short name for the page (`claude`, `bash`, the first word of a custom command). */
  label: string;
}

/** Inputs of {@link resolveTerminalCommand}; the server fills them from its configuration and environment. */
export interface ResolveTerminalCommandOptions {
  /** `PAIGE_TERMINAL_COMMAND`: a shell command line, run as `/bin/sh -c <command>`. Empty or unset: not used. */
  command?: string | undefined;
  /** `PATH` to search for `claude` (and for a bare executable name). */
  searchPath?: string | undefined;
  /** The Paige plugin directory passed to Claude Code as `--plugin-dir` (omitted when unset). */
  pluginDir?: string | undefined;
  /** `$SHELL`; an absolute path to an executable, else `/bin/sh` is used. */
  shell?: string | undefined;
}

/** True when `path` is an executable regular file. */
export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds an executable on a `PATH`-style list (`name` containing `/` is checked as it is).
 * @returns the absolute path, or `undefined`.
 */
export function findExecutable(name: string, searchPath: string | undefined): string | undefined {
  if (name.includes('/')) return isAbsolute(name) && isExecutableFile(name) ? name : undefined;
  for (const dir of (searchPath ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Picks the program of a new terminal (issue 17): `command` when set (`/bin/sh -c <command>`, kind `custom`);
 * otherwise `claude --plugin-dir <pluginDir>` when `claude` is on `searchPath` (kind `claude`); otherwise the user's
 * `shell`, or `/bin/sh` when that is unset or not an executable (kind `shell`). Never throws.
 */
export function resolveTerminalCommand(options: ResolveTerminalCommandOptions): TerminalCommand {
  const command = options.command?.trim();
  if (command) {
    const first = /^\s*(?:exec\s+)?(\S+)/.exec(command)?.[1] ?? 'sh';
    return {
      kind: 'custom',
      file: '/bin/sh',
      args: ['-c', command],
      label: basename(first).slice(0, 64) || 'sh',
    };
  }
  const claude = findExecutable('claude', options.searchPath);
  if (claude) {
    return {
      kind: 'claude',
      file: claude,
      args: options.pluginDir ? ['--plugin-dir', options.pluginDir] : [],
      label: 'claude',
    };
  }
  const shell =
    options.shell && isAbsolute(options.shell) && isExecutableFile(options.shell) ? options.shell : '/bin/sh';
  return { kind: 'shell', file: shell, args: [], label: basename(shell) };
}
