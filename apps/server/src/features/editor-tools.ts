/**
 * The MCP read tools and UI control tools of Story 6 (issue 5 items 2-3). Read-only toward the user's
 * files: tools read buffers and files and drive the editor UI; none writes, moves or deletes a file.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { mcpTools, type SessionState, type StateItem } from '@paige/protocol';
import {
  addProgressEvent,
  getActivePlan,
  listDreyfusAssessments,
  listPhaseHints,
  listProgressEvents,
  updatePhaseStatus,
  type Session,
} from '@paige/store';
import type { AppContext } from '../context.js';
import { defineTool } from '../mcp/tool-kit.js';
import { guardText } from './guard.js';
import { applyPhaseHints, followPhaseSuggestion } from './hints.js';
import { activePhase } from './shared.js';

const ALL_ITEMS: StateItem[] = ['open_files', 'buffers', 'diffs', 'phase', 'plan', 'progress', 'hints', 'session', 'dreyfus'];

/** Records a `hint_used` progress event on the active phase (issue 5 item 3). */
function recordHintUsed(ctx: AppContext, session: Session | null, data: Record<string, unknown>): void {
  if (!session) return;
  const phase = activePhase(ctx, session.id);
  if (phase) addProgressEvent(ctx.db, { phaseId: phase.id, eventType: 'hint_used', data });
}

/** Builds `paige_get_session_state` for the requested items (Story 6 AS-6/AS-7). */
export async function buildSessionState(ctx: AppContext, session: Session | null, include: StateItem[]): Promise<SessionState> {
  const want = new Set(include.length ? include : ALL_ITEMS);
  const state: SessionState = {};
  const plan = session ? getActivePlan(ctx.db, session.id) : null;
  const phase = plan?.phases.find((p) => p.status === 'active') ?? null;
  if (want.has('open_files')) state.open_files = ctx.workspace.getOpenFiles();
  if (want.has('buffers')) {
    const paths = [...new Set([...ctx.workspace.getOpenFiles(), ...ctx.workspace.getDirtyPaths()])];
    const buffers = await Promise.all(paths.map((path) => ctx.workspace.getBuffer(path)));
    state.buffers = buffers.filter((b): b is NonNullable<typeof b> => b !== null);
  }
  if (want.has('diffs')) state.diffs = await ctx.workspace.getDiff();
  if (want.has('phase')) {
    state.phase = phase && session
      ? { id: phase.id, number: phase.number, title: phase.title, description: phase.description, status: phase.status, hintLevel: phase.hintLevel ?? session.hintLevel }
      : null;
  }
  if (want.has('plan')) {
    state.plan = plan ? { id: plan.id, phases: plan.phases.map((p) => ({ number: p.number, title: p.title, status: p.status })) } : null;
  }
  if (want.has('progress')) {
    state.progress = plan
      ? plan.phases.flatMap((p) => listProgressEvents(ctx.db, p.id)).map((e) => ({ eventType: e.eventType, data: e.data, createdAt: e.createdAt }))
      : [];
  }
  if (want.has('hints')) {
    const hints = phase ? listPhaseHints(ctx.db, phase.id) : [];
    state.hints = {
      fileHints: hints.flatMap((h) => (h.type === 'file' ? [{ path: h.path, style: h.style }] : [])),
      lineHints: hints.flatMap((h) =>
        h.type === 'line' ? [{ path: h.path, startLine: h.lineStart, endLine: h.lineEnd, style: h.style, hoverText: h.hoverText }] : [],
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
          suggestedHintLevel: (plan ? (phase ?? plan.phases.find((p) => p.status === 'pending') ?? null) : null)?.hintLevel ?? null,
        }
      : null;
  }
  if (want.has('dreyfus')) {
    state.dreyfus = listDreyfusAssessments(ctx.db).map((d) => ({ skillArea: d.skillArea, stage: d.stage, confidence: d.confidence }));
  }
  return state;
}

/** Registers the 12 Story 6 tools. */
export function registerEditorTools(server: McpServer, ctx: AppContext): void {
  const t = mcpTools;

  defineTool(server, ctx, {
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
  }, async ({ path }) => {
    const buffer = await ctx.workspace.getBuffer(path);
    return {
      structured: { buffer },
      text: buffer ? `${buffer.path}: ${buffer.content.length} chars, ${buffer.dirty ? 'unsaved changes' : 'saved'}, cursor ${buffer.cursorPosition.line}:${buffer.cursorPosition.column}` : `No buffer for ${path}.`,
    };
  });

  defineTool(server, ctx, {
    name: 'paige_get_open_files',
    title: 'List open files',
    description:
      'List the files open in the learner\'s editor (opened by them or by paige_open_file). Use it to see what the ' +
      'learner is looking at before you point them somewhere. Returns { files }: project-relative paths, in the order ' +
      'they were opened (empty when none is open).',
    input: t.paige_get_open_files.input,
    output: t.paige_get_open_files.output,
    readOnly: true,
    needsSession: false,
  }, () => {
    const files = ctx.workspace.getOpenFiles();
    return { structured: { files }, text: files.length ? files.join('\n') : 'No files are open.' };
  });

  defineTool(server, ctx, {
    name: 'paige_get_diff',
    title: 'Diff unsaved edits',
    description:
      'Show the learner\'s unsaved edits as unified diffs against the file on disk: for one path, or for every ' +
      'file with unsaved changes when path is omitted. Use it to review what they changed since their last save ' +
      'before giving feedback. Returns { diffs: [{ path, diff }] } (empty when everything is saved).',
    input: t.paige_get_diff.input,
    output: t.paige_get_diff.output,
    readOnly: true,
    needsSession: false,
  }, async ({ path }) => {
    const diffs = await ctx.workspace.getDiff(path);
    return { structured: { diffs }, text: diffs.length ? diffs.map((d) => d.diff).join('\n') : 'No unsaved changes.' };
  });

  defineTool(server, ctx, {
    name: 'paige_get_session_state',
    title: 'Read coaching state',
    description:
      'Read the coaching state in one call: open_files, buffers, diffs, phase (the active one), plan, progress ' +
      '(events of the plan\'s phases), hints (of the active phase), session, dreyfus (skill assessments). Call it ' +
      'at the start of a turn to ground your coaching in what the learner is doing. Pass include to fetch only some ' +
      'items; omit it for all nine. Returns an object with one key per requested item (phase and plan are null ' +
      'before the coaching pipeline has run).',
    input: t.paige_get_session_state.input,
    output: t.paige_get_session_state.output,
    readOnly: true,
    // discovery Scenario 6.17: without a session this fails like every session tool (issue 20 item 4)
    needsSession: true,
  }, async ({ include }, { session }) => {
    const state = await buildSessionState(ctx, session, include ?? []);
    return { structured: state, text: JSON.stringify(state).slice(0, 2000) };
  });

  defineTool(server, ctx, {
    name: 'paige_open_file',
    title: 'Open file in editor',
    description:
      'Open a project file in the learner\'s editor (read-only: the file is read, never changed). Use it when you ' +
      'want the learner to look at a specific file, before highlighting lines in it. Returns { success, path, ' +
      'language, lineCount }; a missing file or a path outside the project is an error naming the path.',
    input: t.paige_open_file.input,
    output: t.paige_open_file.output,
    readOnly: false,
    needsSession: false,
  }, async ({ path }) => {
    const file = await ctx.workspace.openFile(path);
    ctx.hub.broadcast('editor:open_file', {
      path: file.path,
      content: file.content,
      language: file.language,
      lineCount: file.lineCount,
      hash: file.hash,
      ...(file.dirty ? { dirty: true } : {}),
      version: file.version,
    });
    return { structured: { success: true as const, path: file.path, language: file.language, lineCount: file.lineCount }, text: `Opened ${file.path} (${file.lineCount} lines).` };
  });

  defineTool(server, ctx, {
    name: 'paige_highlight_lines',
    title: 'Highlight lines',
    description:
      'Highlight a range of lines (1-based, inclusive) in a file in the learner\'s editor, optionally with hover ' +
      'text. Use it to point at the exact code you are talking about: style hint to draw attention, error for a ' +
      'problem, success to confirm. Highlights accumulate until paige_clear_highlights. Returns { success, path, ' +
      'count } (the file\'s total highlights).',
    input: t.paige_highlight_lines.input,
    output: t.paige_highlight_lines.output,
    readOnly: false,
    needsSession: true,
  }, async ({ path, start, end, style, hoverText: rawHover }, { session }) => {
    // Claude Code's hover text is model text: it passes the solution-leak guard (issue 20 item 7).
    const hoverText = rawHover === undefined ? undefined : await guardText(ctx, 'hover_text', rawHover, [path]);
    const count = ctx.ui.addHighlights(path, [{ start, end, style, hoverText }]);
    ctx.hub.broadcast('editor:highlight_lines', { path, highlights: [{ startLine: start, endLine: end, style, ...(hoverText ? { hoverText } : {}) }] });
    ctx.logAction('decorations_applied', { path, count: 1, start, end, style, hintLevel: session?.hintLevel ?? 'medium' });
    recordHintUsed(ctx, session, { tool: 'paige_highlight_lines', path, start, end });
    return { structured: { success: true as const, path, count }, text: `Highlighted ${path}:${start}-${end} (${count} on this file).` };
  });

  defineTool(server, ctx, {
    name: 'paige_clear_highlights',
    title: 'Clear highlights',
    description:
      'Remove Paige\'s line highlights from one file, or from every file when path is omitted. Call it when the ' +
      'highlighted code has been dealt with, or before pointing at something new so old highlights do not ' +
      'distract. Also removes the problem underlines of paige_mark_problems. Returns { success, cleared } (how many ' +
      'highlights were removed).',
    input: t.paige_clear_highlights.input,
    output: t.paige_clear_highlights.output,
    readOnly: false,
    needsSession: true,
  }, ({ path }) => {
    const cleared = ctx.ui.clearHighlights(path);
    ctx.hub.broadcast('editor:clear_highlights', path === undefined ? {} : { path });
    // Problems marked by paige_mark_problems go with them (issue 23 item 1).
    const problems = ctx.ui.clearDecorations(path);
    ctx.hub.broadcast('editor:clear_decorations', path === undefined ? {} : { path });
    return {
      structured: { success: true as const, cleared },
      text: `Cleared ${cleared} highlight(s)${problems ? ` and ${problems} problem mark(s)` : ''}${path ? ` on ${path}` : ''}.`,
    };
  });

  defineTool(server, ctx, {
    name: 'paige_hint_files',
    title: 'Hint files in explorer',
    description:
      'Make files glow in the learner\'s file explorer. Use it when the learner should look in particular files ' +
      'without being told the answer: style suggested for a gentle nudge, required for files they must change. ' +
      'Hints accumulate until paige_clear_hints. Returns { success, count } (the number of paths hinted by this call).',
    input: t.paige_hint_files.input,
    output: t.paige_hint_files.output,
    readOnly: false,
    needsSession: true,
  }, ({ paths, style }, { session }) => {
    ctx.ui.addFileHints({ paths, style });
    ctx.hub.broadcast('explorer:hint_files', { paths, style });
    ctx.logAction('file_hints_applied', { paths, style, hintLevel: session?.hintLevel ?? 'medium' });
    recordHintUsed(ctx, session, { tool: 'paige_hint_files', paths, style });
    return { structured: { success: true as const, count: paths.length }, text: `Hinted ${paths.length} file(s) (${style}).` };
  });

  defineTool(server, ctx, {
    name: 'paige_clear_hints',
    title: 'Clear file hints',
    description:
      'Remove every file glow (set by paige_hint_files) from the learner\'s file explorer. Call it when the hinted ' +
      'files are no longer where the learner should look: they found the file, or the phase moved on. Returns ' +
      '{ success } (true also when there was nothing to clear).',
    input: t.paige_clear_hints.input,
    output: t.paige_clear_hints.output,
    readOnly: false,
    needsSession: true,
  }, () => {
    ctx.ui.clearFileHints();
    ctx.hub.broadcast('explorer:clear_hints', {});
    return { structured: { success: true as const }, text: 'File hints cleared.' };
  });

  defineTool(server, ctx, {
    name: 'paige_update_phase',
    title: 'Update phase status',
    description:
      'Move a phase of the active coaching plan forward: call it with active when the learner starts a phase and ' +
      'with complete when they finish it. One phase is active at a time; phases cannot be skipped or reopened. ' +
      'Setting the status it already has is a no-op. When a phase becomes active, its file and line hints replace the ' +
      'previous phase\'s in the editor. Returns { success, phase: { id, number, title, status } }.',
    input: t.paige_update_phase.input,
    output: t.paige_update_phase.output,
    readOnly: false,
    needsSession: true,
  }, ({ phase: number, status }, { session }) => {
    const s = session as Session;
    const { phase, changed } = updatePhaseStatus(ctx.db, { sessionId: s.id, phaseNumber: number, status });
    if (changed) {
      const data = { phaseId: phase.id, phaseNumber: phase.number, title: phase.title };
      ctx.logAction(status === 'active' ? 'phase_started' : 'phase_completed', data, s.id);
      ctx.hub.broadcast('coaching:phase_update', {
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
        const current = followPhaseSuggestion(ctx, s);
        const full = getActivePlan(ctx.db, s.id)?.phases.find((p) => p.id === phase.id);
        applyPhaseHints(ctx, full, current.hintLevel);
      }
    }
    return {
      structured: { success: true as const, phase: { id: phase.id, number: phase.number, title: phase.title, status: phase.status } },
      text: changed ? `Phase ${phase.number} "${phase.title}" is now ${phase.status}.` : `Phase ${phase.number} was already ${phase.status}.`,
    };
  });

  defineTool(server, ctx, {
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
  }, async ({ message: raw, type, anchor }) => {
    // Claude Code's message is model text: it passes the solution-leak guard (issue 20 item 7).
    const message = await guardText(ctx, 'coaching_message', raw, anchor ? [anchor.path] : []);
    ctx.hub.broadcast('coaching:message', { message, type, ...(anchor ? { anchor } : {}) });
    ctx.logAction('coaching_message', { messageType: type });
    return { structured: { success: true as const }, text: 'Message shown.' };
  });

  defineTool(server, ctx, {
    name: 'paige_show_issue_context',
    title: 'Show issue context',
    description:
      'Show the GitHub issue the learner is working on in the editor\'s issue panel (title, summary, labels, ' +
      'url). Call it once the issue is known, so the learner sees what they are solving next to the code. ' +
      'Returns { success }.',
    input: t.paige_show_issue_context.input,
    output: t.paige_show_issue_context.output,
    readOnly: false,
    needsSession: true,
    summarize: (a) => ({ number: a.number, title: a.title }),
  }, (args) => {
    ctx.hub.broadcast('coaching:issue_context', args);
    return { structured: { success: true as const }, text: `Issue context shown: ${args.title}.` };
  });
}
