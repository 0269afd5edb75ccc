/**
 * Issue 25 item 2 (wire format: packages/terminal/README.md "The `/pty` wire format"): the `/pty` client against an
 * injected in-memory socket: output bytes handed on untouched, input split at the protocol's limit and held until
 * `pty:started`, binary input, resize only on change, invalid server frames reported not thrown, how the socket ended.
 */
import { PTY_LIMITS } from '@paige/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { openPtyConnection, splitInput, type PtyClose, type PtySocketLike } from '../src/pty/index.js';
import { FakeSocket } from './support/fake-socket.js';

const ts = () => new Date().toISOString();
const started = (over: Record<string, unknown> = {}) => ({
  type: 'pty:started',
  timestamp: ts(),
  payload: { pid: 42, kind: 'claude', command: 'claude', cols: 100, rows: 30, ...over },
});

afterEach(() => {
  FakeSocket.instances = [];
});

function open(options: { size?: { cols: number; rows: number } } = {}) {
  const warnings: string[] = [];
  const conn = openPtyConnection({
    url: 'ws://127.0.0.1:9/pty',
    size: options.size ?? { cols: 100, rows: 30 },
    createSocket: (url) => new FakeSocket(url) as unknown as PtySocketLike,
    onInvalidFrame: (m) => warnings.push(m),
  });
  const socket = FakeSocket.instances.at(-1)!;
  return { conn, socket, warnings };
}

describe('Issue 25 item 2: the /pty client over an injected socket', () => {
  it('opens with the size in the URL and binary frames as ArrayBuffers; output is handed on byte for byte', () => {
    const { conn, socket } = open({ size: { cols: 90, rows: 20 } });
    expect(new URL(socket.url).searchParams.get('cols')).toBe('90');
    expect(new URL(socket.url).searchParams.get('rows')).toBe('20');
    expect(socket.binaryType).toBe('arraybuffer');
    expect(conn.state).toBe('connecting');
    socket.open();
    const got: number[][] = [];
    const off = conn.onOutput((b) => got.push([...b]));
    socket.receive(started());
    expect(conn.state).toBe('running');
    expect(conn.started).toMatchObject({ pid: 42, kind: 'claude' });
    // half of a UTF-8 sequence in one frame, the rest in the next: passed on as is
    socket.receive(Uint8Array.from([0x68, 0xe2, 0x9c]));
    socket.receive(Uint8Array.from([0xbb]));
    expect(got).toEqual([[0x68, 0xe2, 0x9c], [0xbb]]);
    expect(conn.bytesIn).toBe(4);
    off();
    socket.receive(Uint8Array.from([1]));
    expect(got).toHaveLength(2);
  });

  it('typing before pty:started waits and goes out when the session starts, with the latest size', () => {
    const { conn, socket } = open();
    socket.open();
    expect(conn.input('ls')).toBe(true);
    expect(conn.resize(120, 40)).toBe(true);
    expect(socket.json()).toEqual([]);
    socket.receive(started());
    expect(socket.json()).toEqual([
      { type: 'pty:input', payload: { data: 'ls' } },
      { type: 'pty:resize', payload: { cols: 120, rows: 40 } },
    ]);
    // same size again: nothing; invalid size: refused
    expect(conn.resize(120, 40)).toBe(true);
    expect(conn.resize(0, 10)).toBe(false);
    expect(socket.json()).toHaveLength(2);
  });

  it('splits long input at the protocol limit without breaking a surrogate pair; binary input becomes bytes', () => {
    const { conn, socket } = open();
    socket.open();
    socket.receive(started());
    const max = PTY_LIMITS.maxInputChars;
    const text = `${'a'.repeat(max - 1)}😀b`;
    expect(splitInput(text)).toEqual(['a'.repeat(max - 1), '😀b']);
    conn.input(text);
    expect(socket.json().map((m) => (m.payload as { data: string }).data.length)).toEqual([max - 1, 3]);
    conn.inputBinary('\x1b[M !!');
    const bin = socket.sent.at(-1);
    expect(bin).toBeInstanceOf(Uint8Array);
    expect([...(bin as Uint8Array)]).toEqual([0x1b, 0x5b, 0x4d, 0x20, 0x21, 0x21]);
  });

  it('an invalid text frame is reported and dropped; pty:error and pty:exit reach their handlers; no input after exit', () => {
    const { conn, socket, warnings } = open();
    socket.open();
    socket.receive(started());
    const errors: string[] = [];
    const exits: unknown[] = [];
    conn.onError((e) => errors.push(e.code));
    conn.onExit((e) => exits.push(e));
    socket.receive('{not json');
    socket.receive({ type: 'pty:started', payload: { pid: 'x' }, timestamp: ts() });
    expect(warnings).toHaveLength(2);
    socket.receive({
      type: 'pty:error',
      timestamp: ts(),
      payload: { code: 'INVALID_PAYLOAD', message: 'bad' },
    });
    socket.receive({ type: 'pty:exit', timestamp: ts(), payload: { exitCode: 3, signal: null } });
    expect(errors).toEqual(['INVALID_PAYLOAD']);
    expect(exits).toEqual([{ exitCode: 3, signal: null }]);
    expect(conn.state).toBe('exited');
    const before = socket.sent.length;
    expect(conn.input('x')).toBe(false);
    expect(socket.sent.length).toBe(before);
  });

  it('reports how the socket ended: by the server after exit, or by this side; close is idempotent', () => {
    const a = open();
    a.socket.open();
    a.socket.receive(started());
    const closes: PtyClose[] = [];
    a.conn.onClose((c) => closes.push(c));
    a.socket.serverClose(1001, 'shutting down');
    expect(closes).toEqual([
      { code: 1001, reason: 'shutting down', started: true, exited: false, byClient: false },
    ]);
    expect(a.conn.state).toBe('closed');

    const b = open();
    b.socket.open();
    const bCloses: PtyClose[] = [];
    b.conn.onClose((c) => bCloses.push(c));
    b.conn.close();
    b.conn.close();
    expect(b.socket.closedWith).toEqual({ code: 1000, reason: undefined });
    expect(bCloses).toEqual([{ code: 1000, reason: '', started: false, exited: false, byClient: true }]);
  });

  it('a throwing output handler does not stop the others', () => {
    const { conn, socket } = open();
    socket.open();
    socket.receive(started());
    const seen: string[] = [];
    conn.onStarted(() => {
      throw new Error('view bug');
    });
    conn.onStarted(() => seen.push('second'));
    const g = globalThis as { reportError?: (e: unknown) => void };
    const saved = g.reportError;
    const reported: unknown[] = [];
    g.reportError = (e) => reported.push(e);
    try {
      // a second pty:started (a restart on the same socket is not a thing; this drives the handlers again)
      socket.receive(started({ pid: 43 }));
    } finally {
      g.reportError = saved;
    }
    expect(seen).toEqual(['second']);
    expect(reported).toHaveLength(1);
  });
});
