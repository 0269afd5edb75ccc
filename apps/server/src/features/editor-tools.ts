/**
 * The MCP read tools and UI control tools of Story 6 (issue 5 items 2-3). Read-only toward the user's
 * files: tools read buffers and files and drive the editor UI; none writes, moves or deletes a file.
 */
import { mcpTools, StateItemSchema, type SessionState, type StateItem } from '@paige/protocol';
import {
  addProgressEvent,
  getActivePlan,
  listDreyfusAssessments,
  listPhaseHints,
  listProgressEvents,
  updatePhaseStatus,
  type PaigeDatabase,
  type Session,
} from '@paige/store';
import type { Workspace } from '@paige/workspace';
import type { ToolRegistry } from '../mcp/tool-kit.js';
import type { LogAction } from '../parts.js';
import type { UiState } from '../services/ui-state.js';
import type { Broadcaster } from '../ws/hub.js';
import type { ServerGuard } from './guard.js';
import type { SessionService } from '../services/session-service.js';
import { applyPhaseHints, followPhaseSuggestion } from './hints.js';
import { activePhase, openedFilePayload } from './shared.js';

/** The parts of the editor tools. */
export interface EditorToolsDeps {
  workspace: Workspace;
  db: PaigeDatabase;
  ui: UiState;
  hub: Pick<Broadcaster, 'broadcast'>;
  logAction: LogAction;
  guard: Pick<ServerGuard, 'text'>;
  /** To follow the new phase's suggested hint level (issue 23 item 1). */
  sessions: Pick<SessionService, 'active' | 'invalidate'>;
}

/** Records a `hint_used` progress event on the active phase (issue 5 item 3). */
function recordHintUsed(
  deps: { db: PaigeDatabase },
  session: Session | null,
  data: Record<string, unknown>,
): void {
  if (!session) return;
  const phase = activePhase(deps.db, session.id);
  if (phase) addProgressEvent(deps.db, { phaseId: phase.id, eventType: 'hint_used', data });
}

/** Builds `paige_get_session_state` for the requested items (Story 6 AS-6/AS-7). */
export async function buildSessionState(
  deps: { db: PaigeDatabase; workspace: Workspace },
  session: Session | null,
  include: StateItem[],
): Promise<SessionState> {
  const want = new Set(include.length ? include : StateItemSchema.options);
  const state: SessionState = {};
  const plan = session ? getActivePlan(deps.db, session.id) : null;
  const phase = plan?.phases.find((p) => p.status === 'active') ?? null;
  if (want.has('open_files')) state.open_files = deps.workspace.getOpenFiles();
  if (want.has('buffers')) {
    const paths = [...new Set([...deps.workspace.getOpenFiles(), ...deps.workspace.getDirtyPaths()])];
    const buffers = await Promise.all(paths.map((path) => deps.workspace.getBuffer(path)));
    state.buffers = buffers.filter((b): b is NonNullable<typeof b> => b !== null);
  }
  if (want.has('diffs')) state.diffs = await deps.workspace.getDiff();
  if (want.has('phase')) {
    state.phase =
      phase && session
        ? {
            id: phase.id,
            number: phase.number,
            title: phase.title,
            description: phase.description,
            status: phase.status,
            hintLevel: phase.hintLevel ?? session.hintLevel,
          }
        : null;
  }
  if (want.has('plan')) {
    state.plan = plan
      ? {
          id: plan.id,
          phases: plan.phases.map((p) => ({ number: p.number, title: p.title, status: p.status })),
        }
      : null;
  }
  if (want.has('progress')) {
    state.progress = plan
      ? plan.phases
          .flatMap((p) => listProgressEvents(deps.db, p.id))
          .map((e) => ({ eventType: e.eventType, data: e.data, createdAt: e.createdAt }))
      : [];
  }
  if (want.has('hints')) {
    const hints = phase ? listPhaseHints(deps.db, phase.id) : [];
    state.hints = {
      fileHints: hints.flatMap((h) => (h.type === 'file' ? [{ path: h.path, style: h.style }] : [])),
      lineHints: hints.flatMap((h) =>
        h.type === 'line'
          ? [
              {
                path: h.path,
                startLine: h.lineStart,
                endLine: h.lineEnd,
                style: h.style,
                hoverText: h.hoverText,
              },
            ]
          : [],
      ),
    };
  }
  if (want.has('session')) {
    state.session = session
      ? {
          id: session.id,
          projectDir: session.projectDir,
          issueNumber: session.issueNumber,
          issueTitle: session.issueTitle,
          status: session.status,
          startedAt: session.startedAt,
          // the level in force and whose it is (issue 23 item 1): the plugin puts it in every prompt's context
          hintLevel: session.hintLevel,
          hintLevelChosen: session.hintLevelChosen,
          suggestedHintLevel:
            (phase ?? plan?.phases.find((p) => p.status === 'pending') ?? null)?.hintLevel ?? null,
        }
      : null;
  }
  if (want.has('dreyfus')) {
    state.dreyfus = listDreyfusAssessments(deps.db).map((d) => ({
      skillArea: d.skillArea,
      stage: d.stage,
      confidence: d.confidence,
    }));
  }
  return state;
}

/** Registers the 12 Story 6 tools. */
export function defineEditorTools(tools: ToolRegistry, deps: EditorToolsDeps): void {
  const t = mcpTools;

  tools.define(
    {
      name: 'paige_get_buffer',
      title: 'Read editor buffer',
      description:
        'Read what the learner currently has in the editor for one file, including unsaved edits, the cursor ' +
        'position and selections. Use it to see their work in progress before coaching. Returns { buffer } or ' +
        '{ buffer: null } when the file has no buffer (not opened or edited in this server run).',
      input: t.paige_get_buffer.input,
      output: t.paige_get_buffer.output,
      readOnly: true,
      needsSession: false,
    },
    async ({ path }) => {
      const buffer = await deps.workspace.getBuffer(path);
      return {
        structured: { buffer },
        text: buffer
          ? `${buffer.path}: ${buffer.content.length} chars, ${buffer.dirty ? 'unsaved changes' : 'saved'}, cursor ${buffer.cursorPosition.line}:${buffer.cursorPosition.column}`
          : `No buffer for ${path}.`,
      };
    },
  );

  tools.define(
    {
      name: 'paige_get_open_files',
      title: 'List open files',
      description:
        "List the files open in the learner's editor (opened by them or by paige_open_file). Use it to see what the " +
        'learner is looking at before you point them somewhere. Returns { files }: project-relative paths, in the order ' +
        'they were opened (empty when none is open).',
      input: t.paige_get_open_files.input,
      output: t.paige_get_open_files.output,
      readOnly: true,
      needsSession: false,
    },
    () => {
      const files = deps.workspace.getOpenFiles();
      return { structured: { files }, text: files.length ? files.join('\n') : 'No files are open.' };
    },
  );

  tools.define(
    {
      name: 'paige_get_diff',
      title: 'Diff unsaved edits',
      description:
        "Show the learner's unsaved edits as unified diffs against the file on disk: for one path, or for every " +
        'file with unsaved changes when path is omitted. Use it to review what they changed since their last save ' +
        'before giving feedback. Returns { diffs: [{ path, diff }] } (empty when everything is saved).',
      input: t.paige_get_diff.input,
      output: t.paige_get_diff.output,
      readOnly: true,
      needsSession: false,
    },
    async ({ path }) => {
      const diffs = await deps.workspace.getDiff(path);
      return {
        structured: { diffs },
        text: diffs.length ? diffs.map((d) => d.diff).join('\n') : 'No unsaved changes.',
      };
    },
  );

  tools.define(
    {
      name: 'paige_get_session_state',
      title: 'Read coaching state',
      description:
        'Read the coaching state in one call: open_files, buffers, diffs, phase (the active one), plan, progress ' +
        "(events of the plan's phases), hints (of the active phase), session, dreyfus (skill assessments). Call it " +
        'at the start of a turn to ground your coaching in what the learner is doing. Pass include to fetch only some ' +
        'items; omit it for all nine. Returns an object with one key per requested item (phase and plan are null ' +
        'before the coaching pipeline has run).',
      input: t.paige_get_session_state.input,
      output: t.paige_get_session_state.output,
      readOnly: true,
      // discovery Scenario 6.17: without a session this fails like every session tool (issue 20 item 4)
      needsSession: true,
    },
    async ({ include }, { session }) => {
      const state = await buildSessionState(deps, session, include ?? []);
      return { structured: state, text: JSON.stringify(state).slice(0, 2000) };
    },
  );

  tools.define(
    {
      name: 'paige_open_file',
      title: 'Open file in editor',
      description:
        "Open a project file in the learner's editor (read-only: the file is read, never changed). Use it when you " +
        'want the learner to look at a specific file, before highlighting lines in it. Returns { success, path, ' +
        'language, lineCount }; a missing file or a path outside the project is an error naming the path.',
      input: t.paige_open_file.input,
      output: t.paige_open_file.output,
      readOnly: false,
      needsSession: false,
    },
    async ({ path }) => {
      const file = await deps.workspace.openFile(path);
      deps.hub.broadcast('editor:open_file', openedFilePayload(file));
      return {
        structured: {
          success: true as const,
          path: file.path,
          language: file.language,
          lineCount: file.lineCount,
        },
        text: `Opened ${file.path} (${file.lineCount} lines).`,
      };
    },
  );

  tools.define(
    {
      name: 'paige_highlight_lines',
      title: 'Highlight lines',
      description:
        "Highlight a range of lines (1-based, inclusive) in a file in the learner's editor, optionally with hover " +
        'text. Use it to point at the exact code you are talking about: style hint to draw attention, error for a ' +
        'problem, success to confirm. Highlights accumulate until paige_clear_highlights. Returns { success, path, ' +
        "count } (the file's total highlights).",
      input: t.paige_highlight_lines.input,
      output: t.paige_highlight_lines.output,
      readOnly: false,
      needsSession: true,
    },
    async ({ path, start, end, style, hoverText: rawHover }, { session }) => {
      // Claude Code's hover text is model text: it passes the solution-leak guard (issue 20 item 7).
      const hoverText =
        rawHover === undefined ? undefined : await deps.guard.text('hover_text', rawHover, [path]);
      const count = deps.ui.addHighlights(path, [{ start, end, style, hoverText }]);
      deps.hub.broadcast('editor:highlight_lines', {
        path,
        highlights: [{ startLine: start, endLine: end, style, ...(hoverText ? { hoverText } : {}) }],
      });
      deps.logAction('decorations_applied', {
        path,
        count: 1,
        start,
        end,
        style,
        hintLevel: session?.hintLevel ?? 'medium',
      });
      recordHintUsed(deps, session, { tool: 'paige_highlight_lines', path, start, end });
      return {
        structured: { success: true as const, path, count },
        text: `Highlighted ${path}:${start}-${end} (${count} on this file).`,
      };
    },
  );

  tools.define(
    {
      name: 'paige_clear_highlights',
      title: 'Clear highlights',
      description:
        "Remove Paige's line highlights from one file, or from every file when path is omitted. Call it when the " +
        'highlighted code has been dealt with, or before pointing at something new so old highlights do not ' +
        'distract. Also removes the problem underlines of paige_mark_problems. Returns { success, cleared } (how many ' +
        'highlights were removed).',
      input: t.paige_clear_highlights.input,
      output: t.paige_clear_highlights.output,
      readOnly: false,
      needsSession: true,
    },
    ({ path }) => {
      const cleared = deps.ui.clearHighlights(path);
      deps.hub.broadcast('editor:clear_highlights', path === undefined ? {} : { path });
      // Problems marked by paige_mark_problems go with them (issue 23 item 1).
      const problems = deps.ui.clearDecorations(path);
      deps.hub.broadcast('editor:clear_decorations', path === undefined ? {} : { path });
      return {
        structured: { success: true as const, cleared },
        text: `Cleared ${cleared} highlight(s)${problems ? ` and ${problems} problem mark(s)` : ''}${path ? ` on ${path}` : ''}.`,
      };
    },
  );

  tools.define(
    {
      name: 'paige_hint_files',
      title: 'Hint files in explorer',
      description:
        "Make files glow in the learner's file explorer. Use it when the learner should look in particular files " +
        'without being told the answer: style suggested for a gentle nudge, required for files they must change. ' +
        'Hints accumulate until paige_clear_hints. Returns { success, count } (the number of paths hinted by this call).',
      input: t.paige_hint_files.input,
      output: t.paige_hint_files.output,
      readOnly: false,
      needsSession: true,
    },
    ({ paths, style }, { session }) => {
      deps.ui.addFileHints({ paths, style });
      deps.hub.broadcast('explorer:hint_files', { paths, style });
      deps.logAction('file_hints_applied', { paths, style, hintLevel: session?.hintLevel ?? 'medium' });
      recordHintUsed(deps, session, { tool: 'paige_hint_files', paths, style });
      return {
        structured: { success: true as const, count: paths.length },
        text: `Hinted ${paths.length} file(s) (${style}).`,
      };
    },
  );

  tools.define(
    {
      name: 'paige_clear_hints',
      title: 'Clear file hints',
      description:
        "Remove every file glow (set by paige_hint_files) from the learner's file explorer. Call it when the hinted " +
        'files are no longer where the learner should look: they found the file, or the phase moved on. Returns ' +
        '{ success } (true also when there was nothing to clear).',
      input: t.paige_clear_hints.input,
      output: t.paige_clear_hints.output,
      readOnly: false,
      needsSession: true,
    },
    () => {
      deps.ui.clearFileHints();
      deps.hub.broadcast('explorer:clear_hints', {});
      return { structured: { success: true as const }, text: 'File hints cleared.' };
    },
  );

  tools.define(
    {
      name: 'paige_update_phase',
      title: 'Update phase status',
      description:
        'Move a phase of the active coaching plan forward: call it with active when the learner starts a phase and ' +
        'with complete when they finish it. One phase is active at a time; phases cannot be skipped or reopened. ' +
        'Setting the status it already has is a no-op. When a phase becomes active, its file and line hints replace the ' +
        "previous phase's in the editor. Returns { success, phase: { id, number, title, status } }.",
      input: t.paige_update_phase.input,
      output: t.paige_update_phase.output,
      readOnly: false,
      needsSession: true,
    },
    ({ phase: number, status }, { session }) => {
      const s = session as Session;
      const { phase, changed } = updatePhaseStatus(deps.db, { sessionId: s.id, phaseNumber: number, status });
      if (changed) {
        const data = { phaseId: phase.id, phaseNumber: phase.number, title: phase.title };
        deps.logAction(status === 'active' ? 'phase_started' : 'phase_completed', data, s.id);
        deps.hub.broadcast('coaching:phase_update', {
          phaseId: phase.id,
          phase: phase.number,
          title: phase.title,
          status: phase.status,
          description: phase.description,
          hintLevel: phase.hintLevel ?? s.hintLevel,
          startedAt: phase.startedAt,
          completedAt: phase.completedAt,
        });
        // Hints follow the plan (issue 23 items 1-2): the new phase's suggestion and hints replace the previous phase's.
        if (status === 'active') {
          const current = followPhaseSuggestion(deps, s);
          const full = getActivePlan(deps.db, s.id)?.phases.find((p) => p.id === phase.id);
          applyPhaseHints(deps, full, current.hintLevel);
        }
      }
      return {
        structured: {
          success: true as const,
          phase: { id: phase.id, number: phase.number, title: phase.title, status: phase.status },
        },
        text: changed
          ? `Phase ${phase.number} "${phase.title}" is now ${phase.status}.`
          : `Phase ${phase.number} was already ${phase.status}.`,
      };
    },
  );

  tools.define(
    {
      name: 'paige_show_message',
      title: 'Show coaching message',
      description:
        'Show a short coaching message in the editor UI (type info, hint, success or warning), optionally anchored ' +
        'to lines of a file. Use it for encouragement or a nudge the learner should see outside the terminal. Returns { success }.',
      input: t.paige_show_message.input,
      output: t.paige_show_message.output,
      readOnly: false,
      needsSession: true,
      summarize: (a) => ({ type: a.type, chars: a.message.length, anchored: Boolean(a.anchor) }),
    },
    async ({ message: raw, type, anchor }) => {
      // Claude Code's message is model text: it passes the solution-leak guard (issue 20 item 7).
      const message = await deps.guard.text('coaching_message', raw, anchor ? [anchor.path] : []);
      deps.hub.broadcast('coaching:message', { message, type, ...(anchor ? { anchor } : {}) });
      deps.logAction('coaching_message', { messageType: type });
      return { structured: { success: true as const }, text: 'Message shown.' };
    },
  );

  tools.define(
    {
      name: 'paige_show_issue_context',
      title: 'Show issue context',
      description:
        "Show the GitHub issue the learner is working on in the editor's issue panel (title, summary, labels, " +
        'url). Call it once the issue is known, so the learner sees what they are solving next to the code. ' +
        'Returns { success }.',
      input: t.paige_show_issue_context.input,
      output: t.paige_show_issue_context.output,
      readOnly: false,
      needsSession: true,
      summarize: (a) => ({ number: a.number, title: a.title }),
    },
    (args) => {
      deps.hub.broadcast('coaching:issue_context', args);
      return { structured: { success: true as const }, text: `Issue context shown: ${args.title}.` };
    },
  );
}
