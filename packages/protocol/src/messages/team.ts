/** Sharing with a team server, as the learner's page sees it (issue 26 item 3: "the page shows the sharing status"). */
import { z } from 'zod';
import { CountSchema, ErrorMessageSchema, IsoTimestampSchema, LabelSchema } from '../common.js';

/** The sharing status: joined or not, the last delivery, the records waiting in the outbox, the last failure. */
export const TeamStatusSchema = z.object({
  /** A team is joined and its token is present. */
  joined: z.boolean(),
  /** The team's name (null when not joined). */
  teamName: LabelSchema.nullable(),
  /** The team server's URL (null when not joined). */
  teamUrl: z.string().max(2048).nullable(),
  /** When the sender last delivered records (null: never since this server started). */
  lastDeliveredAt: IsoTimestampSchema.nullable(),
  /** Records in the outbox not delivered yet. */
  waiting: CountSchema,
  /** The last delivery failure, while it lasts (null when the last attempt succeeded). */
  lastError: ErrorMessageSchema.nullable(),
});
export type TeamStatus = z.infer<typeof TeamStatusSchema>;

/** A team server's URL as the learner types it: http(s) only, no credentials in it, at most 2,048 characters. */
export const TeamUrlSchema = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .regex(/^https?:\/\/[^\s]+$/i, 'must be an http:// or https:// URL')
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
      } catch {
        return false;
      }
    },
    { message: 'must be an http:// or https:// URL' },
  );

/**
 * Why joining a team failed: the team server's own codes (`INVITE_INVALID`, `INVITE_EXPIRED`, `INVITE_USED`,
 * `RATE_LIMITED`), `INVALID_REQUEST` (a bad URL, code or name: nothing was sent), `UNREACHABLE` (no answer from the
 * team server), `ALREADY_JOINED` (leave the current team first), `TEAM_SERVER_ERROR` (any other refusal).
 */
export const TeamJoinErrorCodeSchema = z.enum([
  'INVALID_REQUEST',
  'INVITE_INVALID',
  'INVITE_EXPIRED',
  'INVITE_USED',
  'RATE_LIMITED',
  'UNREACHABLE',
  'ALREADY_JOINED',
  'TEAM_SERVER_ERROR',
]);
export type TeamJoinErrorCode = z.infer<typeof TeamJoinErrorCodeSchema>;

export const teamClientMessages = {
  /** Ask for the sharing status (issue 26 item 3). Reply `team:status`. */
  'team:status_request': z.object({}),
  /**
   * Join a team server with a mentor's invite code, after the page showed what is shared (issue 26 item 2). Reply
   * `team:status` (joined; every other window gets it too) or `team:join_error` (nothing stored).
   */
  'team:join': z.strictObject({
    url: TeamUrlSchema,
    /** The invite code (`pti_...`; the team server checks it). */
    code: z.string().trim().min(1).max(200),
    /** How the mentor sees the learner (one line, at most 60 characters). */
    displayName: z.string().trim().min(1).max(60),
  }),
  /** Stop sharing (issue 26 item 2): tells the team server, deletes the token, drops what was waiting. Reply `team:status`. */
  'team:leave': z.strictObject({}),
} as const;

export const teamServerMessages = {
  /** The sharing status, in reply to `team:status_request`. */
  'team:status': TeamStatusSchema,
  /** Joining failed (`team:join`); nothing was stored. `message` is the team server's own when it answered. */
  'team:join_error': z.object({
    code: TeamJoinErrorCodeSchema,
    message: ErrorMessageSchema,
  }),
} as const;
