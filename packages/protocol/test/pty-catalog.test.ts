import { describe, expect, it } from 'vitest';
import {
  PTY_CLIENT_MESSAGE_TYPES,
  PTY_LIMITS,
  PTY_SERVER_MESSAGE_TYPES,
  PtyServerMessageSchema,
  actionDataSchemas,
  parseClientMessage,
  parsePtyClientMessage,
  parsePtyServerMessage,
  ptyServerMessage,
} from '../src/index.js';

const frame = (type: string, payload: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type, payload, ...extra });

describe('issue 17: the /pty text frames', () => {
  it('the catalog is pty:input, pty:resize, pty:pause and pty:resume from the page, pty:started, pty:exit and pty:error from the server', () => {
    expect(PTY_CLIENT_MESSAGE_TYPES).toEqual(['pty:input', 'pty:resize', 'pty:pause', 'pty:resume']);
    expect(PTY_SERVER_MESSAGE_TYPES).toEqual(['pty:started', 'pty:exit', 'pty:error']);
  });

  it('input is 1..64 Ki characters of text and keeps its id', () => {
    const ok = parsePtyClientMessage(frame('pty:input', { data: 'ls -la\r' }, { id: 'k1' }));
    expect(ok).toMatchObject({
      ok: true,
      message: { type: 'pty:input', payload: { data: 'ls -la\r' }, id: 'k1' },
    });
    expect(parsePtyClientMessage(frame('pty:input', { data: '' })).ok).toBe(false);
    const big = parsePtyClientMessage(
      frame('pty:input', { data: 'x'.repeat(PTY_LIMITS.maxInputChars + 1) }, { id: 'k2' }),
    );
    expect(big).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', type: 'pty:input', id: 'k2' } });
  });

  it('a resize to zero, negative, fractional or absurd sizes is rejected; 1x1 and the limits are accepted', () => {
    for (const size of [
      { cols: 0, rows: 24 },
      { cols: 80, rows: 0 },
      { cols: -1, rows: 24 },
      { cols: 80.5, rows: 24 },
      { cols: PTY_LIMITS.maxCols + 1, rows: 24 },
      { cols: 80, rows: PTY_LIMITS.maxRows + 1 },
      { cols: 65_536, rows: 65_536 },
      { cols: '80', rows: 24 },
    ]) {
      const r = parsePtyClientMessage(frame('pty:resize', size));
      expect(r.ok, JSON.stringify(size)).toBe(false);
      if (!r.ok) expect(r.error.issues?.[0]?.path[0]).toBe('payload');
    }
    for (const size of [
      { cols: 1, rows: 1 },
      { cols: PTY_LIMITS.maxCols, rows: PTY_LIMITS.maxRows },
    ]) {
      expect(parsePtyClientMessage(frame('pty:resize', size)).ok, JSON.stringify(size)).toBe(true);
    }
  });

  it('flow control: pty:pause and pty:resume carry an empty payload and keep their id; a missing or non-object payload is refused', () => {
    expect(parsePtyClientMessage(frame('pty:pause', {}, { id: 'f1' }))).toMatchObject({
      ok: true,
      message: { type: 'pty:pause', payload: {}, id: 'f1' },
    });
    expect(parsePtyClientMessage(frame('pty:resume', {}))).toMatchObject({
      ok: true,
      message: { type: 'pty:resume', payload: {} },
    });
    for (const payload of [undefined, null, 'now', 5, []]) {
      const r = parsePtyClientMessage(JSON.stringify({ type: 'pty:pause', payload, id: 'f2' }));
      expect(r, JSON.stringify(payload)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_PAYLOAD', type: 'pty:pause', id: 'f2' },
      });
    }
  });

  it('bad frames get the envelope error codes', () => {
    expect(parsePtyClientMessage('{not json')).toMatchObject({ ok: false, error: { code: 'INVALID_JSON' } });
    expect(parsePtyClientMessage(frame('pty:kill', {}))).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_TYPE', type: 'pty:kill' },
    });
    // the /ws catalog's terminal messages are not /pty messages, and the other way round
    expect(parsePtyClientMessage(frame('terminal:input', { input: 'x' }))).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_TYPE' },
    });
    expect(parseClientMessage(frame('pty:input', { data: 'x' }))).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_TYPE' },
    });
  });

  it('server messages are validated, stamped and parse back', () => {
    const started = ptyServerMessage('pty:started', {
      pid: 4242,
      kind: 'shell',
      command: 'bash',
      cols: 80,
      rows: 24,
    });
    expect(PtyServerMessageSchema.safeParse(started).success).toBe(true);
    expect(parsePtyServerMessage(JSON.stringify(started))).toMatchObject({
      ok: true,
      message: { type: 'pty:started', payload: { pid: 4242 } },
    });
    const exit = ptyServerMessage('pty:exit', { exitCode: null, signal: 'SIGHUP' });
    expect(exit.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    const err = ptyServerMessage('pty:error', { code: 'PTY_EXITED', message: 'the process has ended' }, 'k9');
    expect(err.id).toBe('k9');
    expect(() =>
      ptyServerMessage('pty:started', { pid: 0, kind: 'shell', command: 'bash', cols: 80, rows: 24 }),
    ).toThrow(/pty:started/);
    expect(() => ptyServerMessage('pty:error', { code: 'NOPE' as never, message: 'x' })).toThrow(/code/);
  });
});

describe('issue 17: nudge delivery is reported and logged', () => {
  it('observer:nudge_delivered needs a reason exactly when the nudge was dropped', () => {
    const ok = (payload: unknown) => parseClientMessage(frame('observer:nudge_delivered', payload)).ok;
    expect(ok({ signal: 'wrong_file', delivered: true })).toBe(true);
    expect(ok({ signal: 'idle', delivered: false, reason: 'muted' })).toBe(true);
    expect(ok({ signal: 'idle', delivered: false })).toBe(false);
    expect(ok({ signal: 'idle', delivered: true, reason: 'muted' })).toBe(false);
    expect(ok({ signal: 'no_nudge', delivered: true })).toBe(false);
    expect(ok({ signal: 'idle', delivered: false, reason: 'bored' })).toBe(false);
  });

  it('nudge_delivered and nudge_dropped rows carry the signal (and the reason)', () => {
    expect(actionDataSchemas.nudge_delivered.safeParse({ signal: 'scope_drift' }).success).toBe(true);
    expect(
      actionDataSchemas.nudge_dropped.safeParse({ signal: 'scope_drift', reason: 'expired' }).success,
    ).toBe(true);
    expect(actionDataSchemas.nudge_dropped.safeParse({ signal: 'scope_drift' }).success).toBe(false);
  });
});
