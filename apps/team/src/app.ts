/**
 * The team server's HTTP API (hono), issue 26 items 1-4:
 *
 * - `GET /health`: `{ status, version, database: { driver, ok } }` (503 when the database does not answer).
 * - `POST /api/join` `{ code, displayName }` -> `{ learnerId, token, teamName, shares }`.
 * - `POST /api/push` (Bearer learner token) `{ learnerId, records }` -> `{ accepted, duplicates, highestSeq }`.
 * - `GET /api/me`, `POST /api/leave` (Bearer learner token).
 * - Mentor (Bearer mentor token or the `paige-team-token` cookie set by opening `/?token=...`):
 *   `POST /api/mentor/invites`, `GET /api/mentor/cohort`, `GET /api/mentor/learners/:id/timeline`,
 *   `POST /api/mentor/learners/:id/revoke`, `PUT /api/mentor/budget`.
 * - `/`: the mentor's page (when built).
 *
 * Every body is validated with `@paige/team-protocol`'s schemas; a refusal is `{ error: { code, message } }` with a
 * 4xx and nothing written. A learner token never opens a mentor route, and a push is only accepted for the token's
 * own learner id.
 */
import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import type { z } from 'zod';
import {
  BudgetRequestSchema,
  CreateInviteRequestSchema,
  JoinRequestSchema,
  MAX_PUSH_BYTES,
  PushRequestSchema,
  TEAM_ERROR_STATUS,
  type TeamErrorCode,
} from '@paige/team-protocol';
import type { TeamDatabase } from './db/index.js';
import type { Logger } from './logger.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import {
  TeamError,
  authenticateLearner,
  cohortView,
  createInvite,
  ingestRecords,
  joinTeam,
  leaveTeam,
  learnerTimeline,
  revokeLearner,
  setBudget,
  type AuthedLearner,
} from './team.js';

/** Name of the mentor's cookie. */
export const MENTOR_COOKIE = 'paige-team-token';

/** What the HTTP API needs. */
export interface TeamAppOptions {
  database: TeamDatabase;
  mentorToken: string;
  teamName: string;
  version: string;
  logger: Logger;
  /** Pushes per learner token: a burst and a sustained rate per second (default 30, 10/s). */
  rateLimit?: { burst: number; perSecond: number };
  /** The built mentor page (`dist/web`); absent: `/` says it is not built. */
  webDir?: string | undefined;
}

/** Builds the hono app. */
export function createTeamApp(opts: TeamAppOptions): Hono {
  const { database, logger } = opts;
  const db = database.db;
  const limiter: RateLimiter = createRateLimiter(opts.rateLimit ?? { burst: 30, perSecond: 10 });
  const app = new Hono();

  const fail = (c: Context, code: TeamErrorCode, message: string, issues?: string[]) =>
    c.json({ error: issues ? { code, message, issues } : { code, message } }, TEAM_ERROR_STATUS[code] as 400);

  app.onError((err, c) => {
    if (err instanceof TeamError) return fail(c, err.code, err.message);
    if (isDatabaseDown(err)) {
      logger.warn({ err: (err as Error).message }, 'database unavailable');
      return fail(c, 'DATABASE_UNAVAILABLE', 'the team database is not answering: retry later');
    }
    logger.error({ err }, 'request failed');
    return fail(c, 'INTERNAL', 'internal error');
  });

  async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S> | Response> {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return fail(c, 'INVALID_REQUEST', 'the body is not JSON');
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 10)
        .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      return fail(c, 'INVALID_REQUEST', 'the body does not match the schema', issues);
    }
    return parsed.data as z.infer<S>;
  }

  const bearer = (c: Context): string | undefined => {
    const h = c.req.header('authorization');
    const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
    return m?.[1];
  };

  async function learnerOf(c: Context): Promise<AuthedLearner | Response> {
    const token = bearer(c);
    if (!token) return fail(c, 'UNAUTHORIZED', 'a learner token is required (Authorization: Bearer ...)');
    return authenticateLearner(db, token);
  }

  const mentorOk = (c: Context): boolean => {
    const candidate = bearer(c) ?? getCookie(c, MENTOR_COOKIE);
    return candidate !== undefined && safeEqual(candidate, opts.mentorToken);
  };

  app.get('/health', async (c) => {
    let ok = true;
    let detail: string | undefined;
    try {
      await database.ping();
    } catch (err) {
      ok = false;
      detail = (err as Error).message;
    }
    const body = {
      status: ok ? 'ok' : 'degraded',
      version: opts.version,
      database: detail ? { driver: database.driver, ok, detail } : { driver: database.driver, ok },
    };
    return c.json(body, ok ? 200 : 503);
  });

  const limitBody = bodyLimit({
    maxSize: MAX_PUSH_BYTES,
    onError: async (c) => {
      await drain(c.req.raw, 16 * MAX_PUSH_BYTES); // so the client reads the 413 instead of a reset connection
      return fail(c, 'PAYLOAD_TOO_LARGE', `a body is at most ${MAX_PUSH_BYTES} bytes`);
    },
  });

  app.post(
    '/api/join',
    bodyLimit({ maxSize: 16 * 1024, onError: (c) => fail(c, 'PAYLOAD_TOO_LARGE', 'body too large') }),
    async (c) => {
      const body = await parseBody(c, JoinRequestSchema);
      if (body instanceof Response) return body;
      const joined = await joinTeam(db, {
        code: body.code,
        displayName: body.displayName,
        teamName: opts.teamName,
      });
      logger.info({ learnerId: joined.learnerId }, 'learner joined');
      return c.json(joined, 201);
    },
  );

  app.post('/api/push', limitBody, async (c) => {
    const learner = await learnerOf(c);
    if (learner instanceof Response) return learner;
    if (!limiter.take(learner.id)) {
      c.header('Retry-After', String(limiter.retryAfterSeconds(learner.id)));
      return fail(c, 'RATE_LIMITED', 'too many pushes: retry after the Retry-After delay');
    }
    const body = await parseBody(c, PushRequestSchema);
    if (body instanceof Response) return body;
    if (body.learnerId !== learner.id)
      return fail(c, 'LEARNER_MISMATCH', 'a learner may push only its own records');
    const result = await ingestRecords(db, learner.id, body.records);
    logger.debug({ learnerId: learner.id, ...result }, 'push');
    return c.json(result);
  });

  app.get('/api/me', async (c) => {
    const learner = await learnerOf(c);
    if (learner instanceof Response) return learner;
    return c.json({
      learnerId: learner.id,
      displayName: learner.displayName,
      highestSeq: learner.highestSeq,
      teamName: opts.teamName,
    });
  });

  app.post('/api/leave', async (c) => {
    const learner = await learnerOf(c);
    if (learner instanceof Response) return learner;
    await leaveTeam(db, learner.id);
    logger.info({ learnerId: learner.id }, 'learner left');
    return c.json({ left: true });
  });

  app.use('/api/mentor/*', async (c, next) => {
    if (!mentorOk(c)) return fail(c, 'FORBIDDEN', "the mentor's token is required");
    await next();
  });

  app.post('/api/mentor/invites', async (c) => {
    const body = await parseBody(c, CreateInviteRequestSchema);
    if (body instanceof Response) return body;
    const invite = await createInvite(db, body);
    logger.info({ expiresAt: invite.expiresAt, uses: invite.uses }, 'invite created');
    return c.json(invite, 201);
  });

  app.get('/api/mentor/cohort', async (c) => c.json(await cohortView(db, { teamName: opts.teamName })));

  app.get('/api/mentor/learners/:id/timeline', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) return fail(c, 'NOT_FOUND', 'no such learner');
    return c.json(await learnerTimeline(db, id));
  });

  app.post('/api/mentor/learners/:id/revoke', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) return fail(c, 'NOT_FOUND', 'no such learner');
    await revokeLearner(db, id);
    logger.info({ learnerId: id }, 'learner revoked');
    return c.json({ revoked: true });
  });

  app.put('/api/mentor/budget', async (c) => {
    const body = await parseBody(c, BudgetRequestSchema);
    if (body instanceof Response) return body;
    await setBudget(db, body.budgetUsd);
    return c.json(body);
  });

  app.all('/api/*', (c) => fail(c, 'NOT_FOUND', 'no such endpoint'));

  // The mentor's page: `/?token=...` sets the cookie and redirects to a clean URL.
  app.get('*', async (c) => {
    const token = c.req.query('token');
    if (token !== undefined) {
      if (!safeEqual(token, opts.mentorToken))
        return c.text('wrong token: open the URL paige-team printed', 403);
      setCookie(c, MENTOR_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        maxAge: 400 * 24 * 3600,
      });
      return c.redirect('/', 302);
    }
    if (!opts.webDir) return c.text('the mentor page is not built (pnpm --filter @paige/team build)', 404);
    const rel = c.req.path === '/' ? 'index.html' : normalize(c.req.path).replace(/^[/\\]+/, '');
    if (rel.startsWith('..')) return c.text('not found', 404);
    const file = await readFile(join(opts.webDir, rel)).catch(() => undefined);
    const body =
      file ??
      (extname(rel) === ''
        ? await readFile(join(opts.webDir, 'index.html')).catch(() => undefined)
        : undefined);
    if (!body) return c.text('not found', 404);
    const type = CONTENT_TYPES[file ? extname(rel) : '.html'] ?? 'application/octet-stream';
    return c.body(new Uint8Array(body), 200, { 'content-type': type, 'x-content-type-options': 'nosniff' });
  });

  return app;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Reads and discards up to `max` bytes of a request body (the rest is left to the connection's close). */
async function drain(req: Request, max: number): Promise<void> {
  const reader = req.body?.getReader();
  if (!reader) return;
  let seen = 0;
  try {
    while (seen < max) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // the client went away
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

/** Failures a retry fixes: Postgres unreachable, restarting or shutting down, a pool timeout, a deadlock or serialization failure. */
function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: unknown };
  const code = e?.code ?? (e?.cause as { code?: string } | undefined)?.code;
  if (
    code &&
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      'ETIMEDOUT',
      '57P01',
      '57P02',
      '57P03',
      '08006',
      '08001',
      '08003',
      '40P01',
      '40001',
    ].includes(code)
  )
    return true;
  const message = `${e?.message ?? ''} ${(e?.cause as Error | undefined)?.message ?? ''}`;
  return /Connection terminated|connection timeout|terminating connection|the database system is (starting|shutting) up|Client has encountered a connection error|ECONNREFUSED/i.test(
    message,
  );
}
