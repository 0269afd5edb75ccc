/**
 * The team server's HTTP API shapes (issue 26 items 1, 2, 4): joining with an invite code, leaving, the mentor's
 * invites, revocation, budget and cohort views, and the error body every 4xx/5xx carries.
 */
import { z } from 'zod';
import {
  IsoTimestampSchema,
  LearnerIdSchema,
  RecordKindSchema,
  shareableText,
  type TeamDreyfusStage,
  type TeamSeverity,
} from './records.js';

/** Wire error codes of the team server (`{ error: { code, message } }`). */
export const TeamErrorCodeSchema = z.enum([
  'INVALID_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'INVITE_INVALID',
  'INVITE_EXPIRED',
  'INVITE_USED',
  'LEARNER_REVOKED',
  'LEARNER_MISMATCH',
  'NOT_FOUND',
  'RATE_LIMITED',
  'DATABASE_UNAVAILABLE',
  'INTERNAL',
]);
export type TeamErrorCode = z.infer<typeof TeamErrorCodeSchema>;

/** HTTP status of each error code. */
export const TEAM_ERROR_STATUS: Record<TeamErrorCode, number> = {
  INVALID_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  INVITE_INVALID: 403,
  INVITE_EXPIRED: 410,
  INVITE_USED: 410,
  LEARNER_REVOKED: 403,
  LEARNER_MISMATCH: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  DATABASE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Every error reply's body. */
export const TeamErrorBodySchema = z.strictObject({
  error: z.strictObject({
    code: TeamErrorCodeSchema,
    message: z.string(),
    issues: z.array(z.string()).optional(),
  }),
});
export type TeamErrorBody = z.infer<typeof TeamErrorBodySchema>;

/** An invite code: `pti_` + 32 base64url characters. */
export const InviteCodeSchema = z.string().regex(/^pti_[A-Za-z0-9_-]{32}$/, 'not an invite code');
/** A learner token: `ptl_` + 43 base64url characters (256 bits). Kept hashed (SHA-256) by the team server. */
export const LearnerTokenSchema = z.string().regex(/^ptl_[A-Za-z0-9_-]{43}$/, 'not a learner token');

/** `POST /api/join` body. */
export const JoinRequestSchema = z.strictObject({
  code: InviteCodeSchema,
  /** How the mentor sees the learner (a name or a handle). */
  displayName: shareableText(60),
});
export type JoinRequest = z.infer<typeof JoinRequestSchema>;

/** `POST /api/join` reply: the learner's id and token (shown once), and what the learner shares. */
export const JoinResponseSchema = z.strictObject({
  learnerId: LearnerIdSchema,
  token: LearnerTokenSchema,
  teamName: z.string(),
  shares: z.array(RecordKindSchema),
});
export type JoinResponse = z.infer<typeof JoinResponseSchema>;

/** `POST /api/mentor/invites` body: expiry in ms (default 7 days, at most 90) and how many joins it allows. */
export const CreateInviteRequestSchema = z.strictObject({
  expiresInMs: z
    .number()
    .int()
    .min(60_000)
    .max(90 * 24 * 3600 * 1000)
    .default(7 * 24 * 3600 * 1000),
  uses: z.number().int().min(1).max(1000).default(1),
});
export type CreateInviteRequest = z.input<typeof CreateInviteRequestSchema>;

/** `POST /api/mentor/invites` reply. The code is shown once; the server keeps its hash. */
export const CreateInviteResponseSchema = z.strictObject({
  code: InviteCodeSchema,
  expiresAt: IsoTimestampSchema,
  uses: z.number().int(),
});
export type CreateInviteResponse = z.infer<typeof CreateInviteResponseSchema>;

/** `PUT /api/mentor/budget` body: the cohort's model budget in USD (null: none). */
export const BudgetRequestSchema = z.strictObject({ budgetUsd: z.number().min(0).max(1_000_000).nullable() });
export type BudgetRequest = z.infer<typeof BudgetRequestSchema>;

/** One learner in the cohort table. */
export interface CohortLearner {
  learnerId: string;
  displayName: string;
  joinedAt: string;
  revoked: boolean;
  left: boolean;
  lastSeenAt: string | null;
  /** Stage per skill area. */
  stages: Record<string, TeamDreyfusStage>;
  sessions: number;
  abandonedSessions: number;
  nudges: number;
  openGaps: number;
  costUsd: number;
}

/** Why a learner may be stuck, with the evidence. */
export interface StuckLearner {
  learnerId: string;
  displayName: string;
  /** Readable reasons, e.g. "2 abandoned sessions in 14 days". */
  evidence: string[];
  score: number;
}

/** A gap several learners share. */
export interface SharedGap {
  topic: string;
  learners: number;
  /** Share of the cohort's active learners, 0..1. */
  share: number;
  worstSeverity: TeamSeverity;
  openSince: string;
}

/** `GET /api/mentor/cohort` reply. */
export interface CohortView {
  teamName: string;
  generatedAt: string;
  skillAreas: string[];
  learners: CohortLearner[];
  stuck: StuckLearner[];
  sharedGaps: SharedGap[];
  spend: {
    totalUsd: number;
    budgetUsd: number | null;
    perLearner: { learnerId: string; displayName: string; costUsd: number }[];
  };
}

/** One entry of a learner's timeline. */
export interface TimelineEntry {
  at: string;
  /** `summary`: a session's paragraph for a team lead, shared by the learner (issue 26 item 5). */
  kind: 'session' | 'practice' | 'gap' | 'stage' | 'summary';
  title: string;
  detail: string;
}

/** `GET /api/mentor/learners/:id/timeline` reply. */
export interface LearnerTimeline {
  learnerId: string;
  displayName: string;
  entries: TimelineEntry[];
}
