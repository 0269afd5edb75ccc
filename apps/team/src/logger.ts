/**
 * pino logger like the learner's server (`apps/server/src/logger.ts`): JSON lines to stdout, or pino-pretty with
 * `LOG_FORMAT=pretty` or on a TTY. Tokens, invite codes and credential headers are redacted.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export interface CreateLoggerOptions {
  level: string;
  format?: 'pretty' | 'json' | undefined;
  destination?: NodeJS.WritableStream;
}

export function createLogger(opts: CreateLoggerOptions): Logger {
  const pretty = opts.format ? opts.format === 'pretty' : Boolean(process.stdout.isTTY);
  const base = {
    level: opts.level,
    base: { name: 'paige-team' },
    redact: {
      paths: [
        'token',
        '*.token',
        'code',
        '*.code',
        'mentorToken',
        'databaseUrl',
        '*.databaseUrl',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: '[redacted]',
    },
  };
  if (opts.destination) return pino(base, opts.destination);
  if (pretty)
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } },
    });
  return pino(base, pino.destination({ dest: 1, sync: false, minLength: 0 }));
}
