import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { StoreError } from './errors.js';
import type { PaigeDatabase } from './database.js';

/** A new entity id (UUID v4 text, DESIGN section 3). */
export function newId(): string {
  return randomUUID();
}

/** The database clock as ISO 8601 (`2026-02-11T10:00:00.000Z`). */
export function nowIso(database: PaigeDatabase): string {
  return database.now().toISOString();
}

/** Parses `value` with `schema` or throws `StoreError('INVALID_INPUT')` naming `what`. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new StoreError(
      'INVALID_INPUT',
      `invalid ${what}${where}: ${issue?.message ?? 'validation failed'}`,
    );
  }
  return result.data;
}

/** Runs `fn` in a `BEGIN IMMEDIATE` transaction (nested calls become savepoints). */
export function inTransaction<T>(database: PaigeDatabase, fn: () => T): T {
  return database.sqlite.transaction(fn).immediate();
}
