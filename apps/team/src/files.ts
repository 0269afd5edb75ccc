/**
 * Files in the team server's data folder: the mentor token (`mentor-token`, 0600) and the runtime file
 * (`team.json`, 0600: url, port, pid, token) that `paige-team invite` uses to reach a running server.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MENTOR_TOKEN_FILE = 'mentor-token';
export const RUNTIME_FILE = 'team.json';

/** Writes a file atomically with mode 0600. */
export function writePrivateFile(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** The mentor token: `fixed` when set, else `dataDir/mentor-token`, else a new 256-bit one written there. */
export function loadOrCreateMentorToken(dataDir: string, fixed?: string): string {
  if (fixed) return fixed;
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, MENTOR_TOKEN_FILE);
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (/^[A-Za-z0-9._~-]{32,512}$/.test(token)) return token;
  }
  const token = randomBytes(32).toString('base64url');
  writePrivateFile(path, `${token}\n`);
  return token;
}

/** Content of `team.json`. */
export interface TeamRuntimeInfo {
  url: string;
  port: number;
  pid: number;
  token: string;
}

export function writeRuntimeInfo(dataDir: string, info: TeamRuntimeInfo): void {
  writePrivateFile(join(dataDir, RUNTIME_FILE), `${JSON.stringify(info, null, 2)}\n`);
}

export function readRuntimeInfo(dataDir: string): TeamRuntimeInfo | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, RUNTIME_FILE), 'utf8')) as TeamRuntimeInfo;
  } catch {
    return undefined;
  }
}

export function removeRuntimeInfo(dataDir: string, pid: number): void {
  const info = readRuntimeInfo(dataDir);
  if (info && info.pid !== pid) return;
  rmSync(join(dataDir, RUNTIME_FILE), { force: true });
}
