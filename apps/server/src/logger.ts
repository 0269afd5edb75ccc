/**
 * pino logger factory: JSON lines to stdout (production), or human-readable lines (pino-pretty) with
 * `LOG_FORMAT=pretty` (what `pnpm dev` sets: turbo pipes the output, so the TTY check alone never sees a terminal)
 * or, when `LOG_FORMAT` is unset, when stdout is a TTY.
 * Secrets never reach the log: the API key and token fields and credential headers are redacted wherever they appear
 * (the start line prints the token URL on purpose, as the way to open the page, issue 17).
 */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  level: string;
  /** `pretty` (pino-pretty) or `json`; default: pretty when stdout is a TTY. */
  format?: 'pretty' | 'json' | undefined;
  /** Same as `format` (`true` = `pretty`); `format` wins when both are given. */
  pretty?: boolean;
  /** Write to this stream instead of stdout (tests). */
  destination?: NodeJS.WritableStream;
}

/** Creates the server's root logger. */
export function createLogger(opts: CreateLoggerOptions): Logger {
  const pretty = opts.format ? opts.format === 'pretty' : (opts.pretty ?? Boolean(process.stdout.isTTY));
  const base = {
    level: opts.level,
    base: { name: 'paige' },
    redact: {
      paths: [
        'anthropicApiKey',
        'apiKey',
        '*.anthropicApiKey',
        '*.apiKey',
        'headers["x-api-key"]',
        'config.anthropicApiKey',
        'token',
        '*.token',
        'config.token',
        'headers.authorization',
        'headers.cookie',
        '*.headers.authorization',
        '*.headers.cookie',
      ],
      censor: '[redacted]',
    },
  };
  if (opts.destination) return pino(base, opts.destination);
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } },
    });
  }
  // Asynchronous stdout: a slow reader of the pipe must never block the event loop (hardening soak).
  // Call `logger.flush()` before exiting.
  return pino(base, pino.destination({ dest: 1, sync: false, minLength: 0 }));
}
