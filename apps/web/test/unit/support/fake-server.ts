/**
 * A fake `/ws` (and `/pty`) for the stores' unit tests (issue 25 item 3): the real `@paige/client` over an in-memory
 * socket whose other end the test plays. Messages go through the client's real protocol validation both ways.
 */
import { createClient, type PaigeClient, type WebSocketLike } from '@paige/client';
import type { PtySocketLike } from '@paige/client/pty';
import type { ServerMessageType, ServerPayload } from '@paige/protocol';

/** An in-memory WebSocket: records what the page sends; the test delivers frames and closes it. */
export class FakeSocket {
  binaryType = 'blob';
  readyState = 0;
  readonly sent: Array<string | Uint8Array> = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string | ArrayBufferLike | ArrayBufferView): void {
    if (this.readyState !== 1) throw new Error('FakeSocket: send while not open');
    this.sent.push(
      typeof data === 'string'
        ? data
        : ArrayBuffer.isView(data)
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
          : new Uint8Array(data).slice(),
    );
  }
  close(code = 1000, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(data: object | Uint8Array): void {
    this.onmessage?.({ data: data instanceof Uint8Array ? data.slice().buffer : JSON.stringify(data) });
  }
  serverClose(code = 1006, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  /** Text frames sent so far, parsed. */
  json(): Array<{ type: string; id?: string; payload: Record<string, unknown> }> {
    return this.sent
      .filter((d): d is string => typeof d === 'string')
      .map((d) => JSON.parse(d) as { type: string; id?: string; payload: Record<string, unknown> });
  }
}

export interface FakeServer {
  client: PaigeClient;
  socket: FakeSocket;
  /** Sends a server message to the page (an `id` makes it a reply). */
  push<T extends ServerMessageType>(type: T, payload: ServerPayload<T>, id?: string): void;
  /** The messages the page sent, optionally of one type. */
  sent(type?: string): Array<{ type: string; id?: string; payload: Record<string, unknown> }>;
  /** The last request of `type` the page sent (throws when there is none). */
  lastRequest(type: string): { type: string; id: string; payload: Record<string, unknown> };
}

/** A client connected to the fake server (hello answered with `connection:init` and `featureFlags`). */
export async function fakeServer(featureFlags: Record<string, boolean> = {}): Promise<FakeServer> {
  let socket!: FakeSocket;
  const client = createClient({
    url: 'ws://127.0.0.1:1/ws',
    createSocket: (url) => (socket = new FakeSocket(url)) as unknown as WebSocketLike,
    reconnect: false,
    hello: { version: 'test', platform: 'unit', windowSize: { width: 800, height: 600 } },
  });
  const ready = client.connect();
  socket.open();
  const hello = socket.json()[0]!;
  const timestamp = () => new Date().toISOString();
  socket.receive({
    type: 'connection:init',
    id: hello.id,
    timestamp: timestamp(),
    payload: {
      connectionId: 'c1',
      sessionId: null,
      capabilities: { protocolVersion: '1.0.0' },
      featureFlags,
    },
  });
  await ready;
  const sent = (type?: string) =>
    socket.json().filter((m) => m.type !== 'connection:hello' && (type === undefined || m.type === type));
  return {
    client,
    socket,
    push(type, payload, id) {
      socket.receive({ type, payload, timestamp: timestamp(), ...(id === undefined ? {} : { id }) });
    },
    sent,
    lastRequest(type) {
      const m = sent(type).at(-1);
      if (!m?.id) throw new Error(`no ${type} request was sent`);
      return m as { type: string; id: string; payload: Record<string, unknown> };
    },
  };
}

/** Lets pending promise callbacks run (a request's reply is delivered through a promise). */
export const settle = () => new Promise<void>((r) => setTimeout(r, 0));

/** A `/pty` socket factory whose sockets the test drives. */
export function fakePty(): { create: (url: string) => PtySocketLike; sockets: FakeSocket[] } {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    create: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      queueMicrotask(() => s.open());
      return s as unknown as PtySocketLike;
    },
  };
}
