/**
 * The launch dashboard (primary Story 12, discovery Story 12): the immediate SQLite-only state, and the three
 * progressive flows (issues, challenges, learning materials), each usable on its own and failing alone.
 */
import { createHash } from 'node:crypto';
import type { RunPromptOptions } from '@paige/llm';
import { LearningMaterialSchema, type ServerPayload } from '@paige/protocol';
import {
  getKata,
  getLearningMaterials,
  listActiveKatas,
  listDreyfusAssessments,
  listKnowledgeGaps,
  maxKataLevel,
  putLearningMaterials,
  type KnowledgeGap,
  type PaigeDatabase,
} from '@paige/store';
import type { AssessmentCache } from '../assessment-cache.js';
import { computeUnlockedConstraints } from '../constraints.js';
import { runGhIssueList } from '../gh.js';
import type { GhIssue } from '../gh.js';
import { issueAssessmentModule, rankIssueAssessments } from '../prompts/issue-assessment.js';
import type { IssueAssessmentItem } from '../prompts/issue-assessment.js';
import {
  LEARNING_MATERIALS_WEB_SEARCH_TOOL,
  learningMaterialsModule,
} from '../prompts/learning-materials.js';
import { filterUrlsToSearchResults } from '../urls.js';
import { label, pickDreyfusStage, prose } from './shared.js';

export { buildDashboardState } from './dashboard-state.js';
import type { FlowLlm } from './shared.js';

type DashboardIssue = ServerPayload<'dashboard:issues'>['issues'][number];
type Challenge = ServerPayload<'dashboard:challenges'>['challenges'][number];
type LearningMaterial = ServerPayload<'dashboard:learning_materials'>['materials'][number];

/**
 * The challenges flow: katas without a passed attempt, newest first, with their unlocked constraints and best level.
 * @see primary Story 12 "in-progress challenges", issue 10 item 3
 */
export function listChallenges(database: PaigeDatabase): Challenge[] {
  return listActiveKatas(database)
    .slice(0, 1000)
    .map((k) => {
      const kata = getKata(database, k.id);
      const unlocked = kata ? computeUnlockedConstraints(kata.constraints, maxKataLevel(kata) ?? 0) : [];
      return {
        kataId: k.id,
        title: label(k.title) ?? 'Kata',
        description: prose(kata?.description ?? ''),
        topic: label(k.topic),
        attemptsCount: k.attemptsCount,
        bestLevel: k.bestLevel,
        constraintCount: k.constraintCount,
        unlockedConstraints: unlocked.map((c) => ({
          title: label(c.title) ?? 'Constraint',
          description: prose(c.description),
          minLevel: c.minLevel,
        })),
        hasRunnableTests: kata?.tests != null,
      };
    });
}

/** A cached assessment: the model's item, or `null` for an issue it saw but did not rank. */
export type CachedIssueAssessment = IssueAssessmentItem | null;

/**
 * A short key of what an issue assessment depends on in the learner's profile: every Dreyfus stage (skill area and
 * stage) and every open knowledge gap (topic and severity). When it changes, cached assessments no longer apply.
 * @see issue 20 item 1 (Story 12 AS-5: the fit follows the learner's stages and gaps)
 */
export function learnerProfileKey(database: PaigeDatabase): string {
  const stages = listDreyfusAssessments(database)
    .map((d) => `${d.skillArea.trim().toLowerCase()}=${d.stage}`)
    .sort();
  const gaps = listKnowledgeGaps(database, { addressed: false })
    .map((g) => `${g.topic.trim().toLowerCase()}=${g.severity}`)
    .sort();
  return createHash('sha256')
    .update(JSON.stringify([stages, gaps]))
    .digest('hex')
    .slice(0, 16);
}

/** Dependencies of {@link runIssuesFlow}. */
export interface IssuesFlowDeps {
  database: PaigeDatabase;
  llm: FlowLlm;
  /** Per-issue cache (number + updatedAt, TTL). @see issue 10 item 4 */
  cache: AssessmentCache<CachedIssueAssessment>;
  /** Project directory `gh` runs in. */
  cwd: string;
  /** `gh` executable (default `gh` on PATH). */
  ghPath?: string;
  /** `gh` time limit in ms (default 15,000). */
  ghTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Related memories for the issues; `[]` (or a rejection) when semantic memory is unavailable (AS-10). */
  searchMemories?: (queryText: string) => Promise<readonly { content: string }[]>;
  /** Called right before a model call is needed (budget check); throwing aborts the flow with that error. */
  beforeModelCall?: () => void;
  /** Re-assess every issue, ignoring the cache (`dashboard:refresh_issues`, Story 12 AS-9). */
  force?: boolean;
  options?: RunPromptOptions;
}

/** Result of {@link runIssuesFlow}. */
export interface IssuesFlowResult {
  issues: DashboardIssue[];
  /** Issues fetched from `gh`. */
  fetched: number;
  /** Issues sent to the model (0 when every issue was cached or there were none). */
  assessed: number;
}

function toDashboardIssue(i: ReturnType<typeof rankIssueAssessments>[number]): DashboardIssue {
  const url = /^https?:\/\//.test(i.url) ? i.url : undefined;
  return {
    number: i.number,
    title: label(i.title) ?? `Issue #${i.number}`,
    summary: prose(i.summary),
    suitability: i.suitability,
    suitabilityReason: prose(i.suitabilityReason),
    estimatedDifficulty: i.estimatedDifficulty,
    relevantSkills: i.relevantSkills
      .map((s) => label(s))
      .filter((s): s is string => s !== null)
      .slice(0, 50),
    priorityScore: i.priorityScore,
    priorityFactors: i.priorityFactors,
    learningOpportunities: i.learningOpportunities.map((s) => prose(s)).slice(0, 50),
    ...(url ? { url } : {}),
    labels: i.labels
      .map((s) => label(s))
      .filter((s): s is string => s !== null)
      .slice(0, 100),
  };
}

/**
 * The issues flow: `gh issue list` in the project, then the `issue_assessment` prompt (Haiku) for issues not in the
 * cache (number + updatedAt + learner profile, TTL), joined and ranked by priority (up to 10). With `force` every
 * issue is assessed again (refresh). A change of the learner's Dreyfus stages or open gaps invalidates the cache.
 * @throws {CoachingError} `GH_*` from `gh` (readable messages for `dashboard:issues_error`); `@paige/llm` errors;
 *   whatever `beforeModelCall` throws (e.g. the budget error).
 * @see primary Story 12 AS-4, AS-5, AS-9..AS-11; issue 10 item 4 (cache); issue 20 item 1
 */
export async function runIssuesFlow(deps: IssuesFlowDeps): Promise<IssuesFlowResult> {
  const issues = await runGhIssueList({
    cwd: deps.cwd,
    ...(deps.ghPath !== undefined ? { ghPath: deps.ghPath } : {}),
    ...(deps.ghTimeoutMs !== undefined ? { timeoutMs: deps.ghTimeoutMs } : {}),
    ...(deps.env !== undefined ? { env: deps.env } : {}),
  });
  const profile = learnerProfileKey(deps.database);
  const { cached, missing } =
    deps.force === true ? { cached: [], missing: [...issues] } : deps.cache.partition(issues, profile);
  const assessments: IssueAssessmentItem[] = cached
    .map((c) => c.value)
    .filter((v): v is IssueAssessmentItem => v !== null);
  if (missing.length > 0) {
    deps.beforeModelCall?.();
    const memories = await searchRelatedMemories(deps, missing);
    const database = deps.database;
    const input = {
      issues: missing,
      dreyfusAssessments: listDreyfusAssessments(database),
      knowledgeGaps: listKnowledgeGaps(database, { addressed: false }).map((g) => ({
        topic: g.topic,
        severity: g.severity,
      })),
      recentSessions: recentSessions(database),
      memories,
    };
    const result = await deps.llm.runPromptWithMeta(issueAssessmentModule, input, deps.options ?? {});
    const byNumber = new Map(result.output.issues.map((a) => [a.number, a]));
    for (const issue of missing)
      deps.cache.set(issue.number, issue.updatedAt, byNumber.get(issue.number) ?? null, profile);
    assessments.push(...result.output.issues);
  }
  const ranked = rankIssueAssessments(assessments, issues).slice(0, 10);
  return { issues: ranked.map(toDashboardIssue), fetched: issues.length, assessed: missing.length };
}

async function searchRelatedMemories(
  deps: IssuesFlowDeps,
  issues: readonly GhIssue[],
): Promise<{ content: string }[]> {
  if (!deps.searchMemories) return [];
  const query = issues
    .slice(0, 10)
    .map((i) => i.title)
    .join('; ')
    .slice(0, 2_000);
  try {
    return (await deps.searchMemories(query)).map((m) => ({ content: m.content }));
  } catch {
    return [];
  }
}

function recentSessions(
  database: PaigeDatabase,
): { issueTitle: string | null; completedAt: string | null }[] {
  return database
    .prepare(
      `SELECT issue_title AS issueTitle, ended_at AS completedAt FROM sessions
       WHERE status IN ('completed', 'completed_with_errors') ORDER BY ended_at DESC LIMIT 5`,
    )
    .all() as { issueTitle: string | null; completedAt: string | null }[];
}

/** How long learning materials found for a gap are reused before a new search, ms (7 days). */
export const LEARNING_MATERIALS_TTL_MS = 7 * 86_400_000;

/** Dependencies of {@link runLearningMaterialsFlow}. */
export interface LearningMaterialsFlowDeps {
  database: PaigeDatabase;
  llm: FlowLlm;
  /** e.g. `TypeScript, React, Node` (see {@link describeTechStack}). */
  techStack: string;
  /** Called right before the model call (budget check); throwing aborts the flow with that error. */
  beforeModelCall?: () => void;
  /** Reuse a gap's cached materials for this long, ms (default {@link LEARNING_MATERIALS_TTL_MS}). */
  cacheTtlMs?: number;
  options?: RunPromptOptions;
}

/** Result of {@link runLearningMaterialsFlow}. */
export interface LearningMaterialsFlowResult {
  materials: LearningMaterial[];
  /** URLs the model cited that the web search did not return (removed). */
  droppedUrls: string[];
  /** Open gaps. */
  gaps: number;
  /** Gaps answered from the per-gap cache. */
  fromCache: number;
  /** Gaps sent to the model (0: no model call was made). */
  searched: number;
}

const normGap = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** Pairs each recommendation with the gap it answers: same topic, else one contains the other, else the same position. */
function matchRecommendations<R extends { knowledgeGap: string }>(
  gaps: readonly KnowledgeGap[],
  recs: readonly R[],
): Map<string, R> {
  const out = new Map<string, R>();
  const free = [...recs];
  const take = (pred: (g: KnowledgeGap, r: R) => boolean): void => {
    for (const g of gaps) {
      if (out.has(g.id)) continue;
      const i = free.findIndex((r) => pred(g, r));
      if (i >= 0) out.set(g.id, free.splice(i, 1)[0] as R);
    }
  };
  take((g, r) => normGap(g.topic) === normGap(r.knowledgeGap));
  take(
    (g, r) =>
      normGap(r.knowledgeGap).includes(normGap(g.topic)) ||
      normGap(g.topic).includes(normGap(r.knowledgeGap)),
  );
  if (free.length === gaps.filter((g) => !out.has(g.id)).length) take(() => true);
  return out;
}

const SEVERITY_ORDER: Record<string, number> = { high: 0, medium: 1, low: 2 };

/**
 * The learning-materials flow: for the top 5 unaddressed gaps (severity, then frequency), materials found within
 * `cacheTtlMs` come from the per-gap cache (`learning_materials` table); only the other gaps go to the
 * `learning_materials` prompt with the web search server tool (no call at all when every gap is cached). Every
 * resource URL the search did not return is dropped; each gap's new recommendation with at least one resource is
 * cached. Materials are returned in gap order. No unaddressed gap: returns `null` (skipped, nothing to send).
 * @throws `@paige/llm` errors; whatever `beforeModelCall` throws (only when a gap needs the model).
 * @see primary Story 12 AS-6, AS-7; issue 10 item 3 (URL filter); issue 20 item 1 (cached per gap)
 */
export async function runLearningMaterialsFlow(
  deps: LearningMaterialsFlowDeps,
): Promise<LearningMaterialsFlowResult | null> {
  const { database } = deps;
  const gaps = listKnowledgeGaps(database, { addressed: false }).sort(
    (a, b) =>
      (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) || b.frequency - a.frequency,
  );
  if (gaps.length === 0) return null;
  const top = gaps.slice(0, 5);
  const since = new Date(
    database.now().getTime() - (deps.cacheTtlMs ?? LEARNING_MATERIALS_TTL_MS),
  ).toISOString();
  const cached = new Map<string, LearningMaterial>();
  for (const [gapId, entry] of getLearningMaterials(
    database,
    top.map((g) => g.id),
    { since },
  )) {
    const parsed = LearningMaterialSchema.safeParse(entry.materials);
    if (parsed.success) cached.set(gapId, parsed.data);
  }
  const missing = top.filter((g) => !cached.has(g.id));
  const fresh = new Map<string, LearningMaterial>();
  let unmatched: LearningMaterial[] = [];
  let droppedUrls: string[] = [];
  if (missing.length > 0) {
    deps.beforeModelCall?.();
    const assessments = listDreyfusAssessments(database);
    const overall = pickDreyfusStage(assessments, { topic: missing.map((g) => g.topic).join(' ') }).stage;
    const kataTitles = listActiveKatas(database).map((k) => k.title);
    const result = await deps.llm.runPromptWithMeta(
      learningMaterialsModule,
      {
        gaps: missing.map((g) => ({
          topic: g.topic,
          severity: g.severity,
          relatedConcepts: g.relatedConcepts,
          frequency: g.frequency,
        })),
        dreyfusStage: overall,
        techStack: deps.techStack,
        kataTitles,
        previouslyRecommended: [...cached.values()].flatMap((m) => m.resources.map((r) => r.url)),
      },
      { ...deps.options, tools: [LEARNING_MATERIALS_WEB_SEARCH_TOOL] },
    );
    const filtered = filterUrlsToSearchResults(result.output, result.webSearch?.results ?? []);
    droppedUrls = filtered.droppedUrls;
    const wire = filtered.materials.recommendations.slice(0, 50).map((r) => ({
      knowledgeGap: label(r.knowledgeGap) ?? 'Knowledge gap',
      resources: r.resources.slice(0, 50).map((res) => ({
        type: res.type,
        title: label(res.title) ?? res.url.slice(0, 512),
        url: res.url,
        description: prose(res.description),
        relevance: res.relevance,
        estimatedTime: label(res.estimatedTime) ?? 'unknown',
      })),
      studyOrder: prose(r.studyOrder),
      practiceConnection: r.practiceConnection === null ? null : prose(r.practiceConnection),
    }));
    const byGap = matchRecommendations(missing, wire);
    for (const gap of missing) {
      const material = byGap.get(gap.id);
      if (!material) continue;
      fresh.set(gap.id, material);
      if (material.resources.length > 0) putLearningMaterials(database, gap.id, material);
    }
    const used = new Set(byGap.values());
    unmatched = wire.filter((m) => !used.has(m)); // shown, not cached: no gap to file them under
  }
  const materials = [
    ...top
      .map((g) => cached.get(g.id) ?? fresh.get(g.id))
      .filter((m): m is LearningMaterial => m !== undefined),
    ...unmatched,
  ].slice(0, 50);
  return {
    materials,
    droppedUrls,
    gaps: gaps.length,
    fromCache: top.filter((g) => cached.has(g.id)).length,
    searched: missing.length,
  };
}

/**
 * A short tech-stack line from a `package.json` text: `Node/JavaScript` plus TypeScript and well-known frameworks
 * found in its dependencies; `unknown` when there is no manifest.
 */
export function describeTechStack(packageJsonText: string | null): string {
  if (packageJsonText === null) return 'unknown';
  let deps: string[] = [];
  try {
    const pkg = JSON.parse(packageJsonText) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    deps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
  } catch {
    return 'JavaScript';
  }
  const known = [
    'typescript',
    'react',
    'vue',
    'svelte',
    'next',
    'express',
    'hono',
    'fastify',
    'electron',
    'vitest',
    'jest',
    'zod',
    'drizzle-orm',
  ];
  const found = known.filter((k) => deps.includes(k));
  return ['Node.js/JavaScript', ...found].join(', ');
}
