/**
 * The hinting system's feature in-process (issue 23 item 1; issue 25 item 1 style): a real SQLite file in a temp dir,
 * fakes for the broadcaster and the session service. No port, no model.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerMessageType } from '@paige/protocol';
import {
  createPlan,
  createSession,
  getSession,
  openDatabase,
  updatePhaseStatus,
  type PaigeDatabase,
  type Session,
} from '@paige/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyPhaseHints,
  createHintFeature,
  followPhaseSuggestion,
  hintFields,
} from '../../src/features/hints.js';
import { UiState } from '../../src/services/ui-state.js';
import type { HandlerContext } from '../../src/ws/hub.js';

let dir: string;
let db: PaigeDatabase;
let sessionId: string | null = null;
const sent: Array<{ type: ServerMessageType; payload: Record<string, unknown>; to: 'all' | 'me' }> = [];
const actions: Array<{ type: string; data: unknown }> = [];
const hub = {
  broadcast: (type: ServerMessageType, payload: unknown) =>
    void sent.push({ type, payload: payload as Record<string, unknown>, to: 'all' }),
};
const sessions = {
  active: (): Session | null => (sessionId ? getSession(db, sessionId) : null),
  invalidate: () => undefined,
};
const logAction = (type: string, data: unknown) => void actions.push({ type, data });
const hctx = {
  origin: { connectionId: 'c1', requestId: 'r1' },
  reply: (type: ServerMessageType, payload: unknown) =>
    void sent.push({ type, payload: payload as Record<string, unknown>, to: 'me' }),
} as unknown as HandlerContext;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'paige-hints-'));
  db = openDatabase(join(dir, 'paige.db'));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('issue 23 item 1: hints:level_change and the suggestion', () => {
  const feature = () => createHintFeature({ db, sessions, hub, logAction: logAction as never });

  it('without a session: NO_ACTIVE_SESSION, nothing logged', () => {
    expect(() => feature()['hints:level_change']({ level: 'low', previousLevel: 'medium' }, hctx)).toThrow(
      expect.objectContaining({ code: 'NO_ACTIVE_SESSION' }),
    );
    expect(actions).toEqual([]);
  });

  it('a new session is at medium, not chosen; a plan makes the first phase suggestion apply', () => {
    const s = createSession(db, { projectDir: '/p' });
    sessionId = s.id;
    expect(hintFields(db, s)).toEqual({
      hintLevel: 'medium',
      suggestedHintLevel: null,
      hintLevelChosen: false,
    });
    createPlan(db, {
      sessionId: s.id,
      phases: [
        {
          number: 1,
          title: 'A',
          description: 'a',
          hintLevel: 'high',
          expectedFiles: ['a.ts'],
          hints: [{ type: 'line', path: 'a.ts', lineStart: 1, lineEnd: 2, style: 'hint' }],
        },
        { number: 2, title: 'B', description: 'b', hintLevel: 'off', expectedFiles: ['b.ts'] },
      ],
    });
    const after = followPhaseSuggestion({ db, hub, sessions }, s);
    expect(after.hintLevel).toBe('high');
    expect(sent.at(-1)).toMatchObject({
      type: 'hints:level_update',
      payload: { level: 'high', previousLevel: 'medium', suggestedLevel: 'high', chosen: false },
    });
  });

  it('the choice applies and is marked; sent twice it changes nothing and is logged once', () => {
    feature()['hints:level_change']({ level: 'low', previousLevel: 'high' }, hctx);
    expect(getSession(db, sessionId!)).toMatchObject({ hintLevel: 'low', hintLevelChosen: true });
    expect(sent.at(-1)).toMatchObject({
      to: 'all',
      payload: { level: 'low', previousLevel: 'high', chosen: true },
    });
    feature()['hints:level_change']({ level: 'low', previousLevel: 'low' }, hctx);
    expect(sent.at(-1)).toMatchObject({
      to: 'me',
      payload: { level: 'low', previousLevel: 'low', chosen: true },
    });
    expect(actions.filter((a) => a.type === 'hint_level_change')).toEqual([
      { type: 'hint_level_change', data: { level: 'low', previousLevel: 'high' } },
    ]);
  });

  it('a later phase suggestion is sent but the chosen level stays; its hints replace the previous ones', () => {
    const ui = new UiState();
    updatePhaseStatus(db, { sessionId: sessionId!, phaseNumber: 1, status: 'active' });
    updatePhaseStatus(db, { sessionId: sessionId!, phaseNumber: 1, status: 'complete' });
    updatePhaseStatus(db, { sessionId: sessionId!, phaseNumber: 2, status: 'active' });
    const s = followPhaseSuggestion({ db, hub, sessions }, sessions.active()!);
    expect(s.hintLevel).toBe('low');
    expect(sent.at(-1)).toMatchObject({ payload: { level: 'low', suggestedLevel: 'off', chosen: true } });
    ui.addHighlights('a.ts', [{ start: 1, end: 2, style: 'hint' }]);
    const from = sent.length;
    const phase2 = {
      id: 'p2',
      planId: 'x',
      number: 2,
      title: 'B',
      description: 'b',
      status: 'active' as const,
      hintLevel: 'off' as const,
      expectedFiles: ['b.ts'],
      startedAt: null,
      completedAt: null,
      hints: [],
    };
    expect(applyPhaseHints({ ui, hub, logAction: logAction as never }, phase2, 'low')).toEqual({
      lines: 0,
      files: 1,
    });
    expect(sent.slice(from).map((m) => m.type)).toEqual([
      'editor:clear_highlights',
      'explorer:clear_hints',
      'explorer:hint_files',
    ]);
    expect(ui.allHighlights()).toEqual([]);
    expect(ui.allFileHints()).toEqual([{ paths: ['b.ts'], style: 'suggested' }]);
    expect(actions.at(-1)).toMatchObject({
      type: 'file_hints_applied',
      data: { hintLevel: 'low', source: 'plan' },
    });
  });
});
