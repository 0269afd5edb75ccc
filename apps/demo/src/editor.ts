/**
 * The editor side of the demo, playing Electron through `@paige/client` (the same client the web app and an
 * Electron renderer use): it records every server message for the timeline and lets the steps await messages.
 */
import { createClient, type HelloPayload, type PaigeClient, type RequestType } from '@paige/client';
import type { ClientMessageType, ClientPayload, ParseError } from '@paige/protocol';
import WebSocket from 'ws';

/** One server message as the timeline reads it. */
export interface Envelope {
  type: string;
  payload: Record<string, unknown>;
  id?: string;
}

type Waiter = { match: (m: Envelope) => boolean; resolve: (m: Envelope) => void };

/** What the timeline prints. */
export interface EditorHooks {
  onHello(payload: HelloPayload): void;
  onMessage(message: Envelope): void;
  onInvalidFrame(error: ParseError): void;
}

export class DemoEditor {
  readonly received: Envelope[] = [];
  private waiters: Waiter[] = [];

  private constructor(readonly client: PaigeClient) {}

  /**
   * Connects to `<baseUrl>/ws` with the server's token (from `DATA_DIR/server.json`) as `Authorization: Bearer`:
   * `connection:hello` -> `connection:init`. Fails at once when the server is gone.
   */
  static async connect(
    baseUrl: string,
    token: string,
    hello: HelloPayload,
    hooks: EditorHooks,
  ): Promise<DemoEditor> {
    const client = createClient({
      url: `${baseUrl.replace(/^http/, 'ws')}/ws`,
      createSocket: (url) => new WebSocket(url, { headers: { authorization: `Bearer ${token}` } }),
      hello: () => {
        hooks.onHello(hello);
        return hello;
      },
      reconnect: false,
      idPrefix: 'demo',
    });
    const editor = new DemoEditor(client);
    client.onAny((message) => {
      const m = message as unknown as Envelope;
      editor.received.push(m);
      hooks.onMessage(m);
      editor.waiters = editor.waiters.filter((w) => {
        if (!w.match(m)) return true;
        w.resolve(m);
        return false;
      });
    });
    client.onInvalidFrame((error) => hooks.onInvalidFrame(error));
    await client.connect();
    return editor;
  }

  /** Sends one message; returns the correlation id used (when `withId`). */
  send<T extends ClientMessageType>(type: T, payload: ClientPayload<T>, withId = false): string | undefined {
    const id = withId ? this.client.nextId() : undefined;
    this.client.send(type, payload, id === undefined ? {} : { id });
    return id;
  }

  /** The first message since index `from` (or a future one) matching; rejects after `timeoutMs`. */
  next(what: string, match: (m: Envelope) => boolean, timeoutMs: number, from = 0): Promise<Envelope> {
    const seen = this.received.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${what} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** A request matched by id; an error reply (or any other reply type than `replyType`) fails with its payload. */
  async request<T extends RequestType>(
    type: T,
    payload: ClientPayload<T>,
    replyType: string,
    timeoutMs: number,
  ): Promise<Envelope> {
    const reply = (await this.client.request(type, payload, { timeoutMs })) as unknown as Envelope;
    if (reply.type !== replyType)
      throw new Error(`${type} answered ${reply.type}: ${JSON.stringify(reply.payload)}`);
    return reply;
  }

  close(): void {
    this.client.close();
  }
}
