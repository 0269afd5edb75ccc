import { describe, expect, it } from 'vitest';
import { checkJoinForm } from '../../src/state/team-store.js';

const ok = { url: 'http://127.0.0.1:3100', code: 'pti_abc', displayName: 'Ana' };

describe('issue 26 item 2: the join form is checked before anything is sent', () => {
  it('accepts an http(s) URL, a code and a name', () => {
    expect(checkJoinForm(ok)).toBeNull();
    expect(checkJoinForm({ ...ok, url: ' https://team.example/ ' })).toBeNull();
  });
  it('refuses another scheme, an empty code or name, and a name over 60 characters', () => {
    expect(checkJoinForm({ ...ok, url: 'ftp://team.example' })?.message).toMatch(/http:\/\/ or https:\/\//);
    expect(checkJoinForm({ ...ok, url: 'team.example' })?.code).toBe('INVALID_REQUEST');
    expect(checkJoinForm({ ...ok, code: '  ' })?.message).toMatch(/invite code/);
    expect(checkJoinForm({ ...ok, displayName: '' })?.message).toMatch(/name/);
    expect(checkJoinForm({ ...ok, displayName: 'x'.repeat(61) })?.message).toMatch(/too long/);
  });
});
