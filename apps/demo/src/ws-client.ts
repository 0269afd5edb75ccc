/** A `ws` client playing the Electron editor: sends envelopes, records every reply, awaits messages. */
import WebSocket from 'ws';

/** One message as it arrived. */
export interface Envelope {
  type: string;
  payload: Record<string, unknown>;
  id?: string;
}

type Waiter = { match: (m: Envelope) => boolean; resolve: (m: Envelope) => void };

/** The editor side of the demo. `onMessage` sees every incoming message (the timeline prints it). */
export class EditorClient {
  readonly received: Envelope[] = [];
  private waiters: Waiter[] = [];
  private counter = 0;

  private constructor(private readonly socket: WebSocket, private readonly onMessage: (m: Envelope) => void) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Envelope;
      this.received.push(message);
      this.onMessage(message);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  /** Opens `ws://.../ws` with the server's token (from `DATA_DIR/server.json`) as `Authorization: Bearer`. */
  static async connect(baseUrl: string, token: string, onMessage: (m: Envelope) => void): Promise<EditorClient> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new EditorClient(socket, onMessage);
  }

  /** Sends one message; returns the correlation id used (when `withId`). */
  send(type: string, payload: unknown, withId = false): string | undefined {
    const id = withId ? `demo-${++this.counter}` : undefined;
    this.socket.send(JSON.stringify(id === undefined ? { type, payload } : { type, payload, id }));
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

  /** Sends with a correlation id and awaits the reply of `replyType` carrying it (an error reply fails fast). */
  async request(type: string, payload: unknown, replyType: string, timeoutMs: number): Promise<Envelope> {
    const from = this.received.length;
    const id = this.send(type, payload, true);
    const reply = await this.next(`${replyType} reply to ${type}`, (m) => m.id === id && (m.type === replyType || m.type.endsWith('error')), timeoutMs, from);
    if (reply.type !== replyType) throw new Error(`${type} answered ${reply.type}: ${JSON.stringify(reply.payload)}`);
    return reply;
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
