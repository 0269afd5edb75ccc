/**
 * The server's side of the solution-leak guard (issue 20 item 7): the hint level in force and the learner's own code
 * for texts the server itself sends (Review My Work, `paige_show_message`, `paige_highlight_lines` hover texts,
 * nudges), and the `solution_guard_applied` action. The guard itself is `@paige/coaching/solution-guard` (pure, and
 * light enough for the MCP path: no model client is loaded).
 */
import { appliedHintLevel } from '@paige/coaching/hint-level';
import {
  createSolutionGuard,
  mayContainCode,
  solutionGuardActionData,
  type SolutionGuard,
} from '@paige/coaching/solution-guard';
import type { HintLevel, SolutionGuardSource } from '@paige/protocol';
import type { PaigeDatabase } from '@paige/store';
import type { Workspace } from '@paige/workspace';
import type { Logger } from '../logger.js';
import type { LogAction } from '../parts.js';
import type { SessionService } from '../services/session-service.js';

/** Most files read as the learner's known code for one guarded text. */
const KNOWN_MAX_FILES = 12;

/** The parts the server's guard reads. */
export interface ServerGuardDeps {
  db: PaigeDatabase;
  sessions: Pick<SessionService, 'active'>;
  workspace: Pick<Workspace, 'getBuffer' | 'readFile' | 'getDirtyPaths' | 'getOpenFiles'>;
  logger: Logger;
  logAction: LogAction;
}

/** The server's side of the solution-leak guard; see the module comment. */
export interface ServerGuard {
  /**
   * The hint level the guard applies: the level in force for the active session (the learner's choice, else the
   * coach's suggestion it follows; issue 23 item 1, `@paige/coaching/hint-level`), else `medium` (no session: the
   * practice view, Explain This outside coaching).
   */
  hintLevel(): HintLevel;
  /**
   * The learner's code a text may quote: the live buffer (else the file on disk) of each of `paths`, then of the open
   * and edited files, at most 12 files. Unreadable files are skipped.
   */
  learnerCode(paths?: readonly string[]): Promise<string[]>;
  /** A guard at the hint level in force, knowing the learner's code of `paths` and their open files. */
  create(
    paths?: readonly string[],
    extraKnown?: readonly string[],
  ): Promise<{ guard: SolutionGuard; hintLevel: HintLevel }>;
  /**
   * Logs `solution_guard_applied` when the guard removed something (`data` from `solutionGuardActionData` or a
   * flow's `solutionGuard`), and says so in the server log. No-op for `null`.
   */
  log(data: Record<string, unknown> | null, sessionId?: string | null): void;
  /** {@link ServerGuard.log} for a guard of `source`. */
  logOf(
    source: SolutionGuardSource,
    hintLevel: HintLevel,
    guard: SolutionGuard,
    sessionId?: string | null,
  ): void;
  /**
   * Guards one text of `source` the server is about to show (a tool's hover text or message), knowing the learner's
   * code of `paths` and their open files; logs the intervention. Returns the text to show.
   */
  text(source: SolutionGuardSource, text: string, paths?: readonly string[]): Promise<string>;
}

/** Creates the server's guard over its parts. */
export function createServerGuard(deps: ServerGuardDeps): ServerGuard {
  const { sessions, workspace, logger, logAction } = deps;
  const self: ServerGuard = {
    hintLevel() {
      const session = sessions.active();
      return appliedHintLevel(session ? { level: session.hintLevel, chosen: session.hintLevelChosen } : null);
    },
    async learnerCode(paths = []) {
      const all = [...new Set([...paths, ...workspace.getDirtyPaths(), ...workspace.getOpenFiles()])].slice(
        0,
        KNOWN_MAX_FILES,
      );
      const texts: string[] = [];
      for (const path of all) {
        const buffer = await workspace.getBuffer(path).catch(() => null);
        if (buffer) {
          texts.push(buffer.content);
          continue;
        }
        const file = await workspace.readFile(path).catch(() => null);
        if (file) texts.push(file.content);
      }
      return texts;
    },
    async create(paths = [], extraKnown = []) {
      const hintLevel = self.hintLevel();
      return {
        guard: createSolutionGuard({
          hintLevel,
          knownCode: [...(await self.learnerCode(paths)), ...extraKnown],
        }),
        hintLevel,
      };
    },
    log(data, sessionId) {
      if (!data) return;
      logger.info({ component: 'solution-guard', ...data }, 'solution guard removed code from a model text');
      logAction('solution_guard_applied', data, sessionId);
    },
    logOf(source, hintLevel, guard, sessionId) {
      self.log(solutionGuardActionData(source, hintLevel, guard), sessionId);
    },
    async text(source, text, paths = []) {
      if (!mayContainCode(text)) return text;
      const { guard, hintLevel } = await self.create(paths);
      const out = guard.text(text);
      self.logOf(source, hintLevel, guard);
      return out;
    },
  };
  return self;
}
