/**
 * `DATA_DIR/server.json` (issue 17 item 5): how other tools find the running server and its token. Written (mode
 * 0600, atomically) once the server listens, removed at a clean shutdown; a SIGKILLed server leaves it behind, and the
 * next start overwrites it (`pid` tells a live file from a stale one).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivateFile } from './auth.js';

/** Name of the runtime file in `DATA_DIR`. */
export const RUNTIME_FILE = 'server.json';

/** Content of `DATA_DIR/server.json`. */
export interface RuntimeInfo {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  port: number;
  pid: number;
  /** The token of `/ws` and `/pty` (Bearer or cookie via `<url>/?token=<token>`). */
  token: string;
  /** ISO 8601. */
  startedAt: string;
}

/** Writes the runtime file (mode 0600). */
export function writeRuntimeFile(dataDir: string, info: RuntimeInfo): void {
  writePrivateFile(join(dataDir, RUNTIME_FILE), `${JSON.stringify(info, null, 2)}\n`);
}

/** Reads the runtime file, or `undefined` when it is missing or not valid JSON. */
export function readRuntimeFile(dataDir: string): RuntimeInfo | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, RUNTIME_FILE), 'utf8')) as RuntimeInfo;
  } catch {
    return undefined;
  }
}

/** Removes the runtime file when it still describes this server (same pid and port): another server may own it now. */
export function removeRuntimeFile(dataDir: string, self: { pid: number; port: number }): void {
  const info = readRuntimeFile(dataDir);
  if (info && (info.pid !== self.pid || info.port !== self.port)) return;
  rmSync(join(dataDir, RUNTIME_FILE), { force: true });
}
