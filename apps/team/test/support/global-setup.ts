/**
 * vitest global setup: one real Postgres for the whole run (tests make their own database in it), or a clear
 * skip reason when it cannot run here.
 */
import type { TestProject } from 'vitest/node';
import { postgresUnavailable, startPostgres, type TestPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    pgSkip: string;
  }
}

let pg: TestPostgres | undefined;

export async function setup(project: TestProject): Promise<void> {
  const reason = postgresUnavailable();
  if (reason) {
    console.warn(`\n[team tests] SKIPPING the real-Postgres tests: ${reason}\n`);
    project.provide('pgUrl', '');
    project.provide('pgSkip', reason);
    return;
  }
  pg = await startPostgres();
  project.provide('pgUrl', pg.url);
  project.provide('pgSkip', '');
}

export async function teardown(): Promise<void> {
  pg?.destroy();
}
