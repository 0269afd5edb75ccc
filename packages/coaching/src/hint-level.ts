/**
 * The hint-level rule (issue 23 item 1; DESIGN section 3 "Hint level"; brainstorm "The Hinting System"): one level
 * applies everywhere (what the face shows, the solution guard, explanations and reviews, the plugin's per-prompt
 * context), and it is the session's stored level.
 *
 * - The learner's choice wins: once they pick a level (`hints:level_change`), the session keeps it (`chosen`) for the
 *   rest of the session, whatever the phases suggest.
 * - A phase's own `hintLevel` is the coach's suggestion. Until the learner has chosen, the session's level follows the
 *   suggestion of the phase that becomes active (the first phase when a plan is stored, then each next phase).
 * - A new session starts at `medium` (the store's default) and not chosen: before any plan exists there is no
 *   suggestion, and `medium` (line hints) is the level the spec's tools were written for.
 *
 * Pure functions: the server stores what they return.
 */
import type { HintLevel } from '@paige/protocol';

/** Order of the levels, lowest (no visual guidance) first. */
export const HINT_LEVEL_ORDER: readonly HintLevel[] = ['off', 'low', 'medium', 'high'];

/** The level a new session starts at, before the learner chose and before a plan suggests one. */
export const DEFAULT_HINT_LEVEL: HintLevel = 'medium';

/** The hint state of a session: its level in force and whether the learner picked it. */
export interface HintLevelState {
  level: HintLevel;
  chosen: boolean;
}

/**
 * The level that applies: the session's level (the learner's choice, else the suggestion it followed), or
 * {@link DEFAULT_HINT_LEVEL} without a session (Explain This outside coaching, practice).
 */
export function appliedHintLevel(state: HintLevelState | null | undefined): HintLevel {
  return state?.level ?? DEFAULT_HINT_LEVEL;
}

/** What a `hints:level_change` does to a session's hint state. */
export interface LevelChoiceOutcome {
  state: HintLevelState;
  /** The level before the change. */
  previousLevel: HintLevel;
  /** False when the session already had this level as the learner's choice (a request sent twice): nothing to write. */
  changed: boolean;
}

/**
 * The learner picks `level`: it applies and is marked chosen. Picking the level already chosen changes nothing
 * (`changed: false`), so a request sent twice applies once.
 */
export function chooseHintLevel(state: HintLevelState, level: HintLevel): LevelChoiceOutcome {
  const changed = !(state.chosen && state.level === level);
  return { state: { level, chosen: true }, previousLevel: state.level, changed };
}

/**
 * A phase became active with its own `suggested` level (`null`: the phase has none): the session follows it unless
 * the learner has chosen. `changed` says whether the level in force moved.
 */
export function followSuggestion(
  state: HintLevelState,
  suggested: HintLevel | null,
): { state: HintLevelState; changed: boolean } {
  if (state.chosen || suggested === null || suggested === state.level) return { state, changed: false };
  return { state: { level: suggested, chosen: false }, changed: true };
}

/** True when `level` shows more guidance than `than` (`medium` > `low`). */
export function isHigherHintLevel(level: HintLevel, than: HintLevel): boolean {
  return HINT_LEVEL_ORDER.indexOf(level) > HINT_LEVEL_ORDER.indexOf(than);
}

/**
 * One sentence for Claude Code's per-prompt context and its persona (the plugin): the level in force, what it means,
 * and whether the learner chose it or it is Paige's suggestion, e.g. `Hint level: low (file hints: relevant files glow
 * in the tree; no line highlights), chosen by the learner; Paige suggests medium for this phase.`
 */
export function describeHintLevel(
  level: HintLevel,
  chosen: boolean,
  suggested: HintLevel | null = null,
): string {
  const meaning: Record<HintLevel, string> = {
    off: 'no visual guidance: no file glows or line highlights; coach in words only',
    low: 'file hints: relevant files glow in the tree; no line highlights',
    medium: 'line hints: files glow and lines are highlighted in open files',
    high: 'detail hints: files glow, lines are highlighted and hovering a line shows guidance',
  };
  const who = chosen ? 'chosen by the learner' : "Paige's suggestion (the learner has not picked a level)";
  const suggestion =
    chosen && suggested !== null && suggested !== level ? `; Paige suggests ${suggested} for this phase` : '';
  return `Hint level: ${level} (${meaning[level]}), ${who}${suggestion}.`;
}
