#!/usr/bin/env node
/**
 * `pnpm demo`: starts the built Paige server on a real codebase (a temp copy of the npm CLI's `lib/`), with a local
 * Chroma, the Messages-API stand-in serving labelled canned replies (or the real API with `--live`) and a recorded
 * `gh`, then drives one whole coaching session with the official MCP SDK client (playing Claude Code) and
 * `@paige/client` over `ws` (playing Electron). Prints a timeline and a database summary; exits 0 only when every step got its reply.
 *
 * With `--team` (issue 26) the learner also joins a local team server (`paige-team`, PGlite in the temp folder) with
 * `paige team join` before the timeline; at the end the demo waits until the outbox is delivered, checks the
 * mentor's API shows the session and the shared summary for the team lead, and prints the mentor's view URL.
 *
 * Usage: `pnpm demo [--project DIR] [--live] [--keep] [--watch] [--team] [--open]` (`--open`: the page, and with
 * `--team` the mentor's view, open in the default browser).
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startMessagesApiStub } from '@paige/llm/testing';
import type { MessagesApiStub } from '@paige/llm/testing';
import { startLocalChroma } from '@paige/memory';
import type { LocalChroma } from '@paige/memory';
import { openInBrowser } from '@paige/server';
import { openDatabase } from '@paige/store';
import type { ClientMessageType, ClientPayload } from '@paige/protocol';
import type { RequestType } from '@paige/client';
import { DemoEditor } from './editor.js';
import type { Envelope } from './editor.js';
import { callTypeOf, DEMO_ISSUE, DEMO_PLAN, demoReply, LABEL } from './replies.js';
import { pageUrlWithToken } from './page-url.js';
import { bareEnv, createInvite, mentorGet, runNode, startTeamServer, TEAM_MAIN } from './team.js';
import type { CohortView, DemoTeamServer, LearnerTimeline } from './team.js';

const started = performance.now();
const { values: args } = parseArgs({
  options: {
    project: { type: 'string' },
    live: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    watch: { type: 'boolean', default: false },
    team: { type: 'boolean', default: false },
    open: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(
    "Usage: pnpm demo [--project DIR] [--live] [--keep] [--watch] [--team] [--open]\n  --project DIR  run on a copy of DIR (default: the npm CLI lib/ from `npm root -g`)\n  --live         use the real Claude API (needs ANTHROPIC_API_KEY)\n  --keep         keep the temp project and data dir\n  --watch        for a person watching the page: wait before the timeline (Enter, or 15 s), pause between steps, and keep the server up until Ctrl+C\n  --team         also start a local team server (paige-team), join it with `paige team join` before the session, check the mentor sees the session and its shared summary, and print the mentor's view URL\n  --open         open the page in your browser when the server is up (with --team, the mentor's view too at the end); with --watch they stay up until Ctrl+C",
  );
  process.exit(0);
}
const live = args.live === true;
if (live && !process.env.ANTHROPIC_API_KEY) {
  console.error('demo: --live needs ANTHROPIC_API_KEY in the environment');
  process.exit(2);
}
const demoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

// ------------------------------------------------------------------------------------------------ timeline

const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(2).padStart(6)}s`;
const clip = (text: string, max = 150): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const json = (value: unknown, max = 120): string => clip(JSON.stringify(value) ?? 'undefined', max);
const line = (tag: string, text: string): void => console.log(`${elapsed()} ${tag.padEnd(9)} ${text}`);

let currentStep = 'setup';
class StepFailed extends Error {}
/** With `--watch`, the pause between steps, ms (a person follows the page). */
const WATCH_STEP_PAUSE_MS = 2_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function step(name: string, fn: () => Promise<void>): Promise<void> {
  currentStep = name;
  console.log(`\n== ${name}`);
  await fn();
  if (args.watch) await sleep(WATCH_STEP_PAUSE_MS);
}

/** `--watch`: waits for Enter on a terminal, else 15 s, so the page can be opened before the timeline starts. */
async function waitForViewer(): Promise<void> {
  if (!process.stdin.isTTY) return sleep(15_000);
  console.log('press Enter to start the timeline');
  await new Promise<void>((r) => process.stdin.once('data', () => r()));
  process.stdin.pause();
}
function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new StepFailed(message);
}

/** One-line summary of a server message for the timeline. */
function summarise(m: Envelope): string {
  const p = m.payload;
  switch (m.type) {
    case 'fs:tree': {
      let files = 0;
      const walk = (n: unknown): void => {
        const node = n as { type?: string; children?: unknown[] };
        if (node.type === 'file') files += 1;
        for (const c of node.children ?? []) walk(c);
      };
      walk(p.root);
      return `${files} files`;
    }
    case 'fs:content':
      return `${String(p.path)} (${String(p.content ?? '').split('\n').length} lines, ${String(p.language ?? '')})`;
    case 'coaching:plan_ready':
      return `${(p.phases as unknown[]).length} phases, difficulty ${String(p.estimatedDifficulty)}`;
    case 'dashboard:state':
      return `dreyfus ${(p.dreyfus as unknown[]).length} rows, stats ${json(p.stats, 200)}`;
    case 'dashboard:issues':
      return (p.issues as Array<{ number: number; suitability: string; priorityScore: number }>)
        .map((i) => `#${i.number} ${i.suitability} ${i.priorityScore}`)
        .join(', ');
    case 'dashboard:challenges':
      return (
        (p.challenges as Array<{ title: string; attemptsCount: number; bestLevel: number | null }>)
          .map((c) => `"${c.title}" attempts ${c.attemptsCount} best ${c.bestLevel ?? '-'}`)
          .join(', ') || '(none)'
      );
    case 'coaching:phase_update':
      return `phase ${String(p.phase)} "${String(p.title)}" ${String(p.status)} (hint level ${String(p.hintLevel)})`;
    case 'observer:nudge':
      return `signal ${String(p.signal)}, confidence ${String(p.confidence)}, ${json(p.context, 90)}`;
    case 'practice:solution_review':
      return `level ${String(p.level)}, passed ${String(p.passed)}, ${(p.constraintsUnlocked as unknown[] | undefined)?.length ?? 0} constraints unlocked: ${clip(String(p.review), 70)}`;
    case 'session:completed':
      return `${String(p.status)}: ${String(p.knowledgeGaps)} gaps, ${String(p.kataSpecs)} katas, ${String(p.dreyfusUpdates)} Dreyfus updates, ${String(p.memoriesStored)} memories`;
    case 'hints:level_update':
      return `level ${String(p.level)} (was ${String(p.previousLevel)}), Paige suggests ${String(p.suggestedLevel ?? '-')}, ${p.chosen === true ? 'chosen by the learner' : 'following the suggestion'}`;
    case 'coaching:pipeline_progress':
      return `${String(p.stage)}: ${clip(String(p.message), 70)}${p.nextStep ? ` next: ${clip(String(p.nextStep), 70)}` : ''}`;
    case 'review:response':
      return `at hint level ${String(p.hintLevel)}, ${(p.references as unknown[] | undefined)?.length ?? 0} line references: ${clip(String(p.review), 70)}`;
    case 'session:wrap_up': {
      const changes = (p.dreyfusChanges as Array<{ skillArea: string; from: string | null; to: string }>).map(
        (c) => `${c.skillArea} ${c.from ?? 'new'} -> ${c.to}`,
      );
      return `${p.pending === true ? 'pending' : String(p.status)}: ${Math.round(Number(p.durationMs) / 1000)} s, $${Number(p.costUsd).toFixed(4)}, ${(p.knowledgeGaps as unknown[]).length} gaps, ${(p.katas as unknown[]).length} katas, Dreyfus ${changes.join('; ') || '(no change)'}`;
    }
    case 'session:manager_summary':
      return clip(String(p.summary), 110);
    case 'dashboard:learning_materials':
      return (p.materials as Array<{ knowledgeGap: string; resources: unknown[] }>)
        .map((x) => `${x.knowledgeGap}: ${x.resources.length} resources`)
        .join(', ');
    default:
      return json(p);
  }
}

// ------------------------------------------------------------------------------------------------ setup helpers

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => res(port));
    });
  });
}

/** The project to coach on: a temp copy, so saves never touch the original. */
function prepareProject(tmp: string): { dir: string; source: string } {
  const dir = join(tmp, 'project');
  if (args.project !== undefined) {
    const source = resolve(args.project);
    if (!existsSync(source)) throw new StepFailed(`--project ${source} does not exist`);
    cpSync(source, dir, { recursive: true, filter: (p) => !/[\\/](node_modules|\.git)$/.test(p) });
    return { dir, source };
  }
  const root = execFileSync('npm', ['root', '-g'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const source = join(root, 'npm');
  if (!existsSync(join(source, 'lib')))
    throw new StepFailed(`the npm CLI source was not found at ${source}; pass --project DIR`);
  cpSync(join(source, 'lib'), join(dir, 'lib'), { recursive: true });
  cpSync(join(source, 'package.json'), join(dir, 'package.json'));
  return { dir, source };
}

/**
 * Waits for `/health`, then reads the server's runtime file (`DATA_DIR/server.json`, issue 17) for the token of
 * `/ws`, as any tool beside the server would.
 */
async function waitHealthy(url: string, server: ChildProcess): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new StepFailed(`the server exited with code ${server.exitCode}`);
    try {
      const r = await fetch(`${url}/health`);
      const runtime = r.ok
        ? (JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8')) as { pid: number; token: string })
        : undefined;
      if (runtime && runtime.pid === server.pid) return runtime.token;
    } catch {
      // not listening yet, or the runtime file not written yet
    }
    if (Date.now() > deadline) throw new StepFailed('the server did not answer /health within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ------------------------------------------------------------------------------------------------ the run

const tmp = mkdtempSync(join(tmpdir(), 'paige-demo-'));
const dataDir = join(tmp, 'data');
const serverLog = join(tmp, 'server.log');
let chroma: LocalChroma | undefined;
let stub: MessagesApiStub | undefined;
let server: ChildProcess | undefined;
let editor: DemoEditor | undefined;
let mcp: { client: Client; transport: StreamableHTTPClientTransport } | undefined;
let projectDir = '';
/** The server's URL once it runs (printed for a person to open the page). */
let serverUrl = '';
/** The server's token (for the URL a person opens). */
let serverToken = '';
let exitCode = 0;
/** `--team`: the team server starting (set in the setup step). */
let teamStarting: Promise<DemoTeamServer> | undefined;
/** `--team`: the team server, once started. */
let team: DemoTeamServer | undefined;
/** `--team`: the learner's id on the team server (from `DATA_DIR/team.json` after the join). */
let learnerId = '';
const teamLog = join(tmp, 'team.log');
/** The mentor's view URL with its token (`--team`). */
const mentorUrl = (t: DemoTeamServer): string => pageUrlWithToken(t.url, t.token);

async function callTool(name: string, toolArgs: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (!mcp) throw new StepFailed('no MCP client');
  line('[MCP ->]', `${name} ${json(toolArgs)}`);
  const res = await mcp.client.callTool({ name, arguments: toolArgs });
  const text = (res.content as Array<{ text?: string }>)[0]?.text ?? '';
  if (res.isError === true) {
    line('[MCP <-]', `${name} ERROR ${clip(text)}`);
    throw new StepFailed(`${name} returned an error: ${text}`);
  }
  const structured = (res.structuredContent ?? {}) as Record<string, unknown>;
  line('[MCP <-]', `${name} ${json(structured)}`);
  return structured;
}

function wsSend<T extends ClientMessageType>(
  type: T,
  payload: ClientPayload<T>,
  withId = false,
): string | undefined {
  if (!editor) throw new StepFailed('no editor client');
  line('[WS ->]', `${type} ${json(payload)}`);
  return editor.send(type, payload, withId);
}

async function wsRequest<T extends RequestType>(
  type: T,
  payload: ClientPayload<T>,
  replyType: string,
  timeoutMs = 15_000,
): Promise<Envelope> {
  if (!editor) throw new StepFailed('no editor client');
  line('[WS ->]', `${type} ${json(payload)}`);
  return editor.request(type, payload, replyType, timeoutMs);
}

const waitFor = (
  what: string,
  match: (m: Envelope) => boolean,
  from: number,
  timeoutMs = 15_000,
): Promise<Envelope> => {
  if (!editor) throw new StepFailed('no editor client');
  return editor.next(what, match, timeoutMs, from);
};

/**
 * `--team`: an invite made with `paige-team invite`, then the learner joins with `paige team join` (the learner's
 * own command, on the demo's DATA_DIR) while the learner's server runs: it starts sharing without a restart.
 */
async function joinTeam(t: DemoTeamServer, serverMain: string): Promise<void> {
  line('[TEAM]', `team server ${TEAM_MAIN} on ${t.url} (embedded Postgres in ${t.dataDir}; log: ${teamLog})`);
  const code = await createInvite(t);
  line('[TEAM]', `paige-team invite --expires 1d -> ${code.slice(0, 8)}...`);
  const joined = await runNode(
    serverMain,
    ['team', 'join', t.url, code, '--name', 'Demo learner', '--data-dir', dataDir],
    bareEnv(),
  );
  line(
    '[TEAM]',
    `paige team join ${t.url} ${code.slice(0, 8)}... -> ${joined.stdout.trim().split('\n').at(-1) ?? ''}`,
  );
  learnerId = (JSON.parse(readFileSync(join(dataDir, 'team.json'), 'utf8')) as { learnerId: string })
    .learnerId;
  line('[TEAM]', `the mentor's view: open ${mentorUrl(t)}`);
}

/**
 * `--team`: asks the learner's server for the sharing status (`team:status_request`) until the outbox is delivered,
 * then reads the mentor's API: the learner in the cohort with the session, and the session (and the shared summary
 * for the team lead) in the learner's timeline.
 */
async function checkTeam(summaryShared: boolean): Promise<void> {
  const t = team;
  expect(t && learnerId, 'no team server or no learner id');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const from = editor?.received.length ?? 0;
    const id = wsSend('team:status_request', {}, true);
    const r = await waitFor('team:status', (m) => m.id === id && m.type === 'team:status', from);
    const s = r.payload as {
      joined: boolean;
      waiting: number;
      lastDeliveredAt: string | null;
      lastError: string | null;
    };
    if (s.joined && s.waiting === 0 && s.lastDeliveredAt !== null) break;
    expect(Date.now() < deadline, `the outbox was not delivered within 30 s: ${json(s, 300)}`);
    await sleep(1_000);
  }
  const cohort = await mentorGet<CohortView>(t, '/api/mentor/cohort');
  const me = cohort.learners.find((l) => l.learnerId === learnerId);
  expect(me, `GET /api/mentor/cohort does not list the learner ${learnerId}`);
  line(
    '[TEAM]',
    `GET /api/mentor/cohort: ${cohort.learners.length} learner, "${me.displayName}": ${me.sessions} session, stages ${json(me.stages, 100)}, ${me.openGaps} open gaps, $${me.costUsd.toFixed(4)}`,
  );
  expect(me.sessions >= 1, 'the mentor sees no session of the learner');
  if (!live) expect(Object.keys(me.stages).length > 0, 'the mentor sees no Dreyfus stage');
  const timeline = await mentorGet<LearnerTimeline>(t, `/api/mentor/learners/${learnerId}/timeline`);
  const kinds = new Map<string, number>();
  for (const e of timeline.entries) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
  line(
    '[TEAM]',
    `GET /api/mentor/learners/:id/timeline: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`,
  );
  const session = timeline.entries.find((e) => e.kind === 'session');
  expect(session, "the session is not in the learner's timeline");
  line('[TEAM]', `session entry: ${clip(`${session.title}: ${session.detail}`, 130)}`);
  if (summaryShared) {
    const summary = timeline.entries.find((e) => e.kind === 'summary');
    expect(summary, "the shared summary for the team lead is not in the learner's timeline");
    line('[TEAM]', `summary entry: ${clip(summary.detail, 110)}`);
  }
  line('[TEAM]', `open ${mentorUrl(t)} to see the mentor's view`);
  if (args.open) openInBrowser(mentorUrl(t), { onFailure: (m) => line('[TEAM]', m) });
}

/** Sends `dashboard:request` and awaits state, issues and challenges (and learning materials when expected). */
async function dashboard(expectMaterials: boolean): Promise<Record<string, Envelope>> {
  if (!editor) throw new StepFailed('no editor client');
  const from = editor.received.length;
  const id = wsSend('dashboard:request', {}, true);
  const mine = (type: string) => (m: Envelope) => m.id === id && m.type === type;
  const out: Record<string, Envelope> = {};
  out.state = await waitFor('dashboard:state', mine('dashboard:state'), from);
  out.issues = await waitFor(
    'dashboard:issues',
    (m) => m.id === id && (m.type === 'dashboard:issues' || m.type === 'dashboard:issues_error'),
    from,
    60_000,
  );
  expect(out.issues.type === 'dashboard:issues', `the issues flow failed: ${json(out.issues.payload, 300)}`);
  out.challenges = await waitFor('dashboard:challenges', mine('dashboard:challenges'), from);
  if (expectMaterials)
    out.materials = await waitFor(
      'dashboard:learning_materials',
      mine('dashboard:learning_materials'),
      from,
      60_000,
    );
  return out;
}

async function main(): Promise<void> {
  let url = '';
  let token = '';
  const setUrl = (u: string) => {
    url = u;
    serverUrl = u;
  };
  await step(
    `Setup: project copy, ${live ? 'the real Claude API' : 'Messages-API stand-in (canned replies)'}, local Chroma, recorded gh, built server`,
    async () => {
      const project = prepareProject(tmp);
      projectDir = project.dir;
      // --team: the team server's first start runs Postgres' initdb in WASM (a few seconds): start it now, use it below.
      if (args.team)
        teamStarting = freePort()
          .then((port) => startTeamServer({ dataDir: join(tmp, 'team'), port, logFile: teamLog }))
          .then((t) => (team = t));
      teamStarting?.catch(() => undefined);
      line('[DEMO]', `project: copy of ${project.source} at ${projectDir}`);
      if (!live) {
        stub = await startMessagesApiStub({
          handler: (request) => {
            const reply = demoReply(request);
            line(
              '[LLM]',
              `${callTypeOf(request) ?? 'unknown prompt'} (${request.model ?? '?'}) -> ${reply ? 'canned reply' : 'schema sample'}`,
            );
            return reply;
          },
        });
        line('[DEMO]', `Messages-API stand-in at ${stub.url}; every canned text starts with "${LABEL}"`);
      }
      chroma = await startLocalChroma({
        dataDir: join(tmp, 'chroma'),
        logger: {
          info: () => undefined,
          warn: (_f, m) => line('[CHROMA]', m),
          error: (_f, m) => line('[CHROMA]', m),
        },
      });
      line('[DEMO]', `local Chroma at ${chroma.url}`);
      const port = await freePort();
      setUrl(`http://127.0.0.1:${port}`);
      const serverMain = join(dirname(fileURLToPath(import.meta.resolve('@paige/server'))), 'main.js');
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PROJECT_DIR: projectDir,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        CHROMA_URL: chroma.url,
        PAIGE_GH_PATH: join(demoRoot, 'fixtures', 'gh', 'gh'),
        PAIGE_OBSERVER_IDLE_MS: '600000',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      };
      if (live) {
        delete env.ANTHROPIC_BASE_URL;
      } else {
        env.ANTHROPIC_API_KEY = 'sk-ant-demo-offline';
        env.ANTHROPIC_BASE_URL = stub?.url;
      }
      delete env.PAIGE_DAILY_BUDGET_USD;
      const log = createWriteStream(serverLog);
      server = spawn(process.execPath, [serverMain], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      server.stdout?.pipe(log);
      server.stderr?.pipe(log);
      token = await waitHealthy(url, server);
      serverToken = token;
      line('[DEMO]', `server ${serverMain} listening on ${url} (log: ${serverLog})`);
      if (teamStarting) await joinTeam(await teamStarting, serverMain);
      line(
        '[DEMO]',
        `watch the session in a browser: open ${pageUrlWithToken(url, token)}${args.watch ? '' : ' (pass --watch to pause between steps)'}`,
      );
      if (args.open) openInBrowser(pageUrlWithToken(url, token), { onFailure: (m) => line('[DEMO]', m) });
      if (args.watch) await waitForViewer();
    },
  );

  const projectFiles: string[] = [];
  let sessionId = '';
  await step('Electron connects: connection:hello -> connection:init, fs:tree', async () => {
    editor = await DemoEditor.connect(
      url,
      token,
      { version: '1.0.0', platform: 'linux', windowSize: { width: 1440, height: 900 } },
      {
        onHello: (hello) => line('[WS ->]', `connection:hello ${json(hello)}`),
        onMessage: (m) => line('[WS <-]', `${m.type}${m.id ? ` (${m.id})` : ''} ${summarise(m)}`),
        onInvalidFrame: (e) => line('[WS !!]', `invalid frame dropped: ${e.code} ${e.message}`),
      },
    );
    await waitFor('connection:init', (m) => m.type === 'connection:init', 0);
    const tree = await waitFor('fs:tree', (m) => m.type === 'fs:tree', 0);
    const walk = (n: unknown): void => {
      const node = n as { type?: string; path?: string; children?: unknown[] };
      if (node.type === 'file' && typeof node.path === 'string') projectFiles.push(node.path);
      for (const c of node.children ?? []) walk(c);
    };
    walk(tree.payload.root);
    expect(projectFiles.length > 0, 'fs:tree listed no files');
  });

  await step('Dashboard before the session: Dreyfus, stats, gh issues assessed, challenges', async () => {
    const d = await dashboard(false);
    const issues = (d.issues?.payload.issues ?? []) as Array<{ number: number }>;
    expect(
      issues.some((i) => i.number === DEMO_ISSUE.number),
      `issue #${DEMO_ISSUE.number} is not on the dashboard`,
    );
  });

  await step('Claude Code connects over MCP and starts the session', async () => {
    const transport = new StreamableHTTPClientTransport(new URL('/mcp', url));
    const client = new Client({ name: 'claude-code-demo', version: '1.0.0' });
    await client.connect(transport);
    mcp = { client, transport };
    const tools = await client.listTools();
    line('[MCP <-]', `tools/list ${tools.tools.length} tools`);
    const from = editor?.received.length ?? 0;
    const r = await callTool('paige_start_session', {
      issueNumber: DEMO_ISSUE.number,
      issueTitle: DEMO_ISSUE.title,
      issueSummary: DEMO_ISSUE.summary,
    });
    expect(r.status === 'active', 'paige_start_session did not return an active session');
    sessionId = String(r.sessionId);
    await waitFor('session:started', (m) => m.type === 'session:started', from);
    await callTool('paige_show_issue_context', {
      number: DEMO_ISSUE.number,
      title: DEMO_ISSUE.title,
      summary: DEMO_ISSUE.summary,
      labels: ['Bug', 'good first issue'],
      url: `https://github.com/npm/cli/issues/${DEMO_ISSUE.number}`,
    });
    await waitFor('coaching:issue_context', (m) => m.type === 'coaching:issue_context', from);
  });

  let phaseCount = 0;
  await step('Coaching pipeline: plan -> phases, highlights and file hints in the editor', async () => {
    const from = editor?.received.length ?? 0;
    const r = await callTool('paige_run_coaching_pipeline', {
      planText: DEMO_PLAN,
      issueSummary: DEMO_ISSUE.summary,
      issueNumber: DEMO_ISSUE.number,
    });
    expect(Array.isArray(r.phases) && r.phases.length > 0, 'the pipeline returned no phases');
    phaseCount = (r.phases as unknown[]).length;
    await waitFor('coaching:plan_ready', (m) => m.type === 'coaching:plan_ready', from);
    if (!live) {
      await waitFor('editor:highlight_lines', (m) => m.type === 'editor:highlight_lines', from);
      await waitFor('explorer:hint_files', (m) => m.type === 'explorer:hint_files', from);
    }
    await callTool('paige_update_phase', { phase: 1, status: 'active' });
    await waitFor(
      'coaching:phase_update',
      (m) => m.type === 'coaching:phase_update' && m.payload.phase === 1,
      from,
    );
    await waitFor(
      'coaching:pipeline_progress (coaching)',
      (m) => m.type === 'coaching:pipeline_progress' && m.payload.stage === 'coaching',
      from,
    );
  });

  await step(
    'Hint level: Paige suggests one per phase; the learner picks medium (hints:level_change)',
    async () => {
      const from = editor?.received.length ?? 0;
      const suggested = [...(editor?.received ?? [])].reverse().find((m) => m.type === 'hints:level_update');
      const previous =
        (suggested?.payload.level as 'off' | 'low' | 'medium' | 'high' | undefined) ?? 'medium';
      const id = wsSend('hints:level_change', { level: 'medium', previousLevel: previous }, true);
      const update = await waitFor(
        'hints:level_update',
        (m) => m.type === 'hints:level_update' && m.id === id,
        from,
      );
      expect(
        update.payload.level === 'medium' && update.payload.chosen === true,
        `the level change was not applied: ${json(update.payload)}`,
      );
      const state = await callTool('paige_get_session_state', { include: ['session'] });
      expect(
        (state.session as { hintLevel?: string }).hintLevel === 'medium',
        'Claude Code does not see the chosen level',
      );
    },
  );

  // The canned plan points at npm's did-you-mean.js; on another project (--project) the demo edits a text file it has.
  const NPM_TARGET = 'lib/utils/did-you-mean.js';
  const target = projectFiles.includes(NPM_TARGET)
    ? NPM_TARGET
    : (projectFiles.find((f) => /\.(js|ts|mjs|cjs|jsx|tsx|py|go|rs|java|rb|md)$/.test(f)) ??
      projectFiles[0] ??
      NPM_TARGET);
  const onNpm = target === NPM_TARGET;
  let original = '';
  await step('The learner opens the hinted file; Claude Code highlights a caller', async () => {
    const r = await wsRequest('file:open', { path: target }, 'fs:content');
    original = String(r.payload.content ?? '');
    expect(!onNpm || original.includes('isClose'), `${target} did not load`);
    const from = editor?.received.length ?? 0;
    const caller = onNpm ? 'lib/commands/run.js' : target;
    await callTool('paige_highlight_lines', {
      path: caller,
      start: onNpm ? 111 : 1,
      end: onNpm ? 111 : 1,
      style: 'hint',
      hoverText: `${LABEL} didYouMean is called here with the package data`,
    });
    await callTool('paige_hint_files', {
      paths: onNpm ? ['lib/commands/run.js', 'lib/utils/error-message.js'] : [target],
      style: 'suggested',
    });
    await waitFor(
      `editor:highlight_lines for ${caller}`,
      (m) => m.type === 'editor:highlight_lines' && m.payload.path === caller,
      from,
    );
  });

  let edited = original;
  await step('Buffer edits (5 x buffer:update) -> Observer triage -> nudge', async () => {
    const from = editor?.received.length ?? 0;
    const factors = ['0.3', '0.4', '0.3', '0.4', '0.3'];
    for (const [i, f] of factors.entries()) {
      edited = onNpm
        ? original.replace('scmd.length * 0.4', `scmd.length * ${f}`)
        : `${original}\n// trying factor ${f}\n`;
      wsSend('buffer:update', {
        path: target,
        content: edited,
        cursorPosition: { line: onNpm ? 7 : 1, column: 48 + (i % 2) },
      });
    }
    if (live) {
      const m = await waitFor(
        'observer:nudge or status',
        (x) =>
          x.type === 'observer:nudge' || (x.type === 'observer:status' && x.payload.lastEvaluation !== null),
        from,
        45_000,
      ).catch(() => null);
      line(
        '[DEMO]',
        m ? `observer answered: ${m.type}` : 'observer: the model chose not to nudge (allowed with --live)',
      );
    } else {
      const nudge = await waitFor('observer:nudge', (m) => m.type === 'observer:nudge', from, 20_000);
      expect(nudge.payload.signal === 'edit_loop', `unexpected nudge signal ${String(nudge.payload.signal)}`);
    }
  });

  await step('Explain This on the closeness rule', async () => {
    const lines = original.split('\n');
    const lineNo = onNpm ? 7 : Math.max(1, lines.findIndex((l) => l.trim().length > 0) + 1);
    const selected = onNpm
      ? 'const isClose = (scmd, cmd) => distance(scmd, cmd) < scmd.length * 0.3'
      : (lines[lineNo - 1] ?? 'x');
    const r = await wsRequest(
      'user:explain',
      {
        path: target,
        range: { startLine: lineNo, startColumn: 1, endLine: lineNo, endColumn: selected.length + 1 },
        selectedText: selected,
      },
      'explain:response',
      60_000,
    );
    expect(String(r.payload.explanation).length > 0, 'empty explanation');
  });

  await step('The learner writes a fix and saves (the temp copy only)', async () => {
    edited = onNpm
      ? original.replace(
          'distance(scmd, cmd) < scmd.length * 0.4',
          'distance(scmd, cmd) <= Math.max(1, Math.floor(scmd.length * 0.4))',
        )
      : `${original}\n// paige demo: the learner's change\n`;
    wsSend('buffer:update', {
      path: target,
      content: edited,
      cursorPosition: { line: onNpm ? 7 : 1, column: 60 },
    });
    const ack = await wsRequest('file:save', { path: target, content: edited }, 'fs:save_ack');
    expect(ack.payload.success === true, 'save not acknowledged');
    expect(
      readFileSync(join(projectDir, target), 'utf8') === edited,
      'the saved file does not hold the new content',
    );
    const state = await callTool('paige_get_session_state', { include: ['session', 'phase', 'open_files'] });
    expect(
      Array.isArray(state.open_files) && (state.open_files as string[]).includes(target),
      'the open file is missing from the session state',
    );
  });

  await step('Review my work (user:review): feedback at the chosen level with line references', async () => {
    const r = await wsRequest('user:review', {}, 'review:response', 60_000);
    expect(
      r.payload.hintLevel === 'medium',
      `the review was written for level ${String(r.payload.hintLevel)}`,
    );
    const refs = (r.payload.references ?? []) as Array<{ path: string; startLine: number }>;
    if (onNpm && !live)
      expect(
        refs.some((x) => x.path === NPM_TARGET && x.startLine === 7),
        'the review has no line reference into did-you-mean.js',
      );
  });

  await step('Phase transitions', async () => {
    const from = editor?.received.length ?? 0;
    // The canned plan has 3 phases; a live plan may have fewer, so walk only the phases that exist.
    const moves: Array<[number, 'active' | 'complete']> = [[1, 'complete']];
    if (phaseCount >= 2) moves.push([2, 'active'], [2, 'complete']);
    if (phaseCount >= 3) moves.push([3, 'active']);
    for (const [phase, status] of moves) await callTool('paige_update_phase', { phase, status });
    const [lastPhase, lastStatus] = moves[moves.length - 1] ?? [1, 'complete'];
    await waitFor(
      'coaching:phase_update',
      (m) =>
        m.type === 'coaching:phase_update' &&
        m.payload.phase === lastPhase &&
        m.payload.status === lastStatus,
      from,
    );
    await callTool('paige_show_message', {
      message: `${LABEL} Phases done so far: you found the rule and made it stricter.`,
      type: 'success',
    });
  });

  let gaps = 0;
  let summaryShared = false;
  await step(
    'End session from the page (session:end): session:wrap_up pending, then the wrap-up report',
    async () => {
      const from = editor?.received.length ?? 0;
      await wsRequest('session:end', {}, 'session:ended');
      const pending = await waitFor(
        'session:wrap_up (pending)',
        (m) => m.type === 'session:wrap_up' && m.payload.pending === true,
        from,
      );
      expect(pending.payload.sessionId === sessionId, 'the wrap-up report is for another session');
      const done = await waitFor(
        'session:wrap_up (complete)',
        (m) => m.type === 'session:wrap_up' && m.payload.pending === false,
        from,
        60_000,
      );
      gaps = (done.payload.knowledgeGaps as unknown[]).length;
      if (!live) {
        expect(
          done.payload.status === 'completed',
          `wrap-up status ${String(done.payload.status)}: ${json(done.payload.errors, 300)}`,
        );
        expect(
          gaps > 0 && (done.payload.katas as unknown[]).length > 0,
          'the wrap-up report shows no gaps or katas',
        );
        expect(
          (done.payload.dreyfusChanges as unknown[]).length > 0,
          'the wrap-up report shows no Dreyfus change',
        );
        expect(Number(done.payload.costUsd) > 0, 'the wrap-up report has no cost');
      }
      const again = wsSend('session:end', {}, true);
      const refused = await waitFor(
        'connection:error (no active session)',
        (m) => m.id === again && m.type === 'connection:error',
        from,
      );
      expect(
        refused.payload.code === 'NO_ACTIVE_SESSION',
        `a second session:end answered ${json(refused.payload)}`,
      );
    },
  );

  await step(
    'The wrap-up screen after a reload (session:wrap_up_request) and the summary for the team lead',
    async () => {
      const from = editor?.received.length ?? 0;
      const id = wsSend('session:wrap_up_request', { sessionId }, true);
      const report = await waitFor(
        'session:wrap_up',
        (m) => m.id === id && (m.type === 'session:wrap_up' || m.type === 'connection:error'),
        from,
      );
      expect(
        report.type === 'session:wrap_up' && report.payload.pending === false,
        `session:wrap_up_request answered ${report.type}`,
      );
      // --team: the learner shares this summary with the team (issue 26 item 5: never sent unasked).
      const ask = wsSend(
        'session:manager_summary_request',
        args.team ? { sessionId, share: true } : { sessionId },
        true,
      );
      const summary = await waitFor(
        'session:manager_summary',
        (m) => m.id === ask && m.type.startsWith('session:manager_summary'),
        from,
        60_000,
      );
      expect(
        summary.type === 'session:manager_summary',
        `the manager summary failed: ${json(summary.payload)}`,
      );
      if (args.team) {
        expect(summary.payload.shared === true, 'the summary was not queued for the team server');
        summaryShared = true;
      }
    },
  );

  let kataId: string | undefined;
  let kataPassed = false;
  await step('Dashboard after the session: new gaps (learning materials), kata, Dreyfus rows', async () => {
    const d = await dashboard(gaps > 0);
    const dreyfus = (d.state?.payload.dreyfus ?? []) as unknown[];
    const challenges = (d.challenges?.payload.challenges ?? []) as Array<{ kataId: string }>;
    if (!live)
      expect(dreyfus.length > 0 && challenges.length > 0, 'the dashboard shows no Dreyfus rows or katas');
    kataId = challenges[0]?.kataId;
  });

  await step('Practice: load the generated kata and submit a solution', async () => {
    if (kataId === undefined) {
      expect(live, 'no kata to practise');
      line('[DEMO]', 'the model generated no kata (allowed with --live)');
      return;
    }
    const loaded = await wsRequest('practice:load_kata', { kataId }, 'practice:kata_load');
    expect((loaded.payload.kata as { id?: string }).id === kataId, 'practice:kata_load is for another kata');
    const code = [
      'export function distance(a, b) {',
      '  const row = Array.from({ length: b.length + 1 }, (_, i) => i);',
      '  for (let i = 1; i <= a.length; i++) {',
      '    let prev = row[0]; row[0] = i;',
      '    for (let j = 1; j <= b.length; j++) {',
      '      const tmp = row[j];',
      '      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));',
      '      prev = tmp;',
      '    }',
      '  }',
      '  return row[b.length];',
      '}',
      'export const suggest = (typed, names) => names.filter((n) => n !== typed && distance(typed, n) <= 2);',
    ].join('\n');
    // Issue 24: the kata's tests run first (no model call): the scaffolding fails, the solution passes.
    if ((loaded.payload.kata as { tests?: unknown }).tests) {
      const scaffolding = String((loaded.payload.kata as { scaffoldingCode?: string }).scaffoldingCode ?? '');
      const failing = await wsRequest(
        'practice:run',
        { kataId, code: scaffolding },
        'practice:run_result',
        30_000,
      );
      const failed = failing.payload.result as {
        status: string;
        tests: Array<{ name: string; status: string }>;
      };
      line(
        '[DEMO]',
        `run 1 (the starter code): ${failed.status}, ${failed.tests.filter((t) => t.status === 'pass').length} of ${failed.tests.length} tests pass`,
      );
      if (!live) expect(failed.status === 'failed', 'the starter code should fail the kata tests');
      const passing = await wsRequest('practice:run', { kataId, code }, 'practice:run_result', 30_000);
      const passed = passing.payload.result as {
        status: string;
        tests: Array<{ name: string; status: string }>;
      };
      line(
        '[DEMO]',
        `run 2 (the solution): ${passed.status}, ${passed.tests.filter((t) => t.status === 'pass').length} of ${passed.tests.length} tests pass`,
      );
      if (!live) expect(passed.status === 'passed', 'the solution should pass the kata tests');
    } else if (!live) {
      expect(false, 'the generated kata has no runnable tests');
    }
    const review = await wsRequest(
      'practice:submit_solution',
      { kataId, code, activeConstraints: [] },
      'practice:solution_review',
      60_000,
    );
    expect(typeof review.payload.level === 'number', 'the review has no level');
    kataPassed = review.payload.passed === true;
    if (!live) expect(kataPassed, 'the canned review did not pass the kata');
  });

  await step(
    'Practice: answer the quiz the wrap-up wrote (graded in the page, recorded by the server)',
    async () => {
      const d = await dashboard(false);
      const quiz = ((d.challenges?.payload.nonCode ?? []) as Array<{ id: string; kind: string }>).find(
        (c) => c.kind === 'quiz',
      );
      if (!quiz) {
        expect(live, 'the wrap-up wrote no quiz');
        line('[DEMO]', 'the model wrote no quiz (allowed with --live)');
        return;
      }
      const loaded = await wsRequest(
        'practice:load_challenge',
        { challengeId: quiz.id },
        'practice:challenge_load',
      );
      const questions =
        (loaded.payload.challenge as { questions?: Array<{ correctIndex: number }> }).questions ?? [];
      const result = await wsRequest(
        'practice:answer_quiz',
        { challengeId: quiz.id, answers: questions.map((q) => q.correctIndex) },
        'practice:quiz_result',
      );
      line('[DEMO]', `quiz: ${String(result.payload.correct)} of ${String(result.payload.total)} right`);
      expect(result.payload.passed === true, 'the quiz answered with the right choices did not pass');
    },
  );

  await step('Dashboard again after practice: the kata passed, its knowledge gap is addressed', async () => {
    const d = await dashboard(gaps > 0);
    const stats = (d.state?.payload.stats ?? {}) as {
      knowledgeGapsIdentified?: number;
      knowledgeGapsAddressed?: number;
    };
    line(
      '[DEMO]',
      `knowledge gaps addressed: ${stats.knowledgeGapsAddressed ?? '?'} of ${stats.knowledgeGapsIdentified ?? '?'} identified`,
    );
    if (kataPassed)
      expect(
        (stats.knowledgeGapsAddressed ?? 0) > 0,
        'the passed kata did not mark its knowledge gap addressed in the dashboard stats',
      );
  });

  if (args.team)
    await step(
      "Team server: the outbox delivered (team:status), the mentor's API shows the session and the shared summary",
      () => checkTeam(summaryShared),
    );
}

/** Stops everything this run started; returns nothing, never throws. */
async function shutdown(): Promise<void> {
  if (mcp) {
    await mcp.transport.terminateSession().catch(() => undefined);
    await mcp.client.close().catch(() => undefined);
  }
  editor?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server?.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  // After the learner's server (its sender stops first); never outlives the demo.
  await teamStarting?.catch(() => undefined);
  if (team) {
    const code = await team.stop();
    if (code !== 0) line('[TEAM]', `the team server exited with code ${String(code)} (log: ${teamLog})`);
  }
  await chroma?.stop().catch(() => undefined);
  await stub?.stop().catch(() => undefined);
}

function databaseSummary(): void {
  const path = join(dataDir, 'paige.db');
  if (!existsSync(path)) return;
  const db = openDatabase(path);
  try {
    console.log('\n== Database summary');
    const tables = db.sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
      )
      .all() as Array<{ name: string }>;
    const counts = tables.map(
      ({ name }) =>
        `${name} ${(db.sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n}`,
    );
    console.log(`rows:     ${counts.join(', ')}`);
    const sessions = db.sqlite
      .prepare('SELECT issue_number AS issue, status FROM sessions ORDER BY started_at')
      .all() as Array<{ issue: number | null; status: string }>;
    console.log(`sessions: ${sessions.map((s) => `#${s.issue ?? '-'} ${s.status}`).join(', ')}`);
    const calls = db.sqlite
      .prepare(
        'SELECT call_type AS type, count(*) AS n, sum(cost_estimate) AS usd FROM api_call_log GROUP BY call_type ORDER BY call_type',
      )
      .all() as Array<{ type: string; n: number; usd: number }>;
    const total = calls.reduce((s, c) => s + c.usd, 0);
    console.log(`api calls: ${calls.map((c) => `${c.type} x${c.n}`).join(', ')}`);
    console.log(
      `cost:     $${total.toFixed(4)} (api_call_log estimate${live ? '' : '; stand-in token counts, nothing was billed'})`,
    );
    const actions = db.sqlite
      .prepare(
        'SELECT action_type AS type, count(*) AS n FROM action_log GROUP BY action_type ORDER BY n DESC LIMIT 12',
      )
      .all() as Array<{ type: string; n: number }>;
    console.log(`actions:  ${actions.map((a) => `${a.type} ${a.n}`).join(', ')}`);
  } finally {
    db.close();
  }
}

try {
  await main();
  if (args.watch) {
    console.log(
      `\nthe server stays up at ${serverToken ? pageUrlWithToken(serverUrl, serverToken) : `${serverUrl}/`}${team ? ` and the team server at ${mentorUrl(team)} (the mentor's view)` : ''} : press Ctrl+C to stop`,
    );
    // Ctrl+C, or a SIGTERM from a supervisor: either way the servers (and the team server) are stopped below.
    await new Promise<void>((r) => {
      process.once('SIGINT', () => r());
      process.once('SIGTERM', () => r());
    });
  }
} catch (err) {
  exitCode = 1;
  console.error(`\nDEMO FAILED at step "${currentStep}": ${(err as Error).message}`);
  if (existsSync(serverLog)) {
    const tail = readFileSync(serverLog, 'utf8').trim().split('\n').slice(-20).join('\n');
    if (tail) console.error(`--- last server log lines (${serverLog}) ---\n${tail}`);
  }
  if (args.team && existsSync(teamLog)) {
    const tail = readFileSync(teamLog, 'utf8').trim().split('\n').slice(-10).join('\n');
    if (tail) console.error(`--- last team server log lines (${teamLog}) ---\n${tail}`);
  }
} finally {
  await shutdown();
}
try {
  databaseSummary();
} catch (err) {
  console.error(`database summary failed: ${(err as Error).message}`);
  exitCode = 1;
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (exitCode === 0)
  console.log(
    `\nDEMO OK: every step got its expected reply in ${seconds} s${live ? ' (live Claude API)' : ' (offline: canned replies)'}`,
  );
if (!args.keep) rmSync(tmp, { recursive: true, force: true });
else console.log(`kept ${tmp}`);
process.exit(exitCode);
