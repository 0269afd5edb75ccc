/**
 * Server configuration, parsed once from the environment with zod (DESIGN section 6).
 * This is the only module of the backend that reads `process.env`.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Fully resolved server configuration. Times in ms, sizes in bytes, money in USD. */
export interface ServerConfig {
  /** Absolute path of the user's project; every file path is confined to it. */
  projectDir: string;
  anthropicApiKey: string;
  /** Overrides the Messages API endpoint (the offline stand-in, a proxy). */
  anthropicBaseUrl?: string | undefined;
  port: number;
  host: string;
  /** Created recursively; holds `paige.db` and, with a local Chroma, `chroma/`. */
  dataDir: string;
  /** External ChromaDB URL; unset = start a local Chroma child process (DESIGN section 5). */
  chromaUrl?: string | undefined;
  /** `false` = never start a local Chroma (memory stays degraded unless `chromaUrl` is set). */
  startLocalChroma: boolean;
  /** An `active` session older than this (by last action) is abandoned at start. Default 12 h. */
  sessionStaleMs: number;
  /** Daily spend limit in USD for optional model calls; `undefined` = no limit. */
  dailyBudgetUsd?: number | undefined;
  /** Alias -> model id overrides (`CLAUDE_MODEL_MAPPING`). */
  modelMapping?: Record<string, string> | undefined;
  /** Price table overrides (`CLAUDE_PRICING`), USD per million tokens. */
  pricing?: Record<string, unknown> | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `pretty` (human-readable, pino-pretty) or `json` (one JSON object per line); `undefined` = pretty on a TTY, else JSON. */
  logFormat?: 'pretty' | 'json' | undefined;
  /** Extra allowed `Origin` values for /mcp and /ws beyond loopback and Electron schemes. */
  allowedOrigins: string[];
  /** An MCP session with no request for this long is closed. Default 30 min. */
  mcpSessionIdleMs: number;
  /** Most live MCP sessions; the oldest idle one is evicted first. Default 64. */
  mcpMaxSessions: number;
  /** Largest accepted WebSocket frame in bytes. Default 16 MiB. */
  wsMaxPayload: number;
  /** Largest file the editor may open, bytes. Default 5 MiB. */
  maxFileBytes: number;
  /** Total bytes of the buffer cache. Default 256 MiB. */
  maxBufferBytes: number;
  /** Path of the `gh` executable (found on PATH by default). */
  ghPath: string;
  /** Time limit of one `gh issue list` run, ms. Default 15 s. */
  ghTimeoutMs: number;
  /** How long an issue assessment stays cached, ms. Default 6 h. */
  issueAssessmentTtlMs: number;
  /** Observer idle trigger, ms (Story 10). Default 5 min. */
  observerIdleMs: number;
  /** Start the file watcher (tests may turn it off). */
  watchFiles: boolean;
  /**
   * The secret of the browser-facing doors (`PAIGE_TOKEN`); unset: made on first start and kept in
   * `DATA_DIR/token` (issue 17).
   */
  token?: string | undefined;
  /** Make a new token at start even when `DATA_DIR/token` exists (the `--new-token` flag). Default false. */
  rotateToken: boolean;
  /** The terminal served at `/pty` (issue 17). */
  terminal: TerminalConfig;
  /** Serve the face (`@paige/web`'s built page) at `/` (`PAIGE_WEB`, default true). */
  web: boolean;
  /** Folder of the built page to serve instead of `@paige/web`'s `dist/` (`PAIGE_WEB_DIR`). */
  webDir?: string | undefined;
}

/** Settings of the `/pty` terminal (issue 17). */
export interface TerminalConfig {
  /** `PAIGE_TERMINAL` (default true); false: `/pty` answers 404 (an Electron shell owns its PTY). */
  enabled: boolean;
  /** `PAIGE_TERMINAL_COMMAND`: a shell command line run instead of Claude Code or the shell. */
  command?: string | undefined;
  /**
   * Base environment of a terminal's process: the server's environment without `PAIGE_TOKEN`; the server adds
   * `PAIGE_URL`. `PATH` is searched for `claude`, `SHELL` is the fallback program.
   */
  env: Record<string, string>;
  /** The Paige Claude Code plugin passed as `--plugin-dir` (`PAIGE_PLUGIN_DIR`, default the repo's apps/claude-plugin). */
  pluginDir?: string | undefined;
}

/** Raised for an invalid environment; `issues` names each variable at fault. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(readonly issues: string[]) {
    super(issues.join('\n'));
    this.name = 'ConfigError';
  }
}

const API_KEY_MISSING =
  "ANTHROPIC_API_KEY is required (a Claude API key): set it in the environment or in the project's .env file";

const int = (name: string, def: number, min = 0) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be an integer` })
    .min(min, { error: `${name} must be >= ${min}` })
    .default(def);

const jsonRecord = (name: string) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        const v: unknown = JSON.parse(s);
        if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
      } catch {
        // fall through
      }
      ctx.addIssue({ code: 'custom', message: `${name} must be a JSON object` });
      return z.NEVER;
    })
    .optional();

const EnvSchema = z.object({
  PROJECT_DIR: z.string().trim().min(1, { error: 'PROJECT_DIR must not be empty' }).optional(),
  ANTHROPIC_API_KEY: z.string({ error: API_KEY_MISSING }).trim().min(1, { error: API_KEY_MISSING }),
  ANTHROPIC_BASE_URL: z.url({ error: 'ANTHROPIC_BASE_URL must be a URL' }).optional(),
  PORT: int('PORT', 3000, 0).refine((p) => p <= 65535, { error: 'PORT must be <= 65535' }),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1).optional(),
  CHROMA_URL: z.url({ error: 'CHROMA_URL must be a URL' }).optional(),
  CHROMADB_URL: z.url({ error: 'CHROMADB_URL must be a URL' }).optional(),
  PAIGE_START_CHROMA: z.enum(['true', 'false', '1', '0']).optional(),
  PAIGE_SESSION_STALE_HOURS: z.coerce
    .number({ error: 'PAIGE_SESSION_STALE_HOURS must be a number' })
    .positive({ error: 'PAIGE_SESSION_STALE_HOURS must be > 0' })
    .default(12),
  PAIGE_DAILY_BUDGET_USD: z.coerce
    .number({ error: 'PAIGE_DAILY_BUDGET_USD must be a number' })
    .nonnegative({ error: 'PAIGE_DAILY_BUDGET_USD must be >= 0' })
    .optional(),
  CLAUDE_MODEL_MAPPING: jsonRecord('CLAUDE_MODEL_MAPPING'),
  CLAUDE_PRICING: jsonRecord('CLAUDE_PRICING'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json'], { error: 'LOG_FORMAT must be pretty or json' }).optional(),
  PAIGE_ALLOWED_ORIGINS: z.string().optional(),
  PAIGE_MCP_SESSION_IDLE_MS: int('PAIGE_MCP_SESSION_IDLE_MS', 30 * 60_000, 1000),
  PAIGE_MCP_MAX_SESSIONS: int('PAIGE_MCP_MAX_SESSIONS', 64, 1),
  PAIGE_WS_MAX_PAYLOAD: int('PAIGE_WS_MAX_PAYLOAD', 16 * 1024 * 1024, 1024),
  PAIGE_MAX_FILE_BYTES: int('PAIGE_MAX_FILE_BYTES', 5 * 1024 * 1024, 1),
  PAIGE_MAX_BUFFER_BYTES: int('PAIGE_MAX_BUFFER_BYTES', 256 * 1024 * 1024, 1024),
  PAIGE_GH_PATH: z.string().trim().min(1).default('gh'),
  PAIGE_GH_TIMEOUT_MS: int('PAIGE_GH_TIMEOUT_MS', 15_000, 100),
  PAIGE_ISSUE_CACHE_MINUTES: z.coerce.number().nonnegative().default(360),
  PAIGE_OBSERVER_IDLE_MS: int('PAIGE_OBSERVER_IDLE_MS', 5 * 60_000, 1000),
  PAIGE_WATCH: z.enum(['true', 'false', '1', '0']).optional(),
  PAIGE_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9._~-]{32,512}$/, {
      error: 'PAIGE_TOKEN must be 32..512 characters of A-Z a-z 0-9 . _ ~ -',
    })
    .optional(),
  PAIGE_TERMINAL: z
    .enum(['true', 'false', '1', '0'], { error: 'PAIGE_TERMINAL must be true or false' })
    .optional(),
  PAIGE_TERMINAL_COMMAND: z.string().optional(),
  PAIGE_PLUGIN_DIR: z.string().trim().min(1).optional(),
  PAIGE_WEB: z.enum(['true', 'false', '1', '0'], { error: 'PAIGE_WEB must be true or false' }).optional(),
  PAIGE_WEB_DIR: z.string().trim().min(1).optional(),
});

/** Every variable {@link loadConfig} reads (the CLI's `.env` loading and `--help` use this list). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

/** The repo's Claude Code plugin (`apps/claude-plugin`), found from `src/` and from the built `dist/` alike. */
function defaultPluginDir(): string | undefined {
  const dir = fileURLToPath(new URL('../../claude-plugin', import.meta.url));
  return existsSync(join(dir, '.claude-plugin', 'plugin.json')) ? dir : undefined;
}

const flag = (v: string | undefined, def: boolean) => (v === undefined ? def : v === 'true' || v === '1');

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** The directory `PROJECT_DIR` defaults to (default: `process.cwd()`). */
  cwd?: string;
}

/**
 * Parses the environment into a {@link ServerConfig}. `PROJECT_DIR` defaults to `options.cwd` (the current
 * directory); `ANTHROPIC_API_KEY` is required (spec Story 1).
 * @throws {ConfigError} naming every missing or invalid variable, or a `PROJECT_DIR` that does not exist.
 * Side effect: creates `DATA_DIR` recursively (default `~/.paige`).
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: LoadConfigOptions = {},
): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const messages = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      return i.message.includes(name) ? i.message : `${name}: ${i.message}`;
    });
    throw new ConfigError([...new Set(messages)]);
  }
  const e = parsed.data;
  const projectDir = resolve(options.cwd ?? process.cwd(), e.PROJECT_DIR ?? '.');
  if (!existsSync(projectDir)) throw new ConfigError([`PROJECT_DIR path does not exist: ${projectDir}`]);
  if (!statSync(projectDir).isDirectory())
    throw new ConfigError([`PROJECT_DIR is not a directory: ${projectDir}`]);
  const dataDir = e.DATA_DIR ? resolve(options.cwd ?? process.cwd(), e.DATA_DIR) : join(homedir(), '.paige');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new ConfigError([`DATA_DIR cannot be created: ${dataDir} (${(err as Error).message})`]);
  }
  const chromaUrl = e.CHROMA_URL ?? e.CHROMADB_URL;
  return {
    projectDir,
    anthropicApiKey: e.ANTHROPIC_API_KEY,
    anthropicBaseUrl: e.ANTHROPIC_BASE_URL,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    chromaUrl,
    startLocalChroma: flag(e.PAIGE_START_CHROMA, true),
    sessionStaleMs: e.PAIGE_SESSION_STALE_HOURS * 3_600_000,
    dailyBudgetUsd: e.PAIGE_DAILY_BUDGET_USD,
    modelMapping: e.CLAUDE_MODEL_MAPPING as Record<string, string> | undefined,
    pricing: e.CLAUDE_PRICING,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    allowedOrigins: (e.PAIGE_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    mcpSessionIdleMs: e.PAIGE_MCP_SESSION_IDLE_MS,
    mcpMaxSessions: e.PAIGE_MCP_MAX_SESSIONS,
    wsMaxPayload: e.PAIGE_WS_MAX_PAYLOAD,
    maxFileBytes: e.PAIGE_MAX_FILE_BYTES,
    maxBufferBytes: e.PAIGE_MAX_BUFFER_BYTES,
    ghPath: e.PAIGE_GH_PATH,
    ghTimeoutMs: e.PAIGE_GH_TIMEOUT_MS,
    issueAssessmentTtlMs: e.PAIGE_ISSUE_CACHE_MINUTES * 60_000,
    observerIdleMs: e.PAIGE_OBSERVER_IDLE_MS,
    watchFiles: flag(e.PAIGE_WATCH, true),
    token: e.PAIGE_TOKEN,
    rotateToken: false,
    terminal: {
      enabled: flag(e.PAIGE_TERMINAL, true),
      command: e.PAIGE_TERMINAL_COMMAND?.trim() || undefined,
      env: Object.fromEntries(
        Object.entries(env).filter(
          (kv): kv is [string, string] => kv[1] !== undefined && kv[0] !== 'PAIGE_TOKEN',
        ),
      ),
      pluginDir: e.PAIGE_PLUGIN_DIR ? resolve(e.PAIGE_PLUGIN_DIR) : defaultPluginDir(),
    },
    web: flag(e.PAIGE_WEB, true),
    webDir: e.PAIGE_WEB_DIR === undefined ? undefined : resolve(e.PAIGE_WEB_DIR),
  };
}
