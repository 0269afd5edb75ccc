/**
 * An in-memory WebSocket-like object for unit tests of the client's wire code (issue 25 item 2): it records what
 * the code sends, and the test plays the server (`open`, `receive`, `serverClose`). Fits both `WebSocketLike`
 * (`/ws`) and `PtySocketLike` (`/pty`).
 */
export class FakeSocket {
  static instances: FakeSocket[] = [];
  binaryType = 'blob';
  readyState = 0;
  readonly sent: Array<string | Uint8Array> = [];
  closedWith: { code?: number; reason?: string } | null = null;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }

  send(data: string | ArrayBufferLike | ArrayBufferView): void {
    if (this.readyState !== 1) throw new Error('FakeSocket: send while not open');
    if (typeof data === 'string') this.sent.push(data);
    else if (ArrayBuffer.isView(data))
      this.sent.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice());
    else this.sent.push(new Uint8Array(data).slice());
  }

  close(code?: number, reason?: string): void {
    if (this.readyState === 3) return;
    this.closedWith = { code, reason };
    this.readyState = 3;
    this.onclose?.({ code: code ?? 1005, reason: reason ?? '' });
  }

  /** The server accepted the connection. */
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** A frame from the server: an object is sent as JSON text, bytes as a binary frame (an ArrayBuffer). */
  receive(data: object | string | Uint8Array): void {
    if (data instanceof Uint8Array) this.onmessage?.({ data: data.slice().buffer });
    else this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }

  /** The server closed (or the connection dropped). */
  serverClose(code = 1006, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /** The JSON text frames sent so far, parsed. */
  json(): Array<{ type: string; id?: string; payload: unknown }> {
    return this.sent
      .filter((d): d is string => typeof d === 'string')
      .map((d) => JSON.parse(d) as { type: string; id?: string; payload: unknown });
  }
}
