/**
 * A real Paige for the browser tests: the built server (`apps/server/dist/main.js`) as a child process on a free
 * loopback port, with a temp DATA_DIR, a temp copy of a real codebase (the npm CLI's `lib/`, found with
 * `npm root -g`, plus ignored folders that must never show), and the Anthropic SDK pointed at
 * `@paige/llm/testing`'s Messages-API stand-in running in this process with scripted replies.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  startMessagesApiStub,
  textReply,
  type MessagesApiStub,
  type StubRequest,
  type StubReply,
} from '@paige/llm/testing';

const here = dirname(fileURLToPath(import.meta.url));
/** The monorepo root. */
export const repoRoot = resolve(here, '../../../../..');
/** The built server entry the tests run. */
export const serverMain = join(repoRoot, 'apps/server/dist/main.js');
/** Where screenshots go (gitignored). */
export const artifactsDir = join(repoRoot, 'apps/web/test/artifacts');

/** The file the tests coach on (the npm CLI's "did you mean" suggestions). */
/**
 * The fixed token the test servers run with (`PAIGE_TOKEN`, issue 17): pages open `/?token=` once, which sets the
 * `paige-token-<port>` cookie `/ws` and `/pty` need, and the shared browser context keeps it across reloads and
 * restarts on the same port.
 */
export const TEST_TOKEN = 'paige-browser-test-token-0123456789abcdef';

export const TARGET_FILE = 'lib/utils/did-you-mean.js';

/** Which prompt a stand-in request belongs to, from the task sentence of its system prompt. */
export function callType(request: StubRequest): 'coach' | 'explain' | 'triage' | 'other' {
  const s = request.systemText;
  if (s.includes("Paige's coaching engine")) return 'coach';
  if (s.includes('"explain this"')) return 'explain';
  if (s.includes('you are the Observer')) return 'triage';
  return 'other';
}

/** The explanation the stand-in gives (tests look for it on the page). */
export const EXPLANATION = {
  explanation:
    'isClose compares the edit distance between the typed name and a known name with 40% of the typed length.',
  keyConcepts: ['Levenshtein distance', 'Arrow functions'],
  analogy: 'Like a spell checker that only suggests words a few letters away.',
  relatedFiles: ['lib/commands/run.js'],
  phaseConnection: null,
};

/** The coaching plan the stand-in's Coach agent returns. */
export const COACH_PLAN = {
  phases: [
    {
      number: 1,
      title: 'Trace the suggestion logic',
      description:
        'Follow a mistyped script name into did-you-mean.js and find the line that decides what is close.',
      expectedFiles: [TARGET_FILE],
      hintLevel: 'medium',
      hints: [
        { type: 'file', path: TARGET_FILE, style: 'required', hoverText: 'The suggestion logic lives here' },
        {
          type: 'line',
          path: TARGET_FILE,
          startLine: 7,
          endLine: 7,
          style: 'hint',
          hoverText: 'What does the 0.4 factor allow?',
        },
      ],
      knowledgeGapOpportunities: ['edit distance'],
    },
    {
      number: 2,
      title: 'Tighten the rule for short names',
      description:
        'Change isClose so short names need a smaller distance, and keep "instal" suggesting "install".',
      expectedFiles: [TARGET_FILE],
      hintLevel: 'low',
      hints: [],
      knowledgeGapOpportunities: [],
    },
  ],
  memoryConnection: null,
  estimatedDifficulty: 'beginner',
};

/** Test-controlled behaviour of the stand-in. */
export interface StubScript {
  /** The next Observer triage says "nudge" (confidence 0.92, `stuck_on_implementation`). */
  nudge: boolean;
  /** Delay of Explain answers, ms. */
  explainDelayMs: number;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** Copies the npm CLI's lib/ (a real codebase) into `dir` with folders Paige must hide. */
function makeProject(dir: string): void {
  const npmRoot = execFileSync('npm', ['root', '-g'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const source = join(npmRoot, 'npm');
  if (!existsSync(join(source, 'lib'))) throw new Error(`the npm CLI source was not found at ${source}`);
  cpSync(join(source, 'lib'), join(dir, 'lib'), { recursive: true });
  cpSync(join(source, 'package.json'), join(dir, 'package.json'));
  // Folders that must never reach the tree: dependencies, VCS data, and a .gitignored build folder.
  mkdirSync(join(dir, 'node_modules', 'left-pad'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'left-pad', 'index.js'), 'module.exports = (s) => s\n');
  mkdirSync(join(dir, '.git'), { recursive: true });
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(dir, '.gitignore'), 'coverage/\n');
  mkdirSync(join(dir, 'coverage'), { recursive: true });
  writeFileSync(join(dir, 'coverage', 'lcov.info'), 'TN:\n');
}

/** A running Paige for one spec file. */
export interface Paige {
  url: string;
  port: number;
  projectDir: string;
  dataDir: string;
  stub: MessagesApiStub;
  script: StubScript;
  /** Everything the server printed (JSON log lines). */
  log(): string;
  /** Calls an MCP tool with the real MCP SDK client (one session per Paige); throws on a tool error. */
  tool(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Stops the server process (SIGTERM) and starts it again on the same port, data and project. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Options of {@link startPaige}. */
export interface StartPaigeOptions {
  /** Answers stand-in requests first (`undefined`: the default replies below, then the stand-in's sampled default). */
  reply?: (request: StubRequest) => StubReply | undefined;
}

/** Starts the stand-in and the built server. `env` adds (or overrides) server environment variables. */
export async function startPaige(
  env: Record<string, string> = {},
  options: StartPaigeOptions = {},
): Promise<Paige> {
  if (!existsSync(serverMain)) throw new Error(`${serverMain} is missing: run \`pnpm build\` first`);
  const tmp = mkdtempSync(join(tmpdir(), 'paige-browser-'));
  const projectDir = join(tmp, 'project');
  const dataDir = join(tmp, 'data');
  mkdirSync(projectDir);
  makeProject(projectDir);
  const script: StubScript = { nudge: false, explainDelayMs: 0 };
  const stub = await startMessagesApiStub({
    handler: (request): StubReply | undefined => {
      const scripted = options.reply?.(request);
      if (scripted) return scripted;
      switch (callType(request)) {
        case 'coach':
          return textReply(COACH_PLAN);
        case 'explain':
          return script.explainDelayMs > 0
            ? { kind: 'slow', ms: script.explainDelayMs, reply: textReply(EXPLANATION) }
            : textReply(EXPLANATION);
        case 'triage': {
          const nudge = script.nudge;
          script.nudge = false;
          return textReply(
            nudge
              ? {
                  should_nudge: true,
                  confidence: 0.92,
                  signal: 'stuck_on_implementation',
                  reasoning: 'Several edits to the same lines without progress.',
                  suggested_context: {
                    current_file: TARGET_FILE,
                    expected_file: TARGET_FILE,
                    time_in_file: '4m',
                    phase_description: 'Trace the suggestion logic',
                  },
                }
              : {
                  should_nudge: false,
                  confidence: 0.2,
                  signal: 'no_nudge',
                  reasoning: 'The learner is making progress.',
                },
          );
        }
        default:
          return undefined;
      }
    },
  });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  let child: ChildProcess | undefined;
  let mcp: { client: Client; transport: StreamableHTTPClientTransport } | undefined;

  const start = async () => {
    child = spawn(process.execPath, [serverMain], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmp,
        PROJECT_DIR: projectDir,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        ANTHROPIC_API_KEY: 'sk-ant-browser-tests',
        ANTHROPIC_BASE_URL: stub.url,
        PAIGE_START_CHROMA: 'false',
        PAIGE_TOKEN: TEST_TOKEN,
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`the server exited with code ${child.exitCode}:\n${output}`);
      try {
        if ((await fetch(`${url}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the server did not answer /health within 20 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const stopChild = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  const closeMcp = async () => {
    const m = mcp;
    mcp = undefined;
    if (!m) return;
    await m.transport.terminateSession().catch(() => undefined);
    await m.client.close().catch(() => undefined);
  };

  await start();
  return {
    url,
    port,
    projectDir,
    dataDir,
    stub,
    script,
    log: () => output,
    async tool(name, args) {
      if (!mcp) {
        const transport = new StreamableHTTPClientTransport(new URL('/mcp', url));
        const client = new Client({ name: 'paige-browser-tests', version: '1.0.0' });
        await client.connect(transport);
        mcp = { client, transport };
      }
      const res = await mcp.client.callTool({ name, arguments: args });
      const text = (res.content as Array<{ text?: string }>)[0]?.text ?? '';
      if (res.isError === true) throw new Error(`${name} failed: ${text}`);
      return (res.structuredContent ?? {}) as Record<string, unknown>;
    },
    async restart() {
      await closeMcp();
      await stopChild();
      await start();
    },
    async stop() {
      await closeMcp();
      await stopChild();
      await stub.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Reads a project file from disk. */
export function readProjectFile(paige: Paige, path: string): string {
  return readFileSync(join(paige.projectDir, path), 'utf8');
}
