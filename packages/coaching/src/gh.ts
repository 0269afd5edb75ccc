/**
 * The `gh` CLI integration of the dashboard's issues flow: run `gh issue list --json ...` in the project directory
 * with a timeout, validate its output with zod, and map failures to readable {@link CoachingError}s.
 * @see discovery Story 12 "`gh` CLI Integration", primary Story 12 AS-4/AS-11
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { CoachingError } from './errors.js';

/** Fields requested from `gh issue list --json` (`assignees` feeds "user tagged" in the assessment). */
export const GH_ISSUE_FIELDS = [
  'number',
  'title',
  'body',
  'labels',
  'url',
  'updatedAt',
  'author',
  'comments',
  'assignees',
] as const;

const GhUserSchema = z.object({ login: z.string() }).nullable();

/** Raw shape of one element of `gh issue list --json ...` output (unknown keys ignored). */
export const GhIssueRawSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullable().optional(),
  labels: z.array(z.object({ name: z.string() })).optional(),
  url: z.string(),
  updatedAt: z.string(),
  author: GhUserSchema.optional(),
  comments: z
    .array(
      z.object({
        author: GhUserSchema.optional(),
        body: z.string().nullable().optional(),
        createdAt: z.string().optional(),
      }),
    )
    .optional(),
  assignees: z.array(z.object({ login: z.string() })).optional(),
});

/** One GitHub issue, normalised (missing lists become `[]`, missing body `''`, users become logins). */
export interface GhIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  url: string;
  /** ISO 8601 time of the last update (part of the assessment cache key). */
  updatedAt: string;
  author: string | null;
  comments: { author: string | null; body: string; createdAt: string | null }[];
  assignees: string[];
}

/**
 * Parses the stdout of `gh issue list --json ...`.
 * @throws CoachingError `GH_INVALID_OUTPUT` when stdout is not JSON or not an array of issues.
 */
export function parseGhIssueList(stdout: string): GhIssue[] {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch (cause) {
    throw new CoachingError('GH_INVALID_OUTPUT', 'GitHub CLI returned output that is not JSON.', { cause });
  }
  const parsed = z.array(GhIssueRawSchema).safeParse(json);
  if (!parsed.success) {
    throw new CoachingError(
      'GH_INVALID_OUTPUT',
      `GitHub CLI returned an unexpected issue list: ${z.prettifyError(parsed.error)}`,
      {
        cause: parsed.error,
      },
    );
  }
  return parsed.data.map((i) => ({
    number: i.number,
    title: i.title,
    body: i.body ?? '',
    labels: (i.labels ?? []).map((l) => l.name),
    url: i.url,
    updatedAt: i.updatedAt,
    author: i.author?.login ?? null,
    comments: (i.comments ?? []).map((c) => ({
      author: c.author?.login ?? null,
      body: c.body ?? '',
      createdAt: c.createdAt ?? null,
    })),
    assignees: (i.assignees ?? []).map((a) => a.login),
  }));
}

/** Options of {@link runGhIssueList}. */
export interface RunGhIssueListOptions {
  /** Directory to run in (`PROJECT_DIR`): `gh` infers the repository from its git remote (discovery D80). */
  cwd: string;
  /** Executable name or path (default `gh`, looked up on `PATH` of `env`). */
  ghPath?: string;
  /** Kill `gh` after this many ms (default 15,000). */
  timeoutMs?: number;
  /** Environment for the child (default: the parent's). */
  env?: NodeJS.ProcessEnv;
  /** `--limit` (default 50, discovery Story 12). */
  limit?: number;
  /** `--state` (default `open`). */
  state?: 'open' | 'closed' | 'all';
  /** Largest stdout accepted, in bytes (default 16 MiB). */
  maxBufferBytes?: number;
}

const AUTH_HINT = /gh auth login|not logged in|authentication required|GH_TOKEN|HTTP 401|Bad credentials/i;

function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim().length > 0);
  return (line ?? '').trim().slice(0, 300);
}

/**
 * Runs `gh issue list --state <state> --limit <limit> --json <GH_ISSUE_FIELDS>` with `execFile` (no shell) and
 * returns the parsed issues.
 * @throws CoachingError
 * - `GH_NOT_FOUND`: the executable does not exist (spawn `ENOENT`);
 * - `GH_NOT_AUTHENTICATED`: exit code 4 or stderr asking for `gh auth login`;
 * - `GH_TIMEOUT`: still running after `timeoutMs` (the child is killed);
 * - `GH_FAILED`: `cwd` missing, permission denied, any other non-zero exit (stderr's first line in the message);
 * - `GH_INVALID_OUTPUT`: stdout is not the expected JSON.
 * @see primary Story 12 AS-11: the server turns these into `dashboard:issues_error { error: message }`
 */
export async function runGhIssueList(options: RunGhIssueListOptions): Promise<GhIssue[]> {
  const ghPath = options.ghPath ?? 'gh';
  const timeoutMs = options.timeoutMs ?? 15_000;
  const args = [
    'issue',
    'list',
    '--state',
    options.state ?? 'open',
    '--limit',
    String(options.limit ?? 50),
    '--json',
    GH_ISSUE_FIELDS.join(','),
  ];
  // A missing cwd also surfaces as spawn ENOENT; check it first so the message names the right thing.
  const dir = await stat(options.cwd).catch(() => null);
  if (!dir?.isDirectory()) {
    throw new CoachingError(
      'GH_FAILED',
      `Cannot list GitHub issues: the project directory ${options.cwd} does not exist.`,
    );
  }
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      ghPath,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: options.maxBufferBytes ?? 16 * 1024 * 1024,
        windowsHide: true,
        encoding: 'utf8',
      },
      (error, out, err) => {
        if (!error) {
          resolve(out);
          return;
        }
        const e: { code?: unknown; killed?: boolean } = error;
        if (e.code === 'ENOENT') {
          reject(
            new CoachingError(
              'GH_NOT_FOUND',
              'The GitHub CLI (gh) is not installed or not on PATH. Install it from https://cli.github.com to see issues here.',
              { cause: error },
            ),
          );
          return;
        }
        if (e.code === 'EACCES') {
          reject(
            new CoachingError('GH_FAILED', `The GitHub CLI at ${ghPath} cannot be run (permission denied).`, {
              cause: error,
            }),
          );
          return;
        }
        if (e.killed === true || e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          const timedOut = e.code !== 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
          reject(
            timedOut
              ? new CoachingError(
                  'GH_TIMEOUT',
                  `The GitHub CLI did not answer within ${Math.round(timeoutMs / 1000)} s.`,
                  { cause: error },
                )
              : new CoachingError('GH_FAILED', 'The GitHub CLI printed more output than expected.', {
                  cause: error,
                }),
          );
          return;
        }
        const stderr = typeof err === 'string' ? err : '';
        if (e.code === 4 || AUTH_HINT.test(stderr)) {
          reject(
            new CoachingError(
              'GH_NOT_AUTHENTICATED',
              'The GitHub CLI is not signed in. Run `gh auth login` in a terminal, then refresh.',
              {
                cause: error,
              },
            ),
          );
          return;
        }
        const detail = firstLine(stderr);
        reject(
          new CoachingError(
            'GH_FAILED',
            `The GitHub CLI could not list issues${detail ? `: ${detail}` : ` (exit code ${String(e.code ?? 'unknown')})`}.`,
            { cause: error },
          ),
        );
      },
    );
  });
  return parseGhIssueList(stdout);
}
