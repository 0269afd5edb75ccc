/**
 * The team server's settings (the only module that reads the environment, with `cli.ts` mapping options to
 * variables). Validated with zod; a problem names the variable.
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

/** Settings of one team server. */
export interface TeamConfig {
  port: number;
  host: string;
  /** Mentor token file, runtime file and (without `databaseUrl`) the embedded database. */
  dataDir: string;
  /** `postgres://...`; undefined: embedded PGlite in `dataDir/pglite`. */
  databaseUrl: string | undefined;
  /** Fixed mentor token (set the same one on every instance behind a load balancer). */
  mentorToken: string | undefined;
  teamName: string;
  /** The URL learners use (behind a proxy); default the listening URL. */
  publicUrl: string | undefined;
  logLevel: string;
  logFormat: 'pretty' | 'json' | undefined;
  rateLimit: { burst: number; perSecond: number };
}

/** Variables the team server reads. */
export const TEAM_VARIABLES = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'DATABASE_URL',
  'PAIGE_TEAM_TOKEN',
  'PAIGE_TEAM_NAME',
  'PAIGE_TEAM_PUBLIC_URL',
  'PAIGE_TEAM_RATE_BURST',
  'PAIGE_TEAM_RATE_PER_SECOND',
  'LOG_LEVEL',
  'LOG_FORMAT',
] as const;

export class TeamConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid settings: ${issues.join('; ')}`);
    this.name = 'TeamConfigError';
  }
}

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  PAIGE_TEAM_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9._~-]{32,512}$/, 'must be 32..512 of A-Za-z0-9._~-')
    .optional(),
  PAIGE_TEAM_NAME: z.string().min(1).max(80).default('Paige team'),
  PAIGE_TEAM_PUBLIC_URL: z.url().optional(),
  PAIGE_TEAM_RATE_BURST: z.coerce.number().int().min(1).default(30),
  PAIGE_TEAM_RATE_PER_SECOND: z.coerce.number().positive().default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
});

/**
 * Reads the settings from `env`.
 * @throws {TeamConfigError} naming each invalid variable.
 */
export function loadTeamConfig(env: Record<string, string | undefined>, cwd = process.cwd()): TeamConfig {
  const clean: Record<string, string> = {};
  for (const name of TEAM_VARIABLES) {
    const v = env[name];
    if (v !== undefined && v !== '') clean[name] = v;
  }
  const parsed = Env.safeParse(clean);
  if (!parsed.success)
    throw new TeamConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(cwd, e.DATA_DIR ?? resolve(homedir(), '.paige-team')),
    databaseUrl: e.DATABASE_URL,
    mentorToken: e.PAIGE_TEAM_TOKEN,
    teamName: e.PAIGE_TEAM_NAME,
    publicUrl: e.PAIGE_TEAM_PUBLIC_URL?.replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    rateLimit: { burst: e.PAIGE_TEAM_RATE_BURST, perSecond: e.PAIGE_TEAM_RATE_PER_SECOND },
  };
}
