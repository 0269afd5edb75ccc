import { describe, expect, it } from 'vitest';
import {
  CLIENT_MESSAGE_TYPES,
  ClientMessageSchema,
  ProtocolError,
  SERVER_MESSAGE_TYPES,
  ServerMessageSchema,
  WsErrorCodeSchema,
  clientMessages,
  isClientMessageType,
  isServerMessageType,
  parseClientMessage,
  parseServerMessage,
  serverMessage,
  serverMessages,
  type ClientMessageType,
  type ServerMessageType,
} from '../src/index.js';
import { ISO, clientCases, serverCases } from './fixtures.js';

/** Story 5 "Comprehensive WebSocket Message Catalog", client -> server, verbatim (23). */
const DISCOVERY_CLIENT_TYPES = [
  'connection:hello',
  'dashboard:request',
  'dashboard:refresh_issues',
  'session:start',
  'session:resume',
  'session:end',
  'file:open',
  'file:save',
  'file:close',
  'buffer:update',
  'editor:tab_switch',
  'editor:selection',
  'explorer:expand_dir',
  'explorer:collapse_dir',
  'hints:level_change',
  'user:explain',
  'user:review',
  'user:idle_start',
  'user:idle_end',
  'observer:mute',
  'practice:submit_solution',
  'terminal:input',
  'terminal:resize',
];

/** Story 5 catalog, server -> client, verbatim (32). */
const DISCOVERY_SERVER_TYPES = [
  'connection:init',
  'connection:error',
  'dashboard:dreyfus',
  'dashboard:state',
  'dashboard:issues',
  'dashboard:issues_error',
  'fs:tree',
  'fs:tree_update',
  'fs:content',
  'fs:save_ack',
  'fs:save_error',
  'editor:decorations',
  'editor:clear_decorations',
  'editor:hover_hint',
  'editor:open_file',
  'editor:highlight_lines',
  'editor:clear_highlights',
  'explorer:hint_files',
  'explorer:clear_hints',
  'session:started',
  'session:resumed',
  'session:ended',
  'coaching:phase_update',
  'coaching:message',
  'coaching:issue_context',
  'coaching:plan_ready',
  'observer:nudge',
  'observer:status',
  'explain:response',
  'review:response',
  'practice:kata_load',
  'practice:solution_review',
];

/** Additive client types: issue 10 (`practice:load_kata`), Story 5 handler table (`editor:scroll`, `terminal:ready`). */
const ADDITIVE_CLIENT_TYPES = [
  'team:status_request',
  'team:join',
  'team:leave',
  'practice:load_kata',
  'editor:scroll',
  'terminal:ready',
  'observer:nudge_delivered',
  'buffer:edit',
  // issue 23: the wrap-up screen, the manager summary, the pipeline's progress after a reload
  'session:wrap_up_request',
  'session:manager_summary_request',
  'coaching:pipeline_status',
  // issue 24: practice that runs, and challenges that are not code
  'practice:run',
  'practice:cancel_run',
  'practice:load_challenge',
  'practice:answer_quiz',
  'practice:explain_back',
];
/** Additive server types: Story 9 (`session:completed`), Story 11 (`explain:error`, `review:error`), issues 10, 16 and 20. */
const ADDITIVE_SERVER_TYPES = [
  'team:status',
  'team:join_error',
  'session:completed',
  'explain:error',
  'review:error',
  'dashboard:challenges',
  'dashboard:learning_materials',
  'buffer:sync_error',
  'hints:level_update',
  // issue 23
  'coaching:pipeline_progress',
  'session:wrap_up',
  'session:manager_summary',
  'session:manager_summary_error',
  // issue 24
  'practice:run_result',
  'practice:run_error',
  'practice:run_queued',
  'practice:challenge_load',
  'practice:quiz_result',
  'practice:explain_back_review',
  'practice:challenge_error',
];

const frame = (type: string, payload: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type, payload, ...extra });

describe('Story 5: WebSocket message catalog', () => {
  it('FR-050: all 23 discovery client types and 32 discovery server types are present', () => {
    expect(DISCOVERY_CLIENT_TYPES).toHaveLength(23);
    expect(DISCOVERY_SERVER_TYPES).toHaveLength(32);
    for (const t of DISCOVERY_CLIENT_TYPES) expect(isClientMessageType(t), t).toBe(true);
    for (const t of DISCOVERY_SERVER_TYPES) expect(isServerMessageType(t), t).toBe(true);
  });

  it('the catalog is exactly the discovery types plus the additive ones of Stories 9-12 and the issues', () => {
    expect([...CLIENT_MESSAGE_TYPES].sort()).toEqual(
      [...DISCOVERY_CLIENT_TYPES, ...ADDITIVE_CLIENT_TYPES].sort(),
    );
    expect([...SERVER_MESSAGE_TYPES].sort()).toEqual(
      [...DISCOVERY_SERVER_TYPES, ...ADDITIVE_SERVER_TYPES].sort(),
    );
    expect(Object.keys(clientMessages)).toHaveLength(39);
    expect(Object.keys(serverMessages)).toHaveLength(52);
  });

  it('superseded names are not in the catalog (dashboard:materials -> dashboard:learning_materials, D85 stats_period)', () => {
    for (const t of [
      'dashboard:materials',
      'dashboard:materials_error',
      'dashboard:stats_period',
      'observer:nudge_prompt',
    ]) {
      expect(isClientMessageType(t) || isServerMessageType(t), t).toBe(false);
    }
    expect(isClientMessageType('constructor')).toBe(false);
    expect(isClientMessageType(42)).toBe(false);
  });

  describe('every client type accepts a valid example and rejects a bad one', () => {
    it.each(CLIENT_MESSAGE_TYPES)('%s', (type) => {
      const c = clientCases[type];
      const good = parseClientMessage(frame(type, c.valid, { id: `req-${type}` }));
      expect(good.ok, JSON.stringify(good)).toBe(true);
      if (good.ok) {
        expect(good.message.type).toBe(type);
        expect(good.message.id).toBe(`req-${type}`);
        expect(ClientMessageSchema.safeParse(good.message).success).toBe(true);
      }
      const bad = parseClientMessage(frame(type, c.invalid, { id: 'bad-1' }));
      expect(bad.ok).toBe(false);
      if (!bad.ok) {
        expect(bad.error.code).toBe('INVALID_PAYLOAD');
        expect(bad.error.type).toBe(type);
        expect(bad.error.id).toBe('bad-1');
        expect(bad.error.issues?.length).toBeGreaterThan(0);
        expect(bad.error.issues?.[0]?.path[0]).toBe('payload');
      }
    });
  });

  describe('every server type builds from a valid example and refuses a bad one', () => {
    it.each(SERVER_MESSAGE_TYPES)('%s', (type: ServerMessageType) => {
      const c = serverCases[type];
      const msg = serverMessage(type, c.valid, 'r-1');
      expect(msg.type).toBe(type);
      expect(msg.id).toBe('r-1');
      expect(ServerMessageSchema.safeParse(msg).success).toBe(true);
      const roundTrip = parseServerMessage(JSON.stringify(msg));
      expect(roundTrip.ok).toBe(true);
      expect(serverMessages[type].safeParse(c.invalid).success).toBe(false);
      expect(
        ServerMessageSchema.safeParse({ type, payload: c.invalid, timestamp: msg.timestamp }).success,
      ).toBe(false);
    });
  });

  it('EC-22: invalid JSON gives INVALID_JSON', () => {
    const r = parseClientMessage('{"type": "file:open", ');
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_JSON' } });
  });

  it('AS-8: an unknown type gives UNKNOWN_TYPE and echoes type and id', () => {
    const r = parseClientMessage(frame('file:teleport', {}, { id: 'abc' }));
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'UNKNOWN_TYPE',
        message: 'Unknown message type "file:teleport"',
        type: 'file:teleport',
        id: 'abc',
      },
    });
  });

  it('EC-23: a non-object frame or a frame without type is INVALID_PAYLOAD', () => {
    expect(parseClientMessage('[1,2]')).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(parseClientMessage('"hello"')).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(parseClientMessage(JSON.stringify({ payload: {}, id: 'x1' }))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD', id: 'x1', issues: [{ path: ['type'] }] },
    });
    expect(parseClientMessage(JSON.stringify({ type: 'file:open', id: 'x2' }))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD', id: 'x2', type: 'file:open' },
    });
  });

  it('DESIGN 3: the id is echoed on a valid message and omitted when absent', () => {
    const withId = parseClientMessage(
      frame('user:idle_end', {}, { id: 'explain-7', timestamp: 1_739_268_000_000 }),
    );
    expect(withId).toMatchObject({ ok: true, message: { id: 'explain-7', type: 'user:idle_end' } });
    const without = parseClientMessage(frame('user:idle_end', {}));
    expect(without.ok && 'id' in without.message && without.message.id !== undefined).toBe(false);
  });

  it('a path with a NUL byte is rejected', () => {
    const r = parseClientMessage(
      JSON.stringify({ type: 'file:open', payload: { path: 'src/a.ts\u0000.png' } }),
    );
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_PAYLOAD',
        issues: [{ path: ['payload', 'path'], message: 'path must not contain NUL bytes' }],
      },
    });
  });

  it('a negative or zero line is rejected', () => {
    const bad = (line: number) =>
      parseClientMessage(
        frame('buffer:update', { path: 'a.ts', content: '', cursorPosition: { line, column: 1 } }),
      );
    expect(bad(-3)).toMatchObject({
      ok: false,
      error: { issues: [{ path: ['payload', 'cursorPosition', 'line'] }] },
    });
    expect(bad(0).ok).toBe(false);
    expect(bad(1).ok).toBe(true);
    const sel = parseClientMessage(
      frame('editor:selection', {
        path: 'a.ts',
        range: { startLine: -1, startColumn: 1, endLine: 2, endColumn: 1 },
        textLength: 3,
      }),
    );
    expect(sel.ok).toBe(false);
  });

  it('a range whose end precedes its start is rejected', () => {
    const r = parseClientMessage(
      frame('editor:selection', {
        path: 'a.ts',
        range: { startLine: 5, startColumn: 1, endLine: 4, endColumn: 1 },
        textLength: 3,
      }),
    );
    expect(r.ok).toBe(false);
  });

  it('buffer content up to 16 MiB is accepted, beyond is rejected', () => {
    const mib16 = 16 * 1024 * 1024;
    const ok = parseClientMessage(
      frame('buffer:update', {
        path: 'big.txt',
        content: 'a'.repeat(mib16),
        cursorPosition: { line: 1, column: 1 },
      }),
    );
    expect(ok.ok).toBe(true);
    const tooBig = parseClientMessage(
      frame('buffer:update', {
        path: 'big.txt',
        content: 'a'.repeat(mib16 + 1),
        cursorPosition: { line: 1, column: 1 },
      }),
    );
    expect(tooBig.ok).toBe(false);
  });

  it('an over-long id is not echoed and the envelope is refused', () => {
    const r = parseClientMessage(frame('file:open', { path: 'a' }, { id: 'x'.repeat(200) }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.id).toBeUndefined();
      expect(r.error.issues?.[0]?.path).toEqual(['id']);
    }
  });

  it('serverMessage stamps an ISO 8601 timestamp from the injected clock and omits id when not given', () => {
    const now = () => new Date(ISO);
    const m = serverMessage('observer:status', { active: true, muted: false }, undefined, { now });
    expect(m).toEqual({ type: 'observer:status', payload: { active: true, muted: false }, timestamp: ISO });
    expect('id' in m).toBe(false);
  });

  it('serverMessage names the failing field and refuses unknown types', () => {
    try {
      serverMessage('fs:save_ack', { path: 'a.ts', success: true, timestamp: 'now', hash: 'a'.repeat(64) });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ProtocolError);
      expect((err as ProtocolError).code).toBe('INVALID_SERVER_MESSAGE');
      expect((err as ProtocolError).issues[0]?.path).toEqual(['payload', 'timestamp']);
    }
  });

  it('connection:error uses the WsErrorCode enum with the router and file codes', () => {
    for (const code of [
      'INVALID_JSON',
      'UNKNOWN_TYPE',
      'INVALID_PAYLOAD',
      'NOT_IMPLEMENTED',
      'INTERNAL_ERROR',
      'PATH_OUTSIDE_PROJECT',
      'FILE_NOT_FOUND',
      'BINARY_FILE',
      'FILE_TOO_LARGE',
      'BUFFER_CACHE_FULL',
      'NO_ACTIVE_SESSION',
      'BUDGET_EXCEEDED',
    ]) {
      expect(WsErrorCodeSchema.safeParse(code).success, code).toBe(true);
    }
  });

  it('fs:tree_update carries newPath for rename only', () => {
    expect(() => serverMessage('fs:tree_update', { action: 'add', path: 'a.ts', newPath: 'b.ts' })).toThrow(
      ProtocolError,
    );
    expect(serverMessage('fs:tree_update', { action: 'unlinkDir', path: 'old' }).payload).toEqual({
      action: 'unlinkDir',
      path: 'old',
    });
  });

  it('the client union dispatches on type like the per-type parser', () => {
    const types: ClientMessageType[] = [...CLIENT_MESSAGE_TYPES];
    for (const type of types) {
      expect(ClientMessageSchema.safeParse({ type, payload: clientCases[type].valid }).success, type).toBe(
        true,
      );
    }
  });
});

describe('Issue 16 item 2: incremental buffer sync messages', () => {
  const edit = (over: Record<string, unknown> = {}) =>
    parseClientMessage(
      frame(
        'buffer:edit',
        {
          path: 'src/a.ts',
          baseVersion: 3,
          version: 4,
          changes: [{ rangeOffset: 0, rangeLength: 2, text: 'ab' }],
          cursorPosition: { line: 1, column: 3 },
          ...over,
        },
        { id: 'e-1' },
      ),
    );

  it('buffer:edit carries versions and UTF-16 changes; version must exceed baseVersion, offsets are non-negative integers', () => {
    expect(edit().ok).toBe(true);
    expect(edit({ version: 3 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD', id: 'e-1', issues: [{ path: ['payload', 'version'] }] },
    });
    expect(edit({ changes: [] }).ok).toBe(false);
    expect(edit({ changes: [{ rangeOffset: -1, rangeLength: 0, text: '' }] }).ok).toBe(false);
    expect(edit({ changes: [{ rangeOffset: 1.5, rangeLength: 0, text: '' }] }).ok).toBe(false);
    expect(edit({ baseVersion: Number.MAX_SAFE_INTEGER + 2, version: Number.MAX_SAFE_INTEGER + 3 }).ok).toBe(
      false,
    );
    // Monaco's change objects carry `range` too: extra keys are accepted and dropped
    const monaco = edit({
      changes: [
        {
          range: { startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 3 },
          rangeOffset: 0,
          rangeLength: 2,
          text: 'xy',
        },
      ],
    });
    expect(monaco.ok && monaco.message.type === 'buffer:edit' && monaco.message.payload.changes[0]).toEqual({
      rangeOffset: 0,
      rangeLength: 2,
      text: 'xy',
    });
  });

  it('buffer:update keeps working without a version and accepts one', () => {
    const base = { path: 'a.ts', content: 'x', cursorPosition: { line: 1, column: 1 } };
    expect(parseClientMessage(frame('buffer:update', base)).ok).toBe(true);
    expect(parseClientMessage(frame('buffer:update', { ...base, version: 12 })).ok).toBe(true);
    expect(parseClientMessage(frame('buffer:update', { ...base, version: -1 })).ok).toBe(false);
  });

  it('fs:content and editor:open_file may say dirty and version; buffer:sync_error has the three codes', () => {
    const content = {
      path: 'a.ts',
      content: 'x',
      language: 'typescript',
      lineCount: 1,
      hash: 'a'.repeat(64),
    };
    expect(serverMessage('fs:content', { ...content, dirty: true, version: 5 }).payload).toMatchObject({
      dirty: true,
      version: 5,
    });
    expect(serverMessage('editor:open_file', { ...content, version: 5 }).payload).toMatchObject({
      version: 5,
    });
    for (const code of ['VERSION_MISMATCH', 'BAD_RANGE', 'NO_BUFFER'] as const) {
      expect(serverMessage('buffer:sync_error', { path: 'a.ts', code, message: 'refused' }, 'e-9').id).toBe(
        'e-9',
      );
    }
  });
});
