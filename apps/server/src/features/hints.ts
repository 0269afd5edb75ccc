/**
 * The hinting system on the server (issue 23 item 1; DESIGN section 3 "Hint level", "Hints follow the plan"): the
 * learner's level choice (`hints:level_change`), the coach's suggestion that follows the active phase, and the phase
 * hints the server applies when a phase becomes active (and rebuilds on resync). The rule itself is
 * `@paige/coaching/hint-level` (pure); this module stores and broadcasts.
 */
import { chooseHintLevel, followSuggestion, isHigherHintLevel } from '@paige/coaching/hint-level';
import type { FileHintStyle, HighlightStyle, HintLevel, ServerPayload } from '@paige/protocol';
import {
  addProgressEvent,
  getActivePlan,
  setSessionHintLevel,
  type PaigeDatabase,
  type PhaseWithHints,
  type Session,
} from '@paige/store';
import type { LogAction } from '../parts.js';
import type { SessionService } from '../services/session-service.js';
import type { Highlight, UiState } from '../services/ui-state.js';
import type { BroadcastOrigin, Broadcaster } from '../ws/hub.js';
import type { HandlerGroup } from './types.js';

/** The parts the hinting system uses. */
export interface HintDeps {
  db: PaigeDatabase;
  sessions: Pick<SessionService, 'active' | 'invalidate'>;
  hub: Pick<Broadcaster, 'broadcast'>;
  ui: UiState;
  logAction: LogAction;
}

/**
 * The phase whose level is the coach's suggestion: the active phase, else the next pending one (a plan just stored,
 * before Claude Code starts phase 1), else none.
 */
export function suggestionPhase(plan: { phases: PhaseWithHints[] } | null): PhaseWithHints | null {
  if (!plan) return null;
  return (
    plan.phases.find((p) => p.status === 'active') ?? plan.phases.find((p) => p.status === 'pending') ?? null
  );
}

/** The coach's suggested level for the session (see {@link suggestionPhase}), or null. */
export function suggestedLevel(db: PaigeDatabase, sessionId: string): HintLevel | null {
  return suggestionPhase(getActivePlan(db, sessionId))?.hintLevel ?? null;
}

/** The hint fields of `session:started` / `session:resumed` (issue 23 item 1). */
export function hintFields(
  db: PaigeDatabase,
  session: Session,
): { hintLevel: HintLevel; suggestedHintLevel: HintLevel | null; hintLevelChosen: boolean } {
  return {
    hintLevel: session.hintLevel,
    suggestedHintLevel: suggestedLevel(db, session.id),
    hintLevelChosen: session.hintLevelChosen,
  };
}

/** Broadcasts the session's level, suggestion and choice to every window. */
export function broadcastLevel(
  deps: Pick<HintDeps, 'db' | 'hub'>,
  session: Session,
  previousLevel: HintLevel,
  origin?: BroadcastOrigin,
): void {
  deps.hub.broadcast(
    'hints:level_update',
    {
      sessionId: session.id,
      level: session.hintLevel,
      previousLevel,
      suggestedLevel: suggestedLevel(deps.db, session.id),
      chosen: session.hintLevelChosen,
    },
    origin,
  );
}

/**
 * The coach's suggestion changed (a plan was stored, a phase became active): the session follows it unless the learner
 * chose, and every window hears the level and the new suggestion.
 */
export function followPhaseSuggestion(
  deps: Pick<HintDeps, 'db' | 'hub' | 'sessions'>,
  session: Session,
): Session {
  const suggestion = suggestedLevel(deps.db, session.id);
  const { state, changed } = followSuggestion(
    { level: session.hintLevel, chosen: session.hintLevelChosen },
    suggestion,
  );
  let current = session;
  if (changed) {
    current = setSessionHintLevel(deps.db, session.id, state.level);
    deps.sessions.invalidate();
  }
  broadcastLevel(deps, current, session.hintLevel);
  return current;
}

type LineHighlight = { start: number; end: number; style: HighlightStyle; hoverText?: string | undefined };

/** The phase's stored hints, grouped as the wire sends them. */
function groupHints(phase: PhaseWithHints): {
  byPath: Map<string, LineHighlight[]>;
  byStyle: Map<FileHintStyle, string[]>;
} {
  const byPath = new Map<string, LineHighlight[]>();
  const byStyle = new Map<FileHintStyle, string[]>();
  for (const hint of phase.hints) {
    if (hint.type === 'line') {
      const list = byPath.get(hint.path) ?? [];
      list.push({
        start: hint.lineStart,
        end: hint.lineEnd,
        style: hint.style,
        ...(hint.hoverText ? { hoverText: hint.hoverText } : {}),
      });
      byPath.set(hint.path, list);
    } else {
      const paths = byStyle.get(hint.style) ?? [];
      if (!paths.includes(hint.path)) paths.push(hint.path);
      byStyle.set(hint.style, paths);
    }
  }
  // A phase's expected files glow too (suggested), so a phase without file hints still points somewhere.
  const hinted = new Set([...byStyle.values()].flat());
  const expected = phase.expectedFiles.filter((p) => !hinted.has(p));
  if (expected.length > 0) byStyle.set('suggested', [...(byStyle.get('suggested') ?? []), ...expected]);
  return { byPath, byStyle };
}

/** Stored highlights of one file as `editor:highlight_lines` carries them (a phase's hints and a resync alike). */
export function highlightLinesPayload(
  path: string,
  highlights: readonly Highlight[],
): ServerPayload<'editor:highlight_lines'> {
  return {
    path,
    highlights: highlights.map((h) => ({
      startLine: h.start,
      endLine: h.end,
      style: h.style,
      ...(h.hoverText ? { hoverText: h.hoverText } : {}),
    })),
  };
}

/**
 * Shows `phase`'s hints in place of the previous phase's (issue 23 item 2): clears Paige's line highlights and file
 * hints (`editor:clear_highlights`, `explorer:clear_hints`), records the phase's line hints and file hints (its
 * expected files glow `suggested`) in `deps.ui` for the resync, broadcasts `editor:highlight_lines` (one per file) and
 * `explorer:hint_files` (one per style), and logs `decorations_applied` / `file_hints_applied` with the hint level in
 * force (the wrap-up counts hints per level). Problems (`paige_mark_problems`) stay. `phase` undefined only clears.
 * @see discovery Story 9 "Pipeline Entry Flow" step 11
 */
export function applyPhaseHints(
  deps: Pick<HintDeps, 'ui' | 'hub' | 'logAction'>,
  phase: PhaseWithHints | undefined | null,
  hintLevel: HintLevel,
): { lines: number; files: number } {
  deps.ui.clearHighlights();
  deps.ui.clearFileHints();
  deps.ui.appliedPhaseId = phase?.id ?? null;
  deps.hub.broadcast('editor:clear_highlights', {});
  deps.hub.broadcast('explorer:clear_hints', {});
  if (!phase) return { lines: 0, files: 0 };
  const { byPath, byStyle } = groupHints(phase);
  let lines = 0;
  for (const [path, highlights] of byPath) {
    deps.ui.addHighlights(path, highlights);
    lines += highlights.length;
    deps.hub.broadcast('editor:highlight_lines', highlightLinesPayload(path, highlights));
    deps.logAction('decorations_applied', {
      path,
      count: highlights.length,
      source: 'plan',
      phaseNumber: phase.number,
      hintLevel,
    });
  }
  let files = 0;
  for (const [style, paths] of byStyle) {
    deps.ui.addFileHints({ paths, style });
    files += paths.length;
    deps.hub.broadcast('explorer:hint_files', { paths, style });
    deps.logAction('file_hints_applied', {
      paths,
      style,
      source: 'plan',
      phaseNumber: phase.number,
      hintLevel,
    });
  }
  return { lines, files };
}

/**
 * Makes sure `deps.ui` holds the current phase's hints before a resync sends them: after a restart (nothing applied
 * by this process) they are rebuilt from the stored plan, without a broadcast. Claude Code's own highlights of the
 * previous process are gone (they are ephemeral, D28).
 */
export function ensurePhaseHints(deps: Pick<HintDeps, 'ui' | 'db'>, session: Session): void {
  if (deps.ui.appliedPhaseId !== undefined) return;
  const phase = suggestionPhase(getActivePlan(deps.db, session.id));
  deps.ui.appliedPhaseId = phase?.id ?? null;
  if (!phase) return;
  const { byPath, byStyle } = groupHints(phase);
  for (const [path, highlights] of byPath) deps.ui.addHighlights(path, highlights);
  for (const [style, paths] of byStyle) deps.ui.addFileHints({ paths, style });
}

/** The `hints:level_change` handler (replaces the bare logging of issue 20). */
export function createHintFeature(deps: Omit<HintDeps, 'ui'>): HandlerGroup<'hints:level_change'> {
  return {
    /**
     * The learner picked a level: it applies from now on in every window and in the guard, explanations, reviews and
     * Claude Code's context, and is marked chosen (the next phases' suggestions no longer move it). The same choice
     * sent twice is answered with the unchanged level (to the sender only) and logged once. Without a session:
     * `connection:error` `NO_ACTIVE_SESSION`.
     */
    'hints:level_change'({ level }, { origin, reply }) {
      const session = deps.sessions.active();
      if (!session) {
        throw Object.assign(
          new Error('No active session: start a coaching session before choosing a hint level'),
          { code: 'NO_ACTIVE_SESSION' },
        );
      }
      const outcome = chooseHintLevel({ level: session.hintLevel, chosen: session.hintLevelChosen }, level);
      if (!outcome.changed) {
        reply('hints:level_update', {
          sessionId: session.id,
          level,
          previousLevel: level,
          suggestedLevel: suggestedLevel(deps.db, session.id),
          chosen: true,
        });
        return;
      }
      const updated = setSessionHintLevel(deps.db, session.id, level, { chosen: true });
      deps.sessions.invalidate();
      deps.logAction('hint_level_change', { level, previousLevel: outcome.previousLevel }, session.id);
      broadcastLevel(deps, updated, outcome.previousLevel, origin);
      const plan = getActivePlan(deps.db, session.id);
      const phase = plan?.phases.find((p) => p.status === 'active');
      if (phase && isHigherHintLevel(level, outcome.previousLevel)) {
        addProgressEvent(deps.db, {
          phaseId: phase.id,
          eventType: 'hint_escalated',
          data: { from: outcome.previousLevel, to: level },
        });
      }
    },
  };
}
