/**
 * The editor file protocol over WebSocket (Story 3, Story 5 AS-2..AS-5, issue 4 item 7): open, save, close,
 * buffer updates (cache + buffer-logging policy + `buffer_update` activity event), and the editor, explorer,
 * and idle messages that feed the action log (`hints:level_change` is `features/hints.ts`).
 */
import { createBufferLogPolicy, type BufferLogPolicy } from '@paige/store';
import { BufferSyncError, WorkspaceError } from '@paige/workspace';
import type { AppContext } from '../context.js';
import type { HandlerContext } from '../ws/hub.js';
import type { HandlerGroup } from './types.js';

/** Installs the per-session buffer-logging policy (Story 4 AS-2/AS-3/AS-7/AS-8) and returns the file handlers. */
export function createFileFeature(ctx: AppContext): HandlerGroup<
  | 'file:open'
  | 'file:save'
  | 'file:close'
  | 'buffer:update'
  | 'buffer:edit'
  | 'editor:tab_switch'
  | 'editor:selection'
  | 'editor:scroll'
  | 'explorer:expand_dir'
  | 'explorer:collapse_dir'
  | 'user:idle_start'
  | 'user:idle_end'
> {
  let policy: { sessionId: string; policy: BufferLogPolicy } | undefined;
  ctx.sessions.use({
    onStart: (session) => {
      policy?.policy.stop();
      policy = {
        sessionId: session.id,
        policy: createBufferLogPolicy({
          logAction: (input) => ctx.actions.logAction(input),
          now: () => ctx.now().getTime(),
        }),
      };
    },
    onStop: () => {
      policy?.policy.flush();
      policy?.policy.stop();
      policy = undefined;
    },
  });

  /**
   * What follows every change of a buffer, full or incremental (DESIGN section 4 "Buffer edit"): the buffer-logging
   * policy with the resulting size, and a `buffer_update` activity event for the Observer.
   */
  const afterBufferChange = (rel: string, charCount: number): void => {
    const session = ctx.sessions.active();
    if (session && policy?.sessionId === session.id) {
      policy.policy.onBufferUpdate({ sessionId: session.id, path: rel, charCount });
    }
    ctx.publish({
      type: 'buffer_update',
      sessionId: session?.id ?? null,
      data: { path: rel, charCount },
      createdAt: ctx.now().toISOString(),
    });
  };

  /** A refused incremental sync answers `buffer:sync_error` to its sender (issue 16 item 2); anything else propagates. */
  const syncRefused = (err: unknown, path: string, reply: HandlerContext['reply']): boolean => {
    if (!(err instanceof BufferSyncError)) return false;
    reply('buffer:sync_error', {
      path: err.path ?? path,
      code: err.code,
      ...(err.expectedVersion === undefined ? {} : { expectedVersion: err.expectedVersion }),
      message: err.message,
    });
    return true;
  };

  return {
    async 'file:open'({ path, discardBuffer }, { reply }) {
      const file = await ctx.workspace.openFile(path, discardBuffer ? { discardBuffer } : {});
      reply('fs:content', {
        path: file.path,
        content: file.content,
        language: file.language,
        lineCount: file.lineCount,
        hash: file.hash,
        ...(file.dirty ? { dirty: true } : {}),
        version: file.version,
      });
      const session = ctx.sessions.active();
      if (session && policy?.sessionId === session.id) {
        policy.policy.setBaseline({ sessionId: session.id, path: file.path, charCount: file.content.length });
      }
      ctx.logAction('file_open', { path: file.path });
    },

    async 'file:save'({ path, content, baseHash }, { reply, broadcast }) {
      try {
        const saved = await ctx.workspace.writeFile(path, content, baseHash === undefined ? {} : { baseHash });
        // A save changes what every window shows (the file is clean, its hash is new): all windows get the ack, the
        // saving one with its request id (issue 20 item 2; Story 5 AS-3). A failure changes nothing: the saver alone.
        broadcast('fs:save_ack', { path: saved.path, success: true, timestamp: saved.timestamp, hash: saved.hash });
        ctx.logAction('file_save', { path: saved.path, charCount: content.length });
      } catch (err) {
        if (!(err instanceof WorkspaceError)) throw err;
        reply('fs:save_error', { path, error: err.message, code: err.code });
      }
    },

    async 'file:close'({ path }) {
      await ctx.workspace.closeFile(path);
      ctx.logAction('file_close', { path });
    },

    async 'buffer:update'({ path, content, cursorPosition, selections, version }, { reply }) {
      let rel: string;
      try {
        ({ path: rel } = await ctx.workspace.updateBuffer(path, { content, cursorPosition, selections: selections ?? [], ...(version === undefined ? {} : { version }) }));
      } catch (err) {
        if (syncRefused(err, path, reply)) return;
        throw err;
      }
      afterBufferChange(rel, content.length);
    },

    async 'buffer:edit'({ path, baseVersion, version, changes, cursorPosition, selections }, { reply }) {
      let applied;
      try {
        applied = await ctx.workspace.applyBufferEdits(path, { baseVersion, version, changes, cursorPosition, selections: selections ?? [] });
      } catch (err) {
        if (syncRefused(err, path, reply)) return;
        throw err;
      }
      afterBufferChange(applied.path, applied.charCount);
    },

    'editor:tab_switch'({ fromPath, toPath }) {
      ctx.logAction('editor_tab_switch', { fromPath, toPath });
    },

    'editor:selection'({ path, range, textLength }) {
      ctx.logAction('selection', { path, range, textLength });
    },

    'editor:scroll'() {
      // Story 5 handler table: a no-op (too noisy to log, no coaching signal).
    },

    'explorer:expand_dir'({ path }) {
      ctx.logAction('explorer_expand_dir', { path });
    },

    'explorer:collapse_dir'({ path }) {
      ctx.logAction('explorer_collapse_dir', { path });
    },

    'user:idle_start'({ lastActionTimestamp }) {
      ctx.logAction('idle_start', { lastActionTimestamp });
    },

    'user:idle_end'({ idleMs }) {
      ctx.logAction('idle_end', idleMs === undefined ? {} : { idleMs });
    },
  };
}
