/**
 * `/pty` (issue 17 item 2): one pseudo-terminal session per WebSocket connection, composed from `@paige/terminal`.
 *
 * Output goes out as binary frames of raw bytes; `pty:input` / `pty:resize` text messages (and binary input frames)
 * come in, validated with `@paige/protocol`. Flow control has two holds, and the PTY is read only while neither is
 * on: (1) the socket's: the bytes handed to a socket and not yet written to the kernel are counted; at
 * {@link PtyEndpointOptions.highWaterBytes} the PTY stops being read (its process blocks on its next write), and it
 * is read again once the count drops to `lowWaterBytes`, so a client that never reads holds the process back instead
 * of growing the server's memory; (2) the page's: `pty:pause` / `pty:resume` from a client whose terminal emulator
 * parses more slowly than the socket delivers (a browser cannot stop reading a WebSocket, so without it the backlog
 * would grow in the page). A client that never sends them is held by the socket alone. When the socket closes, the
 * whole session is hung up.
 * The wire format is described in `packages/terminal/README.md`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  PTY_LIMITS,
  parsePtyClientMessage,
  ptyServerMessage,
  type PtyErrorCode,
  type PtyServerMessageType,
  type PtyServerPayload,
  type PtySize,
} from '@paige/protocol';
import type {
  ResolveTerminalCommandOptions,
  TerminalCommand,
  TerminalManager,
  TerminalSession,
} from '@paige/terminal';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';

/** Options of {@link createPtyEndpoint}. */
export interface PtyEndpointOptions {
  logger: Logger;
  /** Working directory of every session (`PROJECT_DIR`). */
  cwd: string;
  /**
   * What decides the command of a new session (`PAIGE_TERMINAL_COMMAND`, `claude` on `PATH`, `$SHELL`), resolved per
   * session: Claude Code may be installed meanwhile.
   */
  command: () => ResolveTerminalCommandOptions;
  /** The environment of a new session's process. */
  env: () => Record<string, string>;
  /** Most concurrent sessions; beyond, an upgrade answers 503. Default 8. */
  maxSessions?: number;
  /** Unwritten output bytes at which the PTY is paused. Default 256 KiB. */
  highWaterBytes?: number;
  /** Unwritten output bytes at which a paused PTY is resumed. Default 64 KiB. */
  lowWaterBytes?: number;
  /** Grace before SIGKILL when a session is hung up, ms. Default 2000. */
  killGraceMs?: number;
}

/** What the server knows about one live `/pty` session (tests and diagnostics). */
export interface PtySessionInfo {
  pid: number;
  kind: TerminalCommand['kind'];
  /** Output bytes read from the PTY. */
  bytesOut: number;
  /** Output bytes handed to the socket and not yet written to the kernel. */
  unsentBytes: number;
  /** `ws`'s `bufferedAmount` of the socket. */
  bufferedAmount: number;
  /** Whether the PTY is not being read now (either hold). */
  paused: boolean;
  /** Times the socket's hold paused the PTY (a full send queue). */
  pauses: number;
  /** Whether the client's hold is on (`pty:pause` received, no `pty:resume` since). */
  clientPaused: boolean;
  /** `pty:pause` messages that put the client's hold on. */
  clientPauses: number;
  exited: boolean;
}

/** The `/pty` endpoint. */
export interface PtyEndpoint {
  /** Completes a WebSocket upgrade already checked for Host, Origin and token, with the initial size. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, size: PtySize): void;
  /** Whether another session may start now (fewer than `maxSessions` connections). */
  readonly hasRoom: boolean;
  readonly sessions: readonly PtySessionInfo[];
  /** Hangs up every session (its process group), closes every socket with 1001, stops the watchdog. Idempotent. */
  close(): Promise<void>;
}

/** Close codes: 1000 normal; 1001 server shutting down; 1011 the command could not be started. */
const CLOSE_GOING_AWAY = 1001;
const CLOSE_SPAWN_FAILED = 1011;
/** Largest text frame: a 64 Ki-character input of control characters is six bytes per character in JSON. */
const MAX_FRAME_BYTES = 512 * 1024;

type Loaded = {
  wss: WebSocketServer;
  manager: TerminalManager;
  resolve: (o: ResolveTerminalCommandOptions) => TerminalCommand;
};

/** Creates the endpoint; `ws` and `@paige/terminal` (node-pty) load on the first upgrade. */
export function createPtyEndpoint(opts: PtyEndpointOptions): PtyEndpoint {
  const { logger } = opts;
  const maxSessions = opts.maxSessions ?? 8;
  const high = opts.highWaterBytes ?? 256 * 1024;
  const low = opts.lowWaterBytes ?? 64 * 1024;
  const live = new Map<WebSocket, { info: () => PtySessionInfo; close: () => Promise<void> }>();
  let pendingUpgrades = 0;
  let loading: Promise<Loaded> | undefined;
  let closing: Promise<void> | undefined;

  const load = (): Promise<Loaded> =>
    (loading ??= Promise.all([import('ws'), import('@paige/terminal')]).then(
      ([{ WebSocketServer: Server }, terminal]) => ({
        wss: new Server({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false }),
        manager: terminal.createTerminalManager({
          killGraceMs: opts.killGraceMs ?? 2000,
          logger: logger.child({ component: 'terminal' }),
        }),
        resolve: terminal.resolveTerminalCommand,
      }),
    ));

  function send<T extends PtyServerMessageType>(
    ws: WebSocket,
    type: T,
    payload: PtyServerPayload<T>,
    id?: string,
  ): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(ptyServerMessage(type, payload, id)));
  }
  const sendError = (
    ws: WebSocket,
    code: PtyErrorCode,
    message: string,
    extra: {
      id?: string;
      type?: string;
      issues?: Array<{ path: (string | number)[]; message: string }>;
    } = {},
  ) => {
    const { id, ...rest } = extra;
    send(ws, 'pty:error', { code, message: message.slice(0, 4096), ...rest }, id);
  };

  function onConnection(ws: WebSocket, { manager, resolve }: Loaded, size: PtySize): void {
    const command = resolve(opts.command());
    let session: TerminalSession;
    try {
      session = manager.spawn({
        file: command.file,
        args: command.args,
        cwd: opts.cwd,
        env: opts.env(),
        cols: size.cols,
        rows: size.rows,
      });
    } catch (err) {
      logger.warn({ err: (err as Error).message, file: command.file }, 'terminal could not be started');
      sendError(ws, 'SPAWN_FAILED', (err as Error).message);
      ws.close(CLOSE_SPAWN_FAILED, 'terminal could not be started');
      return;
    }
    const log = logger.child({ pty: session.pid });
    log.info(
      { kind: command.kind, command: command.label, cols: size.cols, rows: size.rows },
      'terminal session opened',
    );
    send(ws, 'pty:started', {
      pid: session.pid,
      kind: command.kind,
      command: command.label,
      cols: size.cols,
      rows: size.rows,
    });

    let unsent = 0;
    let pauses = 0;
    let socketFull = false;
    let clientPaused = false;
    let clientPauses = 0;
    /** Reads the PTY only while neither the socket's nor the client's hold is on. */
    const settle = () => {
      const hold = socketFull || clientPaused;
      if (hold && !session.paused) session.pause();
      else if (!hold && session.paused && ws.readyState === ws.OPEN) session.resume();
    };
    const flushed = (n: number) => () => {
      unsent -= n;
      if (socketFull && unsent <= low) {
        socketFull = false;
        settle();
      }
    };
    session.onData((chunk) => {
      if (ws.readyState !== ws.OPEN) return;
      unsent += chunk.length;
      ws.send(chunk, { binary: true }, flushed(chunk.length));
      if (unsent >= high && !socketFull) {
        socketFull = true;
        pauses += 1;
        settle();
      }
    });
    session.onExit((exit) => {
      log.info({ ...exit }, 'terminal process exited');
      send(ws, 'pty:exit', exit);
    });

    ws.on('message', (data: RawData, isBinary: boolean) => {
      const buf = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(data);
      if (isBinary) {
        if (buf.length > PTY_LIMITS.maxInputBytes) {
          sendError(
            ws,
            'PAYLOAD_TOO_LARGE',
            `binary input frame of ${buf.length} bytes refused: at most ${PTY_LIMITS.maxInputBytes} bytes per frame`,
          );
          return;
        }
        write(buf, undefined);
        return;
      }
      const parsed = parsePtyClientMessage(buf.toString('utf8'));
      if (!parsed.ok) {
        const e = parsed.error;
        sendError(ws, e.code, e.message, {
          ...(e.id ? { id: e.id } : {}),
          ...(e.type ? { type: e.type } : {}),
          ...(e.issues ? { issues: e.issues } : {}),
        });
        return;
      }
      const msg = parsed.message;
      if (msg.type === 'pty:input') {
        write(msg.payload.data, msg.id);
        return;
      }
      if (msg.type === 'pty:pause' || msg.type === 'pty:resume') {
        const pause = msg.type === 'pty:pause';
        if (pause && !clientPaused) clientPauses += 1;
        clientPaused = pause;
        if (!session.exit) settle();
        return;
      }
      try {
        session.resize(msg.payload.cols, msg.payload.rows);
      } catch (err) {
        sendError(ws, session.exit ? 'PTY_EXITED' : 'INVALID_PAYLOAD', (err as Error).message, {
          ...(msg.id ? { id: msg.id } : {}),
          type: msg.type,
        });
      }
    });

    function write(data: string | Buffer, id: string | undefined): void {
      try {
        session.write(data);
      } catch (err) {
        sendError(ws, 'PTY_EXITED', (err as Error).message, { ...(id ? { id } : {}), type: 'pty:input' });
      }
    }

    let closed: Promise<void> | undefined;
    const close = () =>
      (closed ??= session.close().then(
        () => log.info('terminal session closed'),
        (err: unknown) => log.warn({ err }, 'terminal session close failed'),
      ));
    ws.on('close', () => {
      live.delete(ws);
      void close();
    });
    ws.on('error', (err) => log.warn({ err: err.message }, 'terminal socket error'));
    live.set(ws, {
      close,
      info: () => ({
        pid: session.pid,
        kind: command.kind,
        bytesOut: session.bytesOut,
        unsentBytes: unsent,
        bufferedAmount: ws.bufferedAmount,
        paused: session.paused,
        pauses,
        clientPaused,
        clientPauses,
        exited: session.exit !== null,
      }),
    });
  }

  return {
    get hasRoom() {
      return !closing && live.size + pendingUpgrades < maxSessions;
    },
    get sessions() {
      return [...live.values()].map((s) => s.info());
    },
    handleUpgrade(req, socket, head, size) {
      pendingUpgrades += 1;
      load().then(
        (loaded) => {
          pendingUpgrades -= 1;
          if (closing || socket.destroyed) {
            socket.destroy();
            return;
          }
          loaded.wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, loaded, size));
        },
        (err: unknown) => {
          pendingUpgrades -= 1;
          logger.error({ err }, 'terminal support failed to load');
          socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        },
      );
    },
    close() {
      closing ??= (async () => {
        const sessions = [...live.entries()];
        // hang up first, so each socket still carries its pty:exit; then say goodbye
        await Promise.all(sessions.map(([, s]) => s.close()));
        for (const [ws] of sessions)
          if (ws.readyState === ws.OPEN) ws.close(CLOSE_GOING_AWAY, 'server shutting down');
        if (loading) {
          const { wss, manager } = await loading.catch(() => ({ wss: undefined, manager: undefined }));
          await manager?.close();
          for (const ws of wss?.clients ?? []) ws.terminate();
          wss?.close();
        }
      })();
      return closing;
    },
  };
}
