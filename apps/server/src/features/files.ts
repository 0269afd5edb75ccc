/**
 * The editor file protocol over WebSocket (Story 3, Story 5 AS-2..AS-5, issue 4 item 7): open, save, close,
 * buffer updates (cache + buffer-logging policy + `buffer_update` activity event), and the editor, explorer,
 * and idle messages that feed the action log (`hints:level_change` is `features/hints.ts`).
 */
import { createBufferLogPolicy, type ActionLog, type ActivityBus, type BufferLogPolicy } from '@paige/store';
import { BufferSyncError, WorkspaceError, type Workspace } from '@paige/workspace';
import type { Clock, LogAction } from '../parts.js';
import type { SessionService } from '../services/session-service.js';
import type { HandlerContext } from '../ws/hub.js';
import { openedFilePayload } from './shared.js';
import type { HandlerGroup } from './types.js';

/** The parts of the file feature. */
export interface FileFeatureDeps {
  workspace: Workspace;
  sessions: Pick<SessionService, 'active' | 'use' | 'invalidate'>;
  actionLog: Pick<ActionLog, 'logAction'>;
  logAction: LogAction;
  /** `buffer_update` events (not persisted) for the Observer. */
  bus: Pick<ActivityBus, 'publish'>;
  now: Clock;
}

/** Installs the per-session buffer-logging policy (Story 4 AS-2/AS-3/AS-7/AS-8) and returns the file handlers. */
export function createFileFeature({
  workspace,
  sessions,
  actionLog,
  logAction,
  bus,
  now,
}: FileFeatureDeps): HandlerGroup<
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
  sessions.use({
    onStart: (session) => {
      policy?.policy.stop();
      policy = {
        sessionId: session.id,
        policy: createBufferLogPolicy({
          logAction: (input) => actionLog.logAction(input),
          now: () => now().getTime(),
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
    const session = sessions.active();
    if (session && policy?.sessionId === session.id) {
      policy.policy.onBufferUpdate({ sessionId: session.id, path: rel, charCount });
    }
    bus.publish({
      type: 'buffer_update',
      sessionId: session?.id ?? null,
      data: { path: rel, charCount },
      createdAt: now().toISOString(),
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
      const file = await workspace.openFile(path, discardBuffer ? { discardBuffer } : {});
      reply('fs:content', openedFilePayload(file));
      const session = sessions.active();
      if (session && policy?.sessionId === session.id) {
        policy.policy.setBaseline({ sessionId: session.id, path: file.path, charCount: file.content.length });
      }
      logAction('file_open', { path: file.path });
    },

    async 'file:save'({ path, content, baseHash }, { reply, broadcast }) {
      try {
        const saved = await workspace.writeFile(path, content, baseHash === undefined ? {} : { baseHash });
        // A save changes what every window shows (the file is clean, its hash is new): all windows get the ack, the
        // saving one with its request id (issue 20 item 2; Story 5 AS-3). A failure changes nothing: the saver alone.
        broadcast('fs:save_ack', {
          path: saved.path,
          success: true,
          timestamp: saved.timestamp,
          hash: saved.hash,
        });
        logAction('file_save', { path: saved.path, charCount: content.length });
      } catch (err) {
        if (!(err instanceof WorkspaceError)) throw err;
        reply('fs:save_error', { path, error: err.message, code: err.code });
      }
    },

    async 'file:close'({ path }) {
      await workspace.closeFile(path);
      logAction('file_close', { path });
    },

    async 'buffer:update'({ path, content, cursorPosition, selections, version }, { reply }) {
      let rel: string;
      try {
        ({ path: rel } = await workspace.updateBuffer(path, {
          content,
          cursorPosition,
          selections: selections ?? [],
          ...(version === undefined ? {} : { version }),
        }));
      } catch (err) {
        if (syncRefused(err, path, reply)) return;
        throw err;
      }
      afterBufferChange(rel, content.length);
    },

    async 'buffer:edit'({ path, baseVersion, version, changes, cursorPosition, selections }, { reply }) {
      let applied;
      try {
        applied = await workspace.applyBufferEdits(path, {
          baseVersion,
          version,
          changes,
          cursorPosition,
          selections: selections ?? [],
        });
      } catch (err) {
        if (syncRefused(err, path, reply)) return;
        throw err;
      }
      afterBufferChange(applied.path, applied.charCount);
    },

    'editor:tab_switch'({ fromPath, toPath }) {
      logAction('editor_tab_switch', { fromPath, toPath });
    },

    'editor:selection'({ path, range, textLength }) {
      logAction('selection', { path, range, textLength });
    },

    'editor:scroll'() {
      // Story 5 handler table: a no-op (too noisy to log, no coaching signal).
    },

    'explorer:expand_dir'({ path }) {
      logAction('explorer_expand_dir', { path });
    },

    'explorer:collapse_dir'({ path }) {
      logAction('explorer_collapse_dir', { path });
    },

    'user:idle_start'({ lastActionTimestamp }) {
      logAction('idle_start', { lastActionTimestamp });
    },

    'user:idle_end'({ idleMs }) {
      logAction('idle_end', idleMs === undefined ? {} : { idleMs });
    },
  };
}
