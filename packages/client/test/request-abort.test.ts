/**
 * Issue 25 item 2: `request()` takes an `AbortSignal` (the MCP SDK's `RequestOptions.signal` is the model). Against
 * an injected in-memory socket: aborting rejects with a typed `REQUEST_ABORTED` error, removes the pending entry
 * (a queued request is never sent), and a reply that arrives later is ignored by the request but still reaches `on`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createClient,
  isAbortError,
  isPaigeClientError,
  PaigeClientError,
  type PaigeClient,
  type WebSocketLike,
} from '../src/index.js';
import { FakeSocket } from './support/fake-socket.js';

const ts = () => new Date().toISOString();
const clients: PaigeClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  FakeSocket.instances = [];
});

/** A client over a fake socket, connected (hello answered with init). */
async function openClient(): Promise<{ client: PaigeClient; socket: FakeSocket }> {
  const client = createClient({
    url: 'ws://127.0.0.1:1/ws',
    createSocket: (url) => new FakeSocket(url) as unknown as WebSocketLike,
    reconnect: false,
  });
  clients.push(client);
  const ready = client.connect();
  const socket = FakeSocket.instances.at(-1)!;
  socket.open();
  const hello = socket.json()[0]!;
  expect(hello.type).toBe('connection:hello');
  socket.receive({
    type: 'connection:init',
    id: hello.id,
    timestamp: ts(),
    payload: {
      connectionId: 'c1',
      sessionId: null,
      capabilities: { protocolVersion: '1.0.0' },
      featureFlags: {},
    },
  });
  await ready;
  return { client, socket };
}

const content = (id: string) => ({
  type: 'fs:content',
  id,
  timestamp: ts(),
  payload: { path: 'a.ts', content: 'x', language: 'typescript', lineCount: 1, hash: '0'.repeat(64) },
});

describe('Issue 25 item 2: request() with an AbortSignal', () => {
  it('aborting rejects with REQUEST_ABORTED carrying the reason; the late reply is ignored by the request but seen by on()', async () => {
    const { client, socket } = await openClient();
    const controller = new AbortController();
    const seen: string[] = [];
    client.on('fs:content', (p) => seen.push(p.path));
    const pending = client.request('file:open', { path: 'a.ts' }, { signal: controller.signal });
    const sent = socket.json().find((m) => m.type === 'file:open')!;
    expect(sent.id).toBeDefined();
    const reason = new Error('the learner closed the panel');
    controller.abort(reason);
    const err = await pending.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PaigeClientError);
    expect(isAbortError(err)).toBe(true);
    expect(isPaigeClientError(err, 'REQUEST_ABORTED')).toBe(true);
    expect((err as PaigeClientError).requestId).toBe(sent.id);
    expect((err as PaigeClientError).type).toBe('file:open');
    expect((err as PaigeClientError).cause).toBe(reason);
    // The reply comes anyway: subscribers see it, nothing throws, and the same id can be used again.
    socket.receive(content(sent.id!));
    expect(seen).toEqual(['a.ts']);
    const again = client.request('file:open', { path: 'a.ts' }, { id: sent.id });
    socket.receive(content(sent.id!));
    await expect(again).resolves.toMatchObject({ type: 'fs:content', id: sent.id });
  });

  it('an already aborted signal rejects at once and sends nothing', async () => {
    const { client, socket } = await openClient();
    const before = socket.sent.length;
    await expect(
      client.request('file:open', { path: 'a.ts' }, { signal: AbortSignal.abort() }),
    ).rejects.toSatisfy(isAbortError);
    expect(socket.sent.length).toBe(before);
  });

  it('a request aborted while queued offline is never sent', async () => {
    const client = createClient({
      url: 'ws://127.0.0.1:1/ws',
      createSocket: (url) => new FakeSocket(url) as unknown as WebSocketLike,
      reconnect: false,
    });
    clients.push(client);
    const controller = new AbortController();
    const queued = client.request('user:review', {}, { signal: controller.signal });
    const kept = client.request('file:open', { path: 'b.ts' });
    controller.abort();
    await expect(queued).rejects.toSatisfy(isAbortError);
    const ready = client.connect();
    const socket = FakeSocket.instances.at(-1)!;
    socket.open();
    const hello = socket.json()[0]!;
    socket.receive({
      type: 'connection:init',
      id: hello.id,
      timestamp: ts(),
      payload: {
        connectionId: 'c1',
        sessionId: null,
        capabilities: { protocolVersion: '1.0.0' },
        featureFlags: {},
      },
    });
    await ready;
    const types = socket.json().map((m) => m.type);
    expect(types).toContain('file:open');
    expect(types).not.toContain('user:review');
    const open = socket.json().find((m) => m.type === 'file:open')!;
    socket.receive(content(open.id!));
    await expect(kept).resolves.toMatchObject({ type: 'fs:content' });
  });

  it('a reply before the abort settles the request; aborting afterwards changes nothing (the listener is removed)', async () => {
    const { client, socket } = await openClient();
    const controller = new AbortController();
    const pending = client.request('file:open', { path: 'a.ts' }, { signal: controller.signal });
    const sent = socket.json().find((m) => m.type === 'file:open')!;
    socket.receive(content(sent.id!));
    await expect(pending).resolves.toMatchObject({ type: 'fs:content' });
    controller.abort();
    await expect(pending).resolves.toMatchObject({ type: 'fs:content' });
  });

  it('a timeout still rejects REQUEST_TIMEOUT, and a later abort does not reject twice', async () => {
    const { client } = await openClient();
    const controller = new AbortController();
    const pending = client.request(
      'file:open',
      { path: 'a.ts' },
      { signal: controller.signal, timeoutMs: 20 },
    );
    await expect(pending).rejects.toSatisfy((e: unknown) => isPaigeClientError(e, 'REQUEST_TIMEOUT'));
    controller.abort();
  });
});
