/**
 * pino logger factory: JSON lines to stdout, pretty-printed when stdout is a TTY.
 * Secrets never reach the log: the API key and token fields and credential headers are redacted wherever they appear
 * (the start line prints the token URL on purpose, as the way to open the page, issue 17).
 */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  level: string;
  /** Pretty output (pino-pretty); default: when stdout is a TTY. */
  pretty?: boolean;
  /** Write to this stream instead of stdout (tests). */
  destination?: NodeJS.WritableStream;
}

/** Creates the server's root logger. */
export function createLogger(opts: CreateLoggerOptions): Logger {
  const pretty = opts.pretty ?? Boolean(process.stdout.isTTY);
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
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } });
  }
  // Asynchronous stdout: a slow reader of the pipe must never block the event loop (hardening soak).
  // Call `logger.flush()` before exiting.
  return pino(base, pino.destination({ dest: 1, sync: false, minLength: 0 }));
}
