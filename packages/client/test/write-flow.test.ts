/**
 * Issue 17, the terminal's flow control in the page: the bytes handed to the emulator and not parsed yet are counted;
 * past the high-water mark the server is asked to pause (`pty:pause`), at the low-water mark to resume, and the
 * connection sends each change once (also when asked before the session started).
 */
import { describe, expect, it } from 'vitest';
import { openPtyConnection, type PtySocketLike } from '../src/pty/index.js';
import { createWriteFlow } from '../src/pty/index.js';

/** An emulator whose parsing the test drives: `parse(n)` finishes the oldest `n` writes. */
function slowEmulator() {
  const queue: Array<() => void> = [];
  return {
    write: (_bytes: Uint8Array, done: () => void) => void queue.push(done),
    parse(n = queue.length) {
      for (const done of queue.splice(0, n)) done();
    },
    get queued() {
      return queue.length;
    },
  };
}

describe('Issue 17: the page pauses a flood its terminal cannot keep up with', () => {
  it('pauses once past the high-water mark, resumes once at the low-water mark, and counts every byte', () => {
    const emu = slowEmulator();
    const calls: string[] = [];
    const flow = createWriteFlow({
      write: emu.write,
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
      highWaterBytes: 1000,
      lowWaterBytes: 300,
    });
    for (let i = 0; i < 10; i++) flow.push(new Uint8Array(100));
    expect(flow.pendingBytes).toBe(1000);
    expect(calls).toEqual([]); // at the mark, not past it
    flow.push(new Uint8Array(100));
    flow.push(new Uint8Array(100));
    expect(calls).toEqual(['pause']); // once, however much more arrives
    expect(flow).toMatchObject({ pendingBytes: 1200, peakBytes: 1200, paused: true, pauses: 1 });
    emu.parse(8);
    expect(flow.pendingBytes).toBe(400);
    expect(calls).toEqual(['pause']);
    emu.parse(1);
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow).toMatchObject({ pendingBytes: 300, paused: false });
    emu.parse();
    expect(flow).toMatchObject({ pendingBytes: 0, peakBytes: 1200, pauses: 1 });
  });

  it('a fast emulator (callback at once) never pauses; a callback run twice counts once', () => {
    const calls: string[] = [];
    const flow = createWriteFlow({
      write: (_b, done) => {
        done();
        done();
      },
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
      highWaterBytes: 100,
      lowWaterBytes: 50,
    });
    for (let i = 0; i < 100; i++) flow.push(new Uint8Array(64));
    expect(calls).toEqual([]);
    expect(flow.pendingBytes).toBe(0);
  });

  it('rejects watermarks that cannot work', () => {
    const base = { write: () => undefined, pause: () => undefined, resume: () => undefined };
    expect(() => createWriteFlow({ ...base, highWaterBytes: 100, lowWaterBytes: 100 })).toThrow(RangeError);
    expect(() => createWriteFlow({ ...base, highWaterBytes: 100, lowWaterBytes: -1 })).toThrow(RangeError);
  });

  it('the connection sends pty:pause and pty:resume once per change, a wish from before pty:started when it starts', () => {
    const sent: unknown[] = [];
    let socket!: PtySocketLike;
    const conn = openPtyConnection({
      url: 'ws://127.0.0.1:1/pty',
      createSocket: () =>
        (socket = {
          binaryType: 'blob',
          readyState: 1,
          send: (d) => void sent.push(typeof d === 'string' ? JSON.parse(d) : d),
          close: () => undefined,
          onopen: null,
          onmessage: null,
          onclose: null,
          onerror: null,
        }),
    });
    conn.setOutputPaused(true);
    expect(sent).toEqual([]);
    socket.onmessage?.({
      data: JSON.stringify({
        type: 'pty:started',
        payload: { pid: 7, kind: 'shell', command: 'sh', cols: 80, rows: 24 },
        timestamp: new Date().toISOString(),
      }),
    });
    conn.setOutputPaused(true);
    conn.setOutputPaused(false);
    conn.setOutputPaused(false);
    expect(sent).toEqual([
      { type: 'pty:pause', payload: {} },
      { type: 'pty:resume', payload: {} },
    ]);
    socket.onmessage?.({
      data: JSON.stringify({
        type: 'pty:exit',
        payload: { exitCode: 0, signal: null },
        timestamp: new Date().toISOString(),
      }),
    });
    conn.setOutputPaused(true);
    expect(sent).toHaveLength(2);
  });
});
