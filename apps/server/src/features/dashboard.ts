/**
 * The launch dashboard (Story 12, issue 10 items 3-4). `dashboard:request` is answered at once with `dashboard:state`
 * from SQLite only (`dashboard-state.ts`, before this module is loaded), then this module runs three flows in parallel, each failing alone with its own message:
 * issues (`gh` + `issue_assessment`, cached per issue number + updatedAt) -> `dashboard:issues` |
 * `dashboard:issues_error`; challenges -> `dashboard:challenges`; learning materials (web search, URLs filtered to
 * the search results) -> `dashboard:learning_materials` (skipped without unaddressed gaps). Then `dashboard_loaded`
 * is logged with each flow's status. `dashboard:refresh_issues` re-runs only the issues flow and re-assesses every
 * issue (issue 20 item 1: the cache also misses once the learner's Dreyfus stages or open gaps change). Learning
 * materials are cached per gap in SQLite, so a load with known gaps makes no new search.
 */
import {
  createAssessmentCache,
  describeTechStack,
  listChallengeSummaries,
  listChallenges,
  runIssuesFlow,
  runLearningMaterialsFlow,
  toUserFacingError,
  type CachedIssueAssessment,
} from '@paige/coaching';
import type { Budget } from '@paige/coaching/budget';
import type { MemoryService } from '@paige/memory/service';
import type { StatsPeriod } from '@paige/protocol';
import type { PaigeDatabase } from '@paige/store';
import type { Workspace } from '@paige/workspace';
import type { Logger } from '../logger.js';
import type { Clock, LlmSource, LogAction } from '../parts.js';
import type { HandlerContext } from '../ws/hub.js';
import type { HandlerGroup } from './types.js';

/** The parts of the dashboard's model-backed flows. */
export interface DashboardFeatureDeps {
  db: PaigeDatabase;
  llm: LlmSource;
  memory: Pick<MemoryService, 'store'>;
  workspace: Pick<Workspace, 'readFile'>;
  budget: Pick<Budget, 'assertAllows'>;
  logAction: LogAction;
  logger: Logger;
  now: Clock;
  /** `PROJECT_DIR`: where `gh` runs, and the project memories are scoped to. */
  projectDir: string;
  /** `PAIGE_GH_PATH` and its timeout (ms). */
  ghPath: string;
  ghTimeoutMs: number;
  /** How long an issue assessment is reused, ms. */
  issueAssessmentTtlMs: number;
}

/** Status of one flow in the `dashboard_loaded` action. */
type FlowStatus = 'ok' | 'error' | 'skipped';

export function createDashboardFeature(
  deps: DashboardFeatureDeps,
): HandlerGroup<'dashboard:request' | 'dashboard:refresh_issues'> {
  const cache = createAssessmentCache<CachedIssueAssessment>({
    ttlMs: deps.issueAssessmentTtlMs,
    now: () => deps.now().getTime(),
  });
  const log = deps.logger.child({ component: 'dashboard' });

  async function issuesFlow(reply: HandlerContext['reply'], force = false): Promise<FlowStatus> {
    try {
      const llm = await deps.llm();
      const memory = deps.memory.store();
      const result = await runIssuesFlow({
        database: deps.db,
        llm,
        cache,
        cwd: deps.projectDir,
        ghPath: deps.ghPath,
        ghTimeoutMs: deps.ghTimeoutMs,
        ...(memory
          ? {
              searchMemories: async (queryText: string) =>
                (await memory.queryMemories({ queryText, project: deps.projectDir, limit: 5 })).map((m) => ({
                  content: m.text,
                })),
            }
          : {}),
        beforeModelCall: () => deps.budget.assertAllows('issue_assessment'),
        force,
      });
      log.debug(
        { fetched: result.fetched, assessed: result.assessed, ranked: result.issues.length, force },
        'issues flow done',
      );
      reply('dashboard:issues', { issues: result.issues });
      return 'ok';
    } catch (err) {
      const failure = toUserFacingError(err, 'Could not load GitHub issues');
      log.warn({ err }, 'issues flow failed');
      reply('dashboard:issues_error', {
        error: failure.message,
        ...(failure.code ? { code: failure.code } : {}),
      });
      return 'error';
    }
  }

  function challengesFlow(reply: HandlerContext['reply']): FlowStatus {
    try {
      // Issue 24 item 5: quizzes and explain-it-back challenges are listed beside the katas.
      reply('dashboard:challenges', {
        challenges: listChallenges(deps.db),
        nonCode: listChallengeSummaries(deps.db),
      });
      return 'ok';
    } catch (err) {
      log.warn({ err }, 'challenges flow failed');
      return 'error';
    }
  }

  async function materialsFlow(reply: HandlerContext['reply']): Promise<FlowStatus> {
    try {
      const manifest = await deps.workspace.readFile('package.json').catch(() => null);
      const result = await runLearningMaterialsFlow({
        database: deps.db,
        llm: await deps.llm(),
        techStack: describeTechStack(manifest?.content ?? null),
        beforeModelCall: () => deps.budget.assertAllows('learning_materials'),
      });
      if (result === null) return 'skipped';
      log.debug(
        { gaps: result.gaps, fromCache: result.fromCache, searched: result.searched },
        'learning materials flow done',
      );
      if (result.droppedUrls.length > 0)
        log.info(
          { dropped: result.droppedUrls },
          'learning materials: dropped URLs the web search did not return',
        );
      reply('dashboard:learning_materials', { materials: result.materials });
      return 'ok';
    } catch (err) {
      const failure = toUserFacingError(err, 'Could not find learning materials');
      log.warn({ err }, 'learning materials flow failed');
      reply('dashboard:learning_materials', { materials: [], error: failure.message });
      return 'error';
    }
  }

  return {
    async 'dashboard:request'(payload, { reply }) {
      // `dashboard:state` has been sent already (features/dashboard-state.ts, before this module loaded).
      const statsPeriod: StatsPeriod = payload.statsPeriod ?? 'all';
      const [issues, challenges, materials] = await Promise.all([
        issuesFlow(reply),
        Promise.resolve().then(() => challengesFlow(reply)),
        materialsFlow(reply),
      ]);
      try {
        deps.logAction('dashboard_loaded', {
          statsPeriod,
          issuesLoaded: issues === 'ok',
          materialsLoaded: materials === 'ok',
          challengesLoaded: challenges === 'ok',
          flows: { issues, challenges, materials },
        });
      } catch (err) {
        log.warn({ err }, 'could not log dashboard_loaded');
      }
    },

    async 'dashboard:refresh_issues'(_payload, { reply }) {
      await issuesFlow(reply, true);
    },
  };
}
