import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CoachingError,
  GH_ISSUE_FIELDS,
  isCoachingError,
  parseGhIssueList,
  runGhIssueList,
} from '../src/index.js';

/** Realistic `gh issue list --json number,title,body,labels,url,updatedAt,author,comments,assignees` output (gh 2.x). */
const RECORDED = JSON.stringify([
  {
    assignees: [{ id: 'MDQ6VXNlcjE=', login: 'junior-dev', name: 'Junior Dev' }],
    author: { id: 'MDQ6VXNlcjI=', is_bot: false, login: 'maintainer', name: 'Maintainer' },
    body: 'Navigating away during login leaves a timer running.\r\n\r\nSteps: 1. log in 2. press back',
    comments: [
      {
        id: 'IC_kwDOA',
        author: { login: 'junior-dev' },
        authorAssociation: 'CONTRIBUTOR',
        body: 'I can reproduce this on Firefox.',
        createdAt: '2026-02-10T10:00:00Z',
        includesCreatedEdit: false,
        isMinimized: false,
        minimizedReason: '',
        reactionGroups: [],
        url: 'https://github.com/acme/web/issues/42#issuecomment-1',
        viewerDidAuthor: false,
      },
    ],
    labels: [{ id: 'LA_1', name: 'bug', description: "Something isn't working", color: 'd73a4a' }],
    number: 42,
    title: 'OAuth callback race condition',
    updatedAt: '2026-02-10T10:00:00Z',
    url: 'https://github.com/acme/web/issues/42',
  },
  {
    assignees: [],
    author: { login: 'lead' },
    body: '',
    comments: [],
    labels: [],
    number: 37,
    title: 'Refactor database connection pooling',
    updatedAt: '2026-02-01T09:00:00Z',
    url: 'https://github.com/acme/web/issues/37',
  },
]);

let dir: string;
let project: string;

async function fakeGh(name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!${process.execPath}\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paige-gh-'));
  project = await mkdtemp(join(tmpdir(), 'paige-project-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(project, { recursive: true, force: true });
});

async function expectCode(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const err: unknown = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isCoachingError(err)).toBe(true);
  if (!(err instanceof CoachingError)) return;
  expect(err.code).toBe(code);
  expect(err.message).toMatch(message);
}

describe('Story 12: `gh` CLI integration (issues flow)', () => {
  it('AS-4: lists open issues through gh in PROJECT_DIR with the expected arguments, parsed and normalised', async () => {
    const gh = await fakeGh(
      'gh-ok',
      `const fs = require('node:fs');
fs.writeFileSync(${JSON.stringify(join(dir, 'args.json'))}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() }));
process.stdout.write(${JSON.stringify(RECORDED)});`,
    );
    const issues = await runGhIssueList({ cwd: project, ghPath: gh, timeoutMs: 10_000 });
    expect(issues).toEqual([
      {
        number: 42,
        title: 'OAuth callback race condition',
        body: 'Navigating away during login leaves a timer running.\r\n\r\nSteps: 1. log in 2. press back',
        labels: ['bug'],
        url: 'https://github.com/acme/web/issues/42',
        updatedAt: '2026-02-10T10:00:00Z',
        author: 'maintainer',
        comments: [
          {
            author: 'junior-dev',
            body: 'I can reproduce this on Firefox.',
            createdAt: '2026-02-10T10:00:00Z',
          },
        ],
        assignees: ['junior-dev'],
      },
      {
        number: 37,
        title: 'Refactor database connection pooling',
        body: '',
        labels: [],
        url: 'https://github.com/acme/web/issues/37',
        updatedAt: '2026-02-01T09:00:00Z',
        author: 'lead',
        comments: [],
        assignees: [],
      },
    ]);
    const { readFile, realpath } = await import('node:fs/promises');
    const call = JSON.parse(await readFile(join(dir, 'args.json'), 'utf8')) as {
      argv: string[];
      cwd: string;
    };
    expect(call.argv).toEqual([
      'issue',
      'list',
      '--state',
      'open',
      '--limit',
      '50',
      '--json',
      GH_ISSUE_FIELDS.join(','),
    ]);
    expect(call.cwd).toBe(await realpath(project));
  });

  it('finds gh on the PATH of the given env by default', async () => {
    const binDir = await mkdtemp(join(tmpdir(), 'paige-bin-'));
    await writeFile(join(binDir, 'gh'), `#!${process.execPath}\nprocess.stdout.write('[]');\n`);
    await chmod(join(binDir, 'gh'), 0o755);
    try {
      expect(
        await runGhIssueList({
          cwd: project,
          env: { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ''}` },
        }),
      ).toEqual([]);
    } finally {
      await rm(binDir, { recursive: true, force: true });
    }
  });

  it('AS-11: gh missing -> GH_NOT_FOUND with a readable message', async () => {
    await expectCode(
      runGhIssueList({ cwd: project, ghPath: join(dir, 'does-not-exist') }),
      'GH_NOT_FOUND',
      /not installed/,
    );
    await expectCode(
      runGhIssueList({ cwd: project, env: { PATH: dir } }),
      'GH_NOT_FOUND',
      /GitHub CLI \(gh\)/,
    );
  });

  it('AS-11: gh not signed in (exit 4, "gh auth login") -> GH_NOT_AUTHENTICATED', async () => {
    const gh = await fakeGh(
      'gh-noauth',
      `process.stderr.write('To get started with GitHub CLI, please run:  gh auth login\\nAlternatively, populate the GH_TOKEN environment variable with a GitHub API authentication token.\\n');
process.exit(4);`,
    );
    await expectCode(runGhIssueList({ cwd: project, ghPath: gh }), 'GH_NOT_AUTHENTICATED', /gh auth login/);
  });

  it('AS-11: another failure -> GH_FAILED naming the reason from stderr', async () => {
    const gh = await fakeGh(
      'gh-norepo',
      `process.stderr.write('failed to determine base repo: no git remotes found\\n'); process.exit(1);`,
    );
    await expectCode(runGhIssueList({ cwd: project, ghPath: gh }), 'GH_FAILED', /no git remotes found/);
    await expectCode(
      runGhIssueList({ cwd: join(project, 'missing'), ghPath: gh }),
      'GH_FAILED',
      /does not exist/,
    );
  });

  it('a hanging gh is killed after timeoutMs -> GH_TIMEOUT', async () => {
    const gh = await fakeGh('gh-hang', `setInterval(() => {}, 1000);`);
    const started = Date.now();
    await expectCode(
      runGhIssueList({ cwd: project, ghPath: gh, timeoutMs: 300 }),
      'GH_TIMEOUT',
      /did not answer/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('output that is not the expected JSON -> GH_INVALID_OUTPUT', async () => {
    const gh = await fakeGh('gh-garbage', `process.stdout.write('Showing 2 of 2 open issues');`);
    await expectCode(runGhIssueList({ cwd: project, ghPath: gh }), 'GH_INVALID_OUTPUT', /not JSON/);
    expect(() => parseGhIssueList('[{"number":"x"}]')).toThrow(CoachingError);
    expect(() => parseGhIssueList('{"number":1}')).toThrow(/unexpected issue list/);
  });
});
