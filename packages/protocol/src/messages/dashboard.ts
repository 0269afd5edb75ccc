/**
 * The launch dashboard (Story 12): an immediate `dashboard:state` from SQLite, then issues, challenges and
 * learning materials as they arrive (issue 10 names `dashboard:challenges` and
 * `dashboard:learning_materials`).
 */
import { z } from 'zod';
import {
  ConfidenceSchema,
  CountSchema,
  ErrorMessageSchema,
  HttpUrlSchema,
  IdSchema,
  IsoTimestampSchema,
  KataLevelSchema,
  LabelSchema,
  ProseSchema,
} from '../common.js';
import { DifficultySchema, DreyfusStageSchema, ImportanceSchema, StatsPeriodSchema } from '../enums.js';
import { WsErrorCodeSchema } from '../envelope.js';
import { KataConstraintSchema } from './practice.js';
import { NonCodeChallengeSummarySchema } from './practice-run.js';
import { IssueNumberSchema } from './session.js';

/** One Dreyfus assessment row (Story 12 `dashboard:state.dreyfus`). */
export const DreyfusAssessmentSchema = z.object({
  skillArea: LabelSchema,
  stage: DreyfusStageSchema,
  confidence: ConfidenceSchema,
  assessedAt: IsoTimestampSchema,
});

/**
 * API cost and latency of one model over the period (primary Story 4 AS-6: cost by model, average latency).
 * `costUsd` in USD; `averageLatencyMs` in ms over the successful calls only, `null` when none succeeded.
 */
export const ModelCostSchema = z.object({
  model: LabelSchema,
  callCount: CountSchema,
  costUsd: z.number().nonnegative(),
  averageLatencyMs: z.number().nonnegative().nullable(),
});
export type ModelCost = z.infer<typeof ModelCostSchema>;

/**
 * Aggregates for the chosen period (Story 12 "SQLite Queries"); `apiCostTotal` in USD.
 * - `knowledgeGapsIdentified`: gaps encountered in the period; `knowledgeGapsAddressed`: gaps marked addressed in
 *   the period (a passed kata built for the gap, or a later wrap-up), every addressed gap for `all`.
 * - `actionsLogged`: `action_log` rows in the period (Story 12 AS-2).
 * - `apiCallCount`: `api_call_log` rows (one per attempt, failures included); `apiCallsFailed`: those that failed.
 * - `averageLatencyMs`: ms over the successful calls, `null` when none; `costByModel`: most expensive first.
 * The last five fields were added by issue 20 (item 1): optional in the schema so older payloads stay valid, always
 * sent by this server.
 */
export const DashboardStatsSchema = z.object({
  period: StatsPeriodSchema,
  sessionsCompleted: CountSchema,
  totalCoachingMinutes: z.number().nonnegative(),
  issuesWorkedOn: CountSchema,
  knowledgeGapsIdentified: CountSchema,
  knowledgeGapsAddressed: CountSchema,
  hintsUsed: CountSchema,
  apiCostTotal: z.number().nonnegative(),
  actionsLogged: CountSchema.optional(),
  apiCallCount: CountSchema.optional(),
  apiCallsFailed: CountSchema.optional(),
  averageLatencyMs: z.number().nonnegative().nullable().optional(),
  costByModel: z.array(ModelCostSchema).max(100).optional(),
});
export type DashboardStats = z.infer<typeof DashboardStatsSchema>;

/**
 * A session that can be continued (Story 12 `inProgressSessions`): the `active` one, and `abandoned` ones of this
 * project, which `session:resume` re-activates (issue 20 item 4). `status` is absent from older servers.
 */
export const InProgressSessionSchema = z.object({
  id: IdSchema,
  issueNumber: IssueNumberSchema.nullable(),
  issueTitle: LabelSchema.nullable(),
  startedAt: IsoTimestampSchema,
  status: z.enum(['active', 'abandoned']).optional(),
});

/** A GitHub issue ranked for this learner (Story 12 `dashboard:issues`, camelCase of the prompt schema). */
export const DashboardIssueSchema = z.object({
  number: IssueNumberSchema,
  title: LabelSchema,
  summary: ProseSchema,
  suitability: z.enum(['good_fit', 'stretch', 'too_advanced']),
  suitabilityReason: ProseSchema,
  estimatedDifficulty: DifficultySchema,
  relevantSkills: z.array(LabelSchema).max(50),
  priorityScore: ConfidenceSchema,
  priorityFactors: z.object({
    userTagged: z.boolean(),
    similarToRecentWork: z.boolean(),
    addressesKnowledgeGap: z.boolean(),
    teamUrgency: ImportanceSchema,
  }),
  learningOpportunities: z.array(ProseSchema).max(50),
  url: HttpUrlSchema.optional(),
  labels: z.array(LabelSchema).max(100).optional(),
});
export type DashboardIssue = z.infer<typeof DashboardIssueSchema>;

/** An active practice kata for the challenges panel (primary Story 12 "in-progress challenges"). */
export const ChallengeSchema = z.object({
  kataId: IdSchema,
  title: LabelSchema,
  description: ProseSchema,
  topic: LabelSchema.nullable(),
  attemptsCount: CountSchema,
  bestLevel: KataLevelSchema.nullable(),
  constraintCount: CountSchema,
  unlockedConstraints: z.array(KataConstraintSchema).max(100),
  /** Whether the kata has runnable tests (issue 24); optional in the schema (added later). */
  hasRunnableTests: z.boolean().optional(),
});
export type Challenge = z.infer<typeof ChallengeSchema>;

/** One web-searched resource (Story 12 learning-materials schema); `url` was returned by the search. */
export const LearningResourceSchema = z.object({
  type: z.enum(['documentation', 'article', 'video', 'tutorial']),
  title: LabelSchema,
  url: HttpUrlSchema,
  description: ProseSchema,
  relevance: z.enum(['direct', 'deep_dive', 'supplementary']),
  estimatedTime: LabelSchema,
});

/** Resources for one knowledge gap (Story 12 `recommendations[]`). */
export const LearningMaterialSchema = z.object({
  knowledgeGap: LabelSchema,
  resources: z.array(LearningResourceSchema).max(50),
  studyOrder: ProseSchema,
  practiceConnection: ProseSchema.nullable(),
});
export type LearningMaterial = z.infer<typeof LearningMaterialSchema>;

export const dashboardClientMessages = {
  /** Load the dashboard (Story 12); `statsPeriod` defaults to `all` (FR-170). */
  'dashboard:request': z.object({ statsPeriod: StatsPeriodSchema.optional() }),
  /** Re-run only the issues flow (Story 12 AS-9): re-fetches from `gh` and re-assesses every issue (no cache). */
  'dashboard:refresh_issues': z.object({}),
} as const;

export const dashboardServerMessages = {
  /** Dreyfus radar (Story 5 catalog): `score` is the assessment confidence in [0, 1]. */
  'dashboard:dreyfus': z.object({
    skillAreas: z
      .array(z.object({ name: LabelSchema, stage: DreyfusStageSchema, score: ConfidenceSchema }))
      .max(200),
    overallStage: DreyfusStageSchema.nullable(),
  }),
  /**
   * Immediate dashboard from SQLite only (Story 12 AS-1, issue 10). `issues`, `challenges` and
   * `materials` are `null` while their flows run (each arrives in its own message); `materials` is `[]` when its
   * flow is skipped because no knowledge gap is open (AS-7: then no `dashboard:learning_materials` follows, issue 18);
   * `inProgress` lists active sessions.
   */
  'dashboard:state': z.object({
    dreyfus: z.array(DreyfusAssessmentSchema).max(200),
    stats: DashboardStatsSchema,
    inProgress: z.array(InProgressSessionSchema).max(100),
    issues: z.array(DashboardIssueSchema).max(50).nullable(),
    challenges: z.array(ChallengeSchema).max(1000).nullable(),
    materials: z.array(LearningMaterialSchema).max(50).nullable(),
  }),
  /** Ranked issues (Story 12 AS-4; up to 10 from the model, 50 at most). */
  'dashboard:issues': z.object({ issues: z.array(DashboardIssueSchema).max(50) }),
  /** The issues flow failed (Story 12 AS-11); a readable message. */
  'dashboard:issues_error': z.object({ error: ErrorMessageSchema, code: WsErrorCodeSchema.optional() }),
  /** Active katas (issue 10 challenges flow). */
  'dashboard:challenges': z.object({
    challenges: z.array(ChallengeSchema).max(1000),
    /** Quizzes and explain-it-back challenges (issue 24 item 5); optional in the schema (added later). */
    nonCode: z.array(NonCodeChallengeSummarySchema).max(1000).optional(),
  }),
  /**
   * Learning materials for unaddressed gaps (primary Story 12 AS-6, issue 10). On failure `materials` is
   * `[]` and `error` a readable message; with no gaps nothing is sent.
   */
  'dashboard:learning_materials': z.object({
    materials: z.array(LearningMaterialSchema).max(50),
    error: ErrorMessageSchema.optional(),
  }),
} as const;
