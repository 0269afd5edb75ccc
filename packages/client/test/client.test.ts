/**
 * `@paige/client` against the real built server (issue 16 item 1): handshake, id-matched requests, typed
 * subscriptions, timeouts, invalid frames, reconnect after a real restart on the same port, resync, offline queue.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import {
  connect,
  createClient,
  isPaigeClientError,
  PaigeClientError,
  type ConnectionState,
  type PaigeClient,
} from '../src/index.js';
import { startRealServer, until, wsSocket, type RealServer } from './support/server.js';

const FILES = {
  'src/auth.ts': 'export function login(user: string) {\n  return user.length > 0;\n}\n',
  'src/util/math.ts': 'export const add = (a: number, b: number) => a + b;\n',
  'README.md': '# project\n',
  'node_modules/left-pad/index.js': 'module.exports = 1;\n',
};

describe('Issue 16 item 1: @paige/client against the real server', () => {
  let server: RealServer;
  const clients: PaigeClient[] = [];
  const open = async (opts: Parameters<typeof connect>[1] = {}) => {
    const c = await connect(server.wsUrl, { createSocket: wsSocket, ...opts });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startRealServer(FILES);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.dispose();
  });

  it('connect() sends connection:hello and resolves with connection:init; the resync tree follows', async () => {
    const client = createClient({
      url: server.wsUrl,
      createSocket: wsSocket,
      hello: { version: '9.9.9', platform: 'electron-test', windowSize: { width: 800, height: 600 } },
    });
    clients.push(client);
    const states: ConnectionState[] = [];
    client.onState((s) => states.push(s));
    const tree = new Promise<unknown>((resolve) => client.on('fs:tree', (p) => resolve(p.root)));
    expect(client.state).toBe('idle');
    const init = await client.connect();
    expect(init.connectionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(init.sessionId).toBeNull();
    expect(init.capabilities.clientMessages).toContain('buffer:edit');
    expect(client.init).toEqual(init);
    expect(client.state).toBe('open');
    expect(states).toEqual(['connecting', 'open']);
    const root = (await tree) as { children?: Array<{ name: string }> };
    const names = (root.children ?? []).map((c) => c.name);
    expect(names).toContain('src');
    expect(names).not.toContain('node_modules');
    // connect() again while open resolves at once with the same init
    await expect(client.connect()).resolves.toEqual(init);
  });

  it('request() matches parallel replies by id, typed by the request -> reply map, error replies included', async () => {
    const client = await open();
    const [a, b, missing, saved] = await Promise.all([
      client.request('file:open', { path: 'src/auth.ts' }),
      client.request('file:open', { path: 'src/util/math.ts' }),
      client.request('file:open', { path: 'src/nope.ts' }),
      client.request('file:save', {
        path: 'src/util/math.ts',
        content: 'export const add = 1;\n',
        baseHash: '0'.repeat(64),
      }),
    ]);
    expect(a.type).toBe('fs:content');
    if (a.type !== 'fs:content' || b.type !== 'fs:content') throw new Error('unreachable');
    expect(a.payload.path).toBe('src/auth.ts');
    expect(a.payload.content).toBe(FILES['src/auth.ts']);
    expect(a.payload.language).toBe('typescript');
    expect(b.payload.path).toBe('src/util/math.ts');
    expect(a.id).not.toBe(b.id);
    expect(missing.type).toBe('connection:error');
    if (missing.type === 'connection:error') expect(missing.payload.code).toBe('FILE_NOT_FOUND');
    expect(saved.type).toBe('fs:save_error');
    if (saved.type === 'fs:save_error') expect(saved.payload.code).toBe('CONFLICT');
  });

  it('session:start and session:end are requests answered by the lifecycle broadcasts; a second end is NO_ACTIVE_SESSION', async () => {
    const client = await open();
    const watcher = await open();
    const seen: Array<string | undefined> = [];
    watcher.on('session:started', (_p, m) => seen.push(m.id));
    const started = await client.request('session:start', { issueNumber: 16, issueTitle: 'The face' });
    if (started.type !== 'session:started') throw new Error(JSON.stringify(started.payload));
    expect(started.payload.issueContext).toMatchObject({ number: 16, title: 'The face' });
    const ended = await client.request('session:end', {});
    expect(ended).toMatchObject({ type: 'session:ended', payload: { sessionId: started.payload.sessionId } });
    const again = await client.request('session:end', {});
    expect(again).toMatchObject({ type: 'connection:error', payload: { code: 'NO_ACTIVE_SESSION' } });
    await until(() => seen.length === 1, 3000, 'the other window saw the start');
    expect(seen).toEqual([undefined]);
  });

  it('on() delivers typed payloads (including replies) and unsubscribes', async () => {
    const client = await open();
    const seen: string[] = [];
    const off = client.on('fs:content', (payload, message) =>
      seen.push(`${payload.path}:${message.id ?? ''}`),
    );
    const reply = await client.request('file:open', { path: 'README.md' }, { id: 'my-own-id' });
    expect(reply.id).toBe('my-own-id');
    expect(seen).toEqual(['README.md:my-own-id']);
    off();
    await client.request('file:open', { path: 'README.md' });
    expect(seen).toHaveLength(1);
  });

  it('send() validates the payload before anything leaves: a bad one throws INVALID_MESSAGE and the connection lives', async () => {
    const client = await open();
    expect(() => client.send('file:open', { path: '' })).toThrow(PaigeClientError);
    try {
      client.send('buffer:update', { path: 'a.ts', content: 'x', cursorPosition: { line: 0, column: 1 } });
    } catch (err) {
      expect(isPaigeClientError(err, 'INVALID_MESSAGE')).toBe(true);
      expect((err as Error).message).toMatch(/cursorPosition\.line/);
    }
    await expect(client.request('file:open', { path: 'README.md' })).resolves.toMatchObject({
      type: 'fs:content',
    });
  });

  it('a reply that never comes rejects REQUEST_TIMEOUT (a model call that hangs), and the client stays usable', async () => {
    // A Messages API that accepts the request and never answers: Explain This waits on it.
    const hanging: Server = createHttpServer(() => undefined);
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', () => r()));
    const slow = await startRealServer(FILES, {
      ANTHROPIC_BASE_URL: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
    });
    try {
      const client = await connect(slow.wsUrl, { createSocket: wsSocket, requestTimeoutMs: 400 });
      clients.push(client);
      const started = Date.now();
      const err = await client
        .request('user:explain', {
          path: 'src/auth.ts',
          range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 10 },
          selectedText: 'export fu',
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(isPaigeClientError(err, 'REQUEST_TIMEOUT')).toBe(true);
      expect((err as PaigeClientError).type).toBe('user:explain');
      expect(Date.now() - started).toBeGreaterThanOrEqual(390);
      // (the explain feature's first use loads the model stack, which can hold the event loop for a moment)
      await expect(
        client.request('file:open', { path: 'README.md' }, { timeoutMs: 15_000 }),
      ).resolves.toMatchObject({ type: 'fs:content' });
      client.close();
    } finally {
      hanging.closeAllConnections();
      hanging.close();
      await slow.dispose();
    }
  });

  it('reconnects after the server restarts on the same port: states, resync before the resync messages, queued sends flushed', async () => {
    const client = createClient({
      url: server.wsUrl,
      createSocket: wsSocket,
      reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
      idPrefix: 'r',
    });
    clients.push(client);
    const events: string[] = [];
    client.on('fs:tree', () => events.push('fs:tree'));
    const first = await client.connect();
    await until(() => events.includes('fs:tree'), 5000, 'first tree');
    events.length = 0;
    client.onState((s) => events.push(`state:${s}`));
    client.onResync((init) =>
      events.push(`resync:${init.connectionId === first.connectionId ? 'same' : 'new'}`),
    );

    await server.stop();
    await until(() => client.state === 'reconnecting', 5000, 'reconnecting');
    expect(client.nextReconnectAt).toBeGreaterThan(0);
    // Offline: the send is queued, the request waits (its timeout runs from the call).
    client.send('buffer:update', {
      path: 'src/auth.ts',
      content: 'typed while offline\n',
      cursorPosition: { line: 1, column: 20 },
    });
    const reply = client.request('file:open', { path: 'src/util/math.ts' }, { timeoutMs: 20_000 });
    await server.start();

    const opened = await reply;
    expect(opened.type).toBe('fs:content');
    await until(() => events.includes('fs:tree'), 5000, 'resync tree');
    expect(client.state).toBe('open');
    expect(client.init?.connectionId).not.toBe(first.connectionId);
    // reconnecting (possibly several failed attempts), then the resync handler before subscribers hear `open`,
    // and before the server's resync messages are dispatched.
    const resyncAt = events.indexOf('resync:new');
    expect(events[0]).toBe('state:reconnecting');
    expect(resyncAt).toBeGreaterThan(0);
    expect(events[resyncAt + 1]).toBe('state:open');
    expect(events.indexOf('fs:tree')).toBeGreaterThan(resyncAt);
    // the queued buffer update reached the restarted server
    const mcp = await server.mcp();
    try {
      const r = await mcp.client.callTool({ name: 'paige_get_buffer', arguments: { path: 'src/auth.ts' } });
      expect((r.structuredContent as { buffer: { content: string } | null }).buffer?.content).toBe(
        'typed while offline\n',
      );
    } finally {
      await mcp.close();
    }
  });

  it('requests made before connect() wait in the bounded queue: the overflowed one rejects QUEUE_OVERFLOW, the rest go out after init', async () => {
    const client = createClient({ url: server.wsUrl, createSocket: wsSocket, maxQueuedMessages: 2 });
    clients.push(client);
    const first = client.request('file:open', { path: 'README.md' });
    const second = client.request('file:open', { path: 'src/auth.ts' });
    const third = client.request('file:open', { path: 'src/util/math.ts' });
    await expect(first).rejects.toMatchObject({ code: 'QUEUE_OVERFLOW', type: 'file:open' });
    expect(client.state).toBe('idle');
    await client.connect();
    expect((await second).payload).toMatchObject({ path: 'src/auth.ts' });
    expect((await third).payload).toMatchObject({ path: 'src/util/math.ts' });
  });

  it('close() rejects pending requests with CONNECTION_CLOSED, ends in state closed and refuses later sends', async () => {
    const client = await open();
    const pending = client.request('file:open', { path: 'README.md' });
    client.close();
    await expect(pending).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(client.state).toBe('closed');
    expect(() => client.send('file:open', { path: 'README.md' })).toThrow(/closed/);
  });

  it('retries with exponential backoff and jitter (delay = min(max, initial * factor^n) * (1 - jitter * random()))', async () => {
    const attempts: number[] = [];
    const clock = 1_000_000;
    const client = createClient({
      url: 'ws://127.0.0.1:9/ws', // nothing listens there
      createSocket: (url) => {
        attempts.push(performance.now());
        return wsSocket(url);
      },
      reconnect: { initialDelayMs: 40, factor: 2, maxDelayMs: 200, jitter: 0.5 },
      random: () => 0.5, // the jitter takes a quarter of each delay
      now: () => clock,
    });
    const connecting = client.connect();
    await until(() => client.state === 'reconnecting', 5000, 'first retry scheduled');
    expect(client.nextReconnectAt).toBe(clock + 30); // 40 * (1 - 0.5 * 0.5)
    await until(() => attempts.length >= 5, 5000, 'five attempts');
    client.close();
    await expect(connecting).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] ?? t));
    // 30, 60, 120, then capped at 200 * 0.75 = 150 ms (plus the failed connect itself)
    expect(gaps[0]).toBeGreaterThanOrEqual(29);
    expect(gaps[1]).toBeGreaterThanOrEqual(59);
    expect(gaps[2]).toBeGreaterThanOrEqual(119);
    expect(gaps[3]).toBeGreaterThanOrEqual(149);
    expect(gaps[3]).toBeLessThan(1000);
    expect(client.state).toBe('closed');
    expect(client.nextReconnectAt).toBeUndefined();
  });

  it('retryNow() makes the scheduled attempt at once and restarts the backoff (issue 17: the token arrived)', async () => {
    const attempts: number[] = [];
    const client = createClient({
      url: 'ws://127.0.0.1:9/ws', // nothing listens there
      createSocket: (url) => {
        attempts.push(performance.now());
        return wsSocket(url);
      },
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 },
    });
    expect(client.retryNow()).toBe(false); // idle: nothing scheduled
    const connecting = client.connect();
    await until(
      () => client.state === 'reconnecting' && client.nextReconnectAt !== undefined,
      5000,
      'retry scheduled',
    );
    expect(attempts).toHaveLength(1);
    const before = performance.now();
    expect(client.retryNow()).toBe(true);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]! - before).toBeLessThan(50); // not a minute later
    await until(() => client.nextReconnectAt !== undefined, 5000, 'next retry scheduled');
    client.close();
    await expect(connecting).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(client.retryNow()).toBe(false);
  });

  it('a URL the socket refuses, or no WebSocket at all (Node 20 without createSocket), fails at once', async () => {
    await expect(createClient({ url: 'not a url', createSocket: wsSocket }).connect()).rejects.toMatchObject({
      code: 'CONNECTION_CLOSED',
    });
    const bare = createClient({ url: 'ws://127.0.0.1:9/ws' });
    await expect(bare.connect()).rejects.toMatchObject({ code: 'NO_WEBSOCKET' });
    expect(bare.state).toBe('closed');
  });

  it('with reconnect: false, connect() to a port nobody listens on rejects CONNECTION_CLOSED', async () => {
    const client = createClient({ url: 'ws://127.0.0.1:9/ws', createSocket: wsSocket, reconnect: false });
    await expect(client.connect()).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(client.state).toBe('closed');
  });
});

describe('Issue 16 "Bad input and failure": frames the server should never send', () => {
  it('an invalid or unknown frame is reported to onInvalidFrame, never thrown; a bad reply rejects its request INVALID_REPLY', async () => {
    // A stand-in server speaking the envelope, to send what the real server never does.
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    wss.on('connection', (ws) => {
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString()) as { type: string; id?: string };
        const ts = new Date().toISOString();
        if (m.type === 'connection:hello') {
          ws.send(
            JSON.stringify({
              type: 'connection:init',
              id: m.id,
              timestamp: ts,
              payload: {
                connectionId: 'c1',
                sessionId: null,
                capabilities: { protocolVersion: '1.0.0' },
                featureFlags: {},
              },
            }),
          );
          ws.send('{not json');
          ws.send(JSON.stringify({ type: 'future:message', payload: {}, timestamp: ts }));
          ws.send(
            JSON.stringify({
              type: 'editor:highlight_lines',
              payload: { path: 'a.ts', highlights: [] },
              timestamp: ts,
            }),
          );
          ws.send(
            JSON.stringify({
              type: 'coaching:message',
              payload: { message: 'still alive', type: 'info' },
              timestamp: ts,
            }),
          );
        } else if (m.type === 'file:open') {
          ws.send(JSON.stringify({ type: 'fs:content', id: m.id, timestamp: ts, payload: { path: 'a.ts' } }));
        }
      });
    });
    const port = (wss.address() as AddressInfo).port;
    const client = createClient({ url: `ws://127.0.0.1:${port}`, createSocket: wsSocket, reconnect: false });
    const invalid: string[] = [];
    const messages: string[] = [];
    client.onInvalidFrame((e) => invalid.push(e.code));
    client.on('coaching:message', (p) => messages.push(p.message));
    // a throwing subscriber is reported, not propagated
    const reported: unknown[] = [];
    const client2 = createClient({
      url: `ws://127.0.0.1:${port}`,
      createSocket: wsSocket,
      reconnect: false,
      onHandlerError: (e) => reported.push(e),
    });
    client2.on('coaching:message', () => {
      throw new Error('UI bug');
    });
    client2.onInvalidFrame(() => undefined);
    try {
      await client.connect();
      await client2.connect();
      await until(() => messages.length === 1 && reported.length === 1, 3000, 'messages');
      expect(invalid).toEqual(['INVALID_JSON', 'UNKNOWN_TYPE', 'INVALID_PAYLOAD']);
      expect(messages).toEqual(['still alive']);
      expect((reported[0] as Error).message).toBe('UI bug');
      await expect(client.request('file:open', { path: 'a.ts' })).rejects.toMatchObject({
        code: 'INVALID_REPLY',
        type: 'file:open',
      });
      expect(client.state).toBe('open');
    } finally {
      client.close();
      client2.close();
      await new Promise<void>((r) => wss.close(() => r()));
    }
  });
});
