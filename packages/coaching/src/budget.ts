/**
 * The daily budget for optional model calls (issue 10 item 4; issue 25 item 5: one rule in one place).
 *
 * `PAIGE_DAILY_BUDGET_USD` caps what the optional calls may spend in one UTC day, as recorded in `api_call_log`.
 * The calls it refuses once the day's spend reached the budget are exactly {@link BUDGETED_CALLS}:
 * - `explain_this`: Explain This (`user:explain`);
 * - `review_my_work`: Review My Work (`user:review`);
 * - `observer_triage`: the Observer's triage of the learner's activity;
 * - `issue_assessment`: the dashboard's assessment of GitHub issues;
 * - `learning_materials`: the dashboard's learning materials (web search).
 *
 * Never refused: the coaching pipeline, the wrap-up agents, a practice kata's review and the manager summary: they
 * are what the learner asked a session for, not optional. No budget set = no limit. The day resets at midnight UTC.
 */

/** The optional model calls the budget refuses once today's spend reached it (see the module comment). */
export const BUDGETED_CALLS = [
  'explain_this',
  'review_my_work',
  'observer_triage',
  'issue_assessment',
  'learning_materials',
] as const;

/** One of {@link BUDGETED_CALLS}. */
export type BudgetedCall = (typeof BUDGETED_CALLS)[number];

/** Thrown when the daily budget for optional model calls is spent (issue 10 item 4); `code` is the wire error code. */
export class BudgetExceededError extends Error {
  readonly code = 'BUDGET_EXCEEDED';
  constructor(
    /** Today's spend, USD. */
    readonly spentUsd: number,
    /** The daily budget, USD. */
    readonly budgetUsd: number,
    /** The call that was refused. */
    readonly call: BudgetedCall,
  ) {
    super(
      `Paige's daily budget for optional AI calls is used up ($${spentUsd.toFixed(2)} of $${budgetUsd.toFixed(2)} today); ` +
        'it resets at midnight UTC. Raise PAIGE_DAILY_BUDGET_USD to allow more.',
    );
    this.name = 'BudgetExceededError';
  }
}

/** Options of {@link createBudget}. */
export interface BudgetOptions {
  /** The daily budget, USD (`PAIGE_DAILY_BUDGET_USD`); `undefined` = no limit. */
  dailyUsd: number | undefined;
  /**
   * Total recorded cost (USD) of the model calls made at or after `sinceIso` (ISO 8601), e.g. `@paige/store`'s
   * `(since) => getApiCostSince(db, since)`.
   */
  spentSince: (sinceIso: string) => number;
  /** Clock; default `() => new Date()`. */
  now?: () => Date;
  /** Told about every refused call (the server logs it). */
  onRefused?: (info: { call: BudgetedCall; spentUsd: number; budgetUsd: number }) => void;
}

/** The daily budget of one learner's server. */
export interface Budget {
  /** The daily budget, USD, or `undefined` (no limit). */
  readonly dailyUsd: number | undefined;
  /** Today's spend (UTC day), USD. */
  spentToday(): number;
  /** True when a budget is set and today's spend reached it: every {@link BUDGETED_CALLS} call is refused. */
  exhausted(): boolean;
  /**
   * Checks the budget before the optional call `call`.
   * @throws {BudgetExceededError} when today's spend reached the budget.
   */
  assertAllows(call: BudgetedCall): void;
}

/** Midnight UTC of `now`'s day, ISO 8601. */
export function utcDayStart(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();
}

/** Creates the budget; see the module comment for the rule. */
export function createBudget(options: BudgetOptions): Budget {
  const now = options.now ?? (() => new Date());
  const spentToday = () => options.spentSince(utcDayStart(now()));
  return {
    dailyUsd: options.dailyUsd,
    spentToday,
    exhausted() {
      return options.dailyUsd !== undefined && spentToday() >= options.dailyUsd;
    },
    assertAllows(call) {
      const budgetUsd = options.dailyUsd;
      if (budgetUsd === undefined) return;
      const spentUsd = spentToday();
      if (spentUsd < budgetUsd) return;
      options.onRefused?.({ call, spentUsd, budgetUsd });
      throw new BudgetExceededError(spentUsd, budgetUsd, call);
    },
  };
}
