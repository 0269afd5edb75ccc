/**
 * The page's half of the terminal's flow control (the scheme of xterm.js's flow-control guide): a browser cannot stop
 * reading a WebSocket, so when xterm.js parses more slowly than output arrives, the bytes it has been handed but not
 * yet parsed would pile up in the page without bound (and Ctrl+C would show only once they were all drawn). This
 * counts those bytes, with the callback of `terminal.write(data, callback)`, and asks the server to stop reading the
 * PTY (`pty:pause`) when the count passes the high-water mark, and to go on (`pty:resume`) once it falls to the
 * low-water mark. No xterm.js here: the writer is passed in (unit tests give their own).
 */

/** Options of {@link createWriteFlow}. */
export interface WriteFlowOptions {
  /**
   * Hands bytes to the terminal emulator; `done` runs once they were parsed (xterm.js `write(data, callback)`).
   * `done` may run synchronously or later, exactly once.
   */
  write(bytes: Uint8Array, done: () => void): void;
  /** The backlog passed `highWaterBytes`: ask the producer to stop (`pty:pause`). */
  pause(): void;
  /** The backlog fell to `lowWaterBytes` after a pause: ask the producer to go on (`pty:resume`). */
  resume(): void;
  /** Unparsed bytes at which {@link WriteFlowOptions.pause} is called. Default 512 KiB. */
  highWaterBytes?: number;
  /** Unparsed bytes at which a paused flow calls {@link WriteFlowOptions.resume}. Default 128 KiB. */
  lowWaterBytes?: number;
  /** Called after every change of the backlog (to show it; keep it cheap). */
  onChange?: (flow: WriteFlow) => void;
}

/** A terminal's write flow. */
export interface WriteFlow {
  /** Writes output to the emulator, counting it until it is parsed. */
  push(bytes: Uint8Array): void;
  /** Bytes handed to the emulator and not parsed yet. */
  readonly pendingBytes: number;
  /** The largest `pendingBytes` seen so far. */
  readonly peakBytes: number;
  /** Whether the producer was asked to stop and not yet to go on. */
  readonly paused: boolean;
  /** Times the producer was asked to stop. */
  readonly pauses: number;
}

/** Default high-water mark: about a seventh of a second of xterm.js's parsing at ~4 MB/s. */
export const WRITE_FLOW_HIGH_WATER_BYTES = 512 * 1024;
/** Default low-water mark: enough left to parse that the emulator does not idle while the producer restarts. */
export const WRITE_FLOW_LOW_WATER_BYTES = 128 * 1024;

/**
 * Creates the flow.
 * @throws RangeError when `lowWaterBytes` is not below `highWaterBytes` or either is not a positive integer.
 */
export function createWriteFlow(options: WriteFlowOptions): WriteFlow {
  const high = options.highWaterBytes ?? WRITE_FLOW_HIGH_WATER_BYTES;
  const low = options.lowWaterBytes ?? WRITE_FLOW_LOW_WATER_BYTES;
  if (!Number.isInteger(high) || !Number.isInteger(low) || low < 0 || high <= low) {
    throw new RangeError(
      `write flow: lowWaterBytes (${low}) must be a non-negative integer below highWaterBytes (${high})`,
    );
  }
  let pending = 0;
  let peak = 0;
  let paused = false;
  let pauses = 0;

  const flow: WriteFlow = {
    push(bytes) {
      const n = bytes.byteLength;
      if (n === 0) return;
      pending += n;
      if (pending > peak) peak = pending;
      if (!paused && pending > high) {
        paused = true;
        pauses += 1;
        options.pause();
      }
      options.onChange?.(flow);
      let called = false;
      options.write(bytes, () => {
        if (called) return;
        called = true;
        pending -= n;
        if (paused && pending <= low) {
          paused = false;
          options.resume();
        }
        options.onChange?.(flow);
      });
    },
    get pendingBytes() {
      return pending;
    },
    get peakBytes() {
      return peak;
    },
    get paused() {
      return paused;
    },
    get pauses() {
      return pauses;
    },
  };
  return flow;
}
