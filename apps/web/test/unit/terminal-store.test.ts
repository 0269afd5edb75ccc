/**
 * Issue 25 item 3 and issue 23 item 3: the terminal store against a fake `/ws` and a fake `/pty` (the real
 * `@paige/client` and `@paige/client/pty` over in-memory sockets). A session opens once `/ws` is open and the server
 * serves a terminal; an Observer nudge becomes a marked check-in typed into Claude Code; the learner's keystrokes
 * during it are held until its Enter, never lost; the answer is recorded for the breadcrumb; the backend hears
 * `observer:nudge_delivered`; a shell never gets a nudge.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerPayload } from '@paige/protocol';
import { createObserverStore, type ObserverStore } from '../../src/state/observer-store.js';
import { createTerminalStore, type TerminalStore } from '../../src/state/terminal-store.js';
import { fakePty, fakeServer, type FakeServer, type FakeSocket } from './support/fake-server.js';

const nudge: ServerPayload<'observer:nudge'> = {
  signal: 'wrong_file',
  confidence: 0.85,
  context: {
    current_file: 'src/middleware/auth.ts',
    expected_file: 'src/handlers/oauth.ts',
    time_in_file: '3m12s',
    phase_description: 'Find the OAuth callback handler',
  },
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ts = () => new Date().toISOString();
/** The `pty:input` texts the page sent on a `/pty` socket. */
const inputs = (s: FakeSocket) =>
  s
    .json()
    .filter((m) => m.type === 'pty:input')
    .map((m) => m.payload.data as string);

let server: FakeServer;
let observer: ObserverStore;
let term: TerminalStore;
afterEach(() => {
  term?.dispose();
  observer?.dispose();
  server?.client.close();
});

async function running(kind: 'claude' | 'shell') {
  server = await fakeServer({ terminal: true });
  observer = createObserverStore(server.client);
  const pty = fakePty();
  term = createTerminalStore(server.client, observer, {
    url: 'ws://127.0.0.1:1/pty',
    createSocket: pty.create,
    quietOutputMs: 20,
    quietInputMs: 20,
    answerQuietMs: 60,
  });
  await wait(0);
  const socket = pty.sockets[0]!;
  expect(term.store.get().status).toBe('connecting');
  socket.receive({
    type: 'pty:started',
    timestamp: ts(),
    payload: { pid: 9, kind, command: kind === 'claude' ? 'claude' : 'bash', cols: 80, rows: 24 },
  });
  await wait(30); // the start screen's quiet time
  return socket;
}

describe('Issue 25 item 3: the terminal store', () => {
  it('opens a session when /ws is open; says terminal:ready; keystrokes go to the PTY', async () => {
    const socket = await running('shell');
    expect(term.store.get()).toMatchObject({ status: 'running', kind: 'shell', command: 'bash', session: 1 });
    expect(server.sent('terminal:ready')).toEqual([
      { type: 'terminal:ready', payload: { cols: 80, rows: 24 } },
    ]);
    term.input('ls\r');
    expect(inputs(socket)).toEqual(['ls\r']);
    const out: string[] = [];
    term.onOutput((b) => out.push(new TextDecoder().decode(b)));
    socket.receive(new TextEncoder().encode('a.txt\r\n'));
    expect(out).toEqual(['a.txt\r\n']);
  });

  it('a shell never gets a nudge: it is dropped as not_claude_code and the backend hears so', async () => {
    const socket = await running('shell');
    server.push('observer:nudge', nudge);
    await wait(50);
    expect(inputs(socket)).toEqual([]);
    expect(server.sent('observer:nudge_delivered')).toEqual([
      {
        type: 'observer:nudge_delivered',
        payload: { signal: 'wrong_file', delivered: false, reason: 'not_claude_code' },
      },
    ]);
    expect(term.store.get().checkIns).toEqual([]);
  });
});

describe('Issue 23 item 3: the quiet check-in through the terminal store', () => {
  it('types a marked check-in, holds the learner’s keystrokes until its Enter, and records the answer', async () => {
    const socket = await running('claude');
    server.push('observer:nudge', nudge);
    await wait(40);
    const [prompt] = inputs(socket);
    expect(prompt).toMatch(
      /^\[Paige check-in\] wrong_file \(confidence 0\.85\) \| in src\/middleware\/auth\.ts for 3m12s/,
    );
    // The learner types while the check-in waits for its Enter: nothing goes into the check-in's line.
    term.input('o');
    term.input('k');
    expect(inputs(socket)).toEqual([prompt]);
    await wait(450);
    expect(inputs(socket)).toEqual([prompt, '\r', 'o', 'k']);
    expect(server.sent('observer:nudge_delivered')).toEqual([
      { type: 'observer:nudge_delivered', payload: { signal: 'wrong_file', delivered: true } },
    ]);
    const answering = term.store.get().checkIns;
    expect(answering).toHaveLength(1);
    expect(answering[0]).toMatchObject({ signal: 'wrong_file', status: 'answering', prompt });
    // Claude Code echoes the prompt and answers; then it goes quiet.
    socket.receive(
      new TextEncoder().encode(
        `> ${prompt}\r\n\x1b[2K\r✻ Thinking… (esc to interrupt)\r\x1b[2K● The callback is in src/handlers/oauth.ts: shall we open it?\r\n> `,
      ),
    );
    await wait(120);
    const [done] = term.store.get().checkIns;
    expect(done).toMatchObject({
      status: 'answered',
      answer: '● The callback is in src/handlers/oauth.ts: shall we open it?',
    });
    expect(observer.store.get().nudges[0]?.delivery).toMatchObject({ status: 'delivered' });
  });

  it('a session that ends while Claude Code answers leaves the check-in interrupted', async () => {
    const socket = await running('claude');
    server.push('observer:nudge', nudge);
    await wait(460);
    socket.receive(new TextEncoder().encode('● Half an ans'));
    socket.receive({ type: 'pty:exit', timestamp: ts(), payload: { exitCode: 0, signal: null } });
    expect(term.store.get().checkIns[0]).toMatchObject({ status: 'interrupted', answer: '● Half an ans' });
    expect(term.store.get().status).toBe('exited');
  });
});
