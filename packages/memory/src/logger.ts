/**
 * The logging surface `@paige/memory` writes to. A pino `Logger` satisfies it (`logger.warn({ ...fields }, 'msg')`).
 */
export interface MemoryLogger {
  debug?(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** The default logger: warnings and errors to stderr as one line each, info and debug dropped. */
export function createStderrLogger(): MemoryLogger {
  const write = (level: string, fields: Record<string, unknown>, message: string): void => {
    process.stderr.write(`[paige/memory] ${level}: ${message} ${JSON.stringify(fields)}\n`);
  };
  return {
    info: () => undefined,
    warn: (fields, message) => write('warn', fields, message),
    error: (fields, message) => write('error', fields, message),
  };
}

/** Turns any thrown value into loggable fields without a stack trace. */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      error: err.message,
      errorName: err.name,
      ...(typeof code === 'string' ? { errorCode: code } : {}),
    };
  }
  return { error: String(err) };
}
