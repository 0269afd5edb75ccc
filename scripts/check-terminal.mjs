#!/usr/bin/env node
/**
 * `pnpm check:terminal` (issue 17, not part of CI: it downloads Claude Code): Claude Code itself in Paige's terminal.
 *
 * 1. Installs `@anthropic-ai/claude-code` on demand into a temp dir (`CLAUDE_CODE_VERSION` pins a version; default
 *    latest; `CLAUDE_BIN=/path/to/claude` uses an installed one instead).
 * 2. Starts the Messages-API stand-in (`@paige/llm/testing`; every reply says `[stand-in]`) and the built server on a
 *    temp copy of a small project, with `claude` first on `PATH`, so the terminal runs
 *    `claude --plugin-dir apps/claude-plugin` with `PAIGE_URL` and `ANTHROPIC_BASE_URL` pointing at them. Claude Code's
 *    first-run dialogs are answered in a temp `HOME` (onboarding done, the project trusted, the key approved).
 * 3. Checks, in order: `/pty` starts a `claude` session; the plugin's SessionStart hook starts a backend session
 *    (`session:started` on `/ws`); Claude Code draws its prompt; a check-in typed into the terminal the way the face
 *    types it (`@paige/client/pty`'s `formatCheckInPrompt`, Enter 500 ms later; issue 23 item 3) reaches the
 *    stand-in as a user turn that the plugin's UserPromptSubmit hook marked as the editor's, the reply is drawn, and
 *    the face's check-in recorder (`createCheckInRecorder`, fed the same PTY bytes) keeps it as the breadcrumb's
 *    answer once Claude Code is idle (printed); a prompt typed afterwards still gets its reply (the terminal is
 *    readable: nothing was hidden from it).
 *
 * Exit 0 when every check passed, 1 otherwise (the screen tail and the server log tail are printed; `--show-screen`
 * prints them on success too). `--keep` keeps the temp dirs.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const showScreen = process.argv.includes('--show-screen');
const serverMain = join(root, 'apps/server/dist/main.js');
const { startMessagesApiStub, textReply } = await import(join(root, 'packages/llm/dist/testing.js'));
const { createCheckInRecorder, formatCheckInPrompt } = await import(
  join(root, 'packages/client/dist/pty/index.js')
);
const WebSocket = createRequire(join(root, 'apps/server/package.json'))('ws');

const tmp = mkdtempSync(join(tmpdir(), 'paige-check-terminal-'));
const results = [];
let server;
let stub;
let serverLog = '';
let screen = '';

function step(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? `: ${detail}` : ''}`);
  return ok;
}

/** The terminal output without escape sequences, for matching and for the failure report. */
const plain = (s) =>
  s
    .replace(/\x1b\[[0-9;?<>=]*[ -/]*[@-~]/g, ' ')
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, '')
    .replace(/\x1b[()][0-9A-Za-z]/g, '')
    .replace(/\x1b[=>78cDEHMNOZ]/g, '')
    .replace(/[\x00-\x08\x0b-\x1f]/g, '');

async function until(what, pred, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function installClaude() {
  if (process.env.CLAUDE_BIN) return process.env.CLAUDE_BIN;
  const prefix = join(tmp, 'claude-code');
  const version = process.env.CLAUDE_CODE_VERSION ?? 'latest';
  console.log(`Installing @anthropic-ai/claude-code@${version} into ${prefix} ...`);
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `@anthropic-ai/claude-code@${version}`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return join(prefix, 'node_modules', '.bin', 'claude');
}

async function main() {
  if (!existsSync(serverMain))
    throw new Error(`build first: ${serverMain} is missing (pnpm check:terminal builds it)`);
  const claude = installClaude();
  const version = execFileSync(claude, ['--version'], { encoding: 'utf8' }).trim();
  console.log(`Claude Code ${version}`);

  const projectDir = join(tmp, 'project');
  mkdirSync(join(projectDir, 'src'), { recursive: true });
  writeFileSync(join(projectDir, 'README.md'), '# greeter\n\nA tiny project for the terminal check.\n');
  writeFileSync(
    join(projectDir, 'src/greet.js'),
    'export function greet(name) {\n  return `Hello, ${name}`;\n}\n',
  );
  writeFileSync(join(projectDir, '.paige.json'), '{ "issue": 1 }\n');
  const dataDir = join(tmp, 'data');
  const home = join(tmp, 'home');
  mkdirSync(join(home, '.claude'), { recursive: true });
  const apiKey = 'sk-ant-paige-check-terminal-0123456789abcdef';
  // Claude Code's first-run dialogs, answered: onboarding done, this project trusted, the environment's key approved.
  const claudeState = {
    hasCompletedOnboarding: true,
    lastOnboardingVersion: version.split(' ')[0],
    theme: 'dark',
    bypassPermissionsModeAccepted: false,
    customApiKeyResponses: { approved: [apiKey.slice(-20)], rejected: [] },
    projects: {
      [projectDir]: { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true, allowedTools: [] },
    },
  };
  writeFileSync(join(home, '.claude.json'), JSON.stringify(claudeState, null, 2));

  stub = await startMessagesApiStub({
    handler: (req) =>
      req.schema
        ? undefined
        : textReply(
            `[stand-in] Paige here: let us look at ${req.messages.length > 0 ? 'your question' : 'it'} together.`,
          ),
  });
  const port = await freePort();
  const env = {
    PATH: `${dirname(claude)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home,
    LANG: 'C.UTF-8',
    SHELL: '/bin/sh',
    PROJECT_DIR: projectDir,
    DATA_DIR: dataDir,
    PORT: String(port),
    ANTHROPIC_API_KEY: apiKey,
    ANTHROPIC_BASE_URL: stub.url,
    PAIGE_START_CHROMA: 'false',
    PAIGE_WATCH: 'false',
    LOG_LEVEL: 'info',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  };
  server = spawn(process.execPath, [serverMain], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => (serverLog += d.toString()));
  server.stderr.on('data', (d) => (serverLog += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const runtime = await until(
    'server',
    () => {
      try {
        const info = JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8'));
        return info.pid === server.pid ? info : undefined;
      } catch {
        return undefined;
      }
    },
    30_000,
  );
  if (!step('the server starts and writes DATA_DIR/server.json', Boolean(runtime))) return;
  const auth = { headers: { authorization: `Bearer ${runtime.token}` } };

  // the face's /ws, to see the session the hook starts
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, auth);
  const wsMessages = [];
  ws.on('message', (d) => wsMessages.push(JSON.parse(d.toString())));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(
    JSON.stringify({
      type: 'connection:hello',
      payload: { version: '1.0.0', platform: 'check', windowSize: { width: 1200, height: 800 } },
    }),
  );

  const pty = new WebSocket(`${url.replace('http', 'ws')}/pty?cols=120&rows=40`, auth);
  const ptyMessages = [];
  let raw = '';
  const records = [];
  const recorder = createCheckInRecorder({ onChange: (r) => records.push(r) });
  pty.on('message', (d, isBinary) => {
    if (isBinary) {
      recorder.noteOutput(new Uint8Array(d));
      raw += d.toString('utf8');
      screen = plain(raw);
    } else ptyMessages.push(JSON.parse(d.toString()));
  });
  await new Promise((resolve, reject) => {
    pty.once('open', resolve);
    pty.once('error', reject);
  });
  const input = (data) => pty.send(JSON.stringify({ type: 'pty:input', payload: { data } }));
  const started = await until('pty:started', () => ptyMessages.find((m) => m.type === 'pty:started'), 10_000);
  if (
    !step(
      '/pty starts Claude Code (kind claude)',
      started?.payload.kind === 'claude',
      started ? JSON.stringify(started.payload) : 'no pty:started',
    )
  )
    return;

  const session = await until(
    'session:started',
    () => wsMessages.find((m) => m.type === 'session:started'),
    60_000,
  );
  step(
    "the plugin's SessionStart hook starts a backend session (session:started on /ws)",
    Boolean(session),
    session ? `session ${session.payload.sessionId}` : '',
  );

  // Claude Code is ready when its input box is drawn and the output has gone quiet for a moment
  let lastLength = -1;
  let quietSince = Date.now();
  const ready = await until(
    'prompt',
    () => {
      if (raw.length !== lastLength) {
        lastLength = raw.length;
        quietSince = Date.now();
      }
      return (
        /[>❯]/.test(screen) &&
        Date.now() - quietSince > 1500 &&
        ptyMessages.every((m) => m.type !== 'pty:exit')
      );
    },
    60_000,
  );
  if (!step('Claude Code draws its prompt and goes idle', Boolean(ready))) return;

  // the check-in, typed the way the face types it (issue 23 item 3: one marked line, then Enter)
  const nudge = {
    signal: 'stuck_on_implementation',
    confidence: 0.86,
    context: {
      current_file: 'src/greet.js',
      expected_file: null,
      time_in_file: '4m',
      phase_description: 'Return a greeting',
    },
  };
  const prompt = formatCheckInPrompt(nudge);
  const before = stub.requests.length;
  input(prompt);
  await new Promise((r) => setTimeout(r, 500));
  input('\r');
  recorder.begin(nudge, prompt);
  const turn = await until(
    'check-in turn',
    () => stub.requests.slice(before).find((r) => JSON.stringify(r.messages).includes('[Paige check-in]')),
    60_000,
  );
  step(
    'the check-in reaches Claude Code as a user turn (a Messages request carrying [Paige check-in])',
    Boolean(turn),
    turn ? `model ${turn.model}, ${turn.messages.length} messages` : '',
  );
  // Claude Code may send a short side request with the prompt alone first; the main turn carries the hook's context.
  const marked = await until(
    'marked turn',
    () =>
      stub.requests
        .slice(before)
        .find(
          (r) =>
            JSON.stringify(r).includes('[Paige check-in]') &&
            JSON.stringify(r).includes("Observer check-in written by Paige's editor, not typed by the user"),
        ),
    30_000,
  );
  step("the plugin's UserPromptSubmit hook marks it as the editor's, not the learner's", Boolean(marked));
  const answered = await until('reply drawn', () => /\[stand-in\] Paige here/.test(screen), 30_000);
  step("Claude Code draws the stand-in's reply", Boolean(answered));
  const record = await until(
    'check-in recorded',
    () => records.find((r) => r.status !== 'answering'),
    60_000,
  );
  step(
    'the face\'s recorder keeps the answer once Claude Code is idle (the breadcrumb\'s "what Paige answered")',
    record?.status === 'answered' &&
      record.answer.includes('[stand-in] Paige here') &&
      !record.answer.includes('[Paige check-in]'),
    record ? `${record.status} after ${record.endedAt - record.at} ms` : 'nothing recorded',
  );
  if (record)
    console.log(`--- recorded answer (${record.answer.length} characters) ---\n${record.answer}\n---`);
  // The terminal stays usable: an ordinary prompt afterwards gets its own reply.
  const replies = (screen.match(/\[stand-in\] Paige here/g) ?? []).length;
  input('thanks, what next?');
  await new Promise((r) => setTimeout(r, 500));
  input('\r');
  const after = await until(
    'second reply',
    () => (screen.match(/\[stand-in\] Paige here/g) ?? []).length > replies,
    60_000,
  );
  step('a prompt typed after the check-in gets its reply (the terminal is readable)', Boolean(after));
  recorder.dispose();
  // CHECK_TERMINAL_RAW=<file>: the raw terminal output, to study how Claude Code draws (not for CI).
  if (process.env.CHECK_TERMINAL_RAW) writeFileSync(process.env.CHECK_TERMINAL_RAW, raw);

  pty.close();
  ws.close();
}

let failed = false;
try {
  await main();
} catch (err) {
  failed = true;
  console.error(`check:terminal failed: ${err instanceof Error ? err.message : String(err)}`);
}
failed ||= results.length === 0 || results.some((r) => !r.ok) || results.length < 9;
if (failed || showScreen) {
  console.log('\n--- terminal screen (last 2,000 characters, escape sequences removed) ---');
  console.log(screen.slice(-2000));
  console.log('\n--- server log (last 3,000 characters) ---');
  console.log(serverLog.slice(-3000));
  if (stub)
    console.log(
      `\nstand-in requests: ${stub.requests.map((r) => `${r.method} ${r.path} ${r.model ?? ''}`).join('; ')}`,
    );
}
if (server && server.exitCode === null) {
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
}
await stub?.stop();
if (keep) console.log(`kept ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });
console.log(failed ? '\ncheck:terminal: FAILED' : '\ncheck:terminal: all checks passed');
process.exit(failed ? 1 : 0);
