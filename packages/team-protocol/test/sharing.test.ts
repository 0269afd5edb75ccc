import { describe, expect, it } from 'vitest';
import { NEVER_SHARED, neverSharedSentence, RecordKindSchema, SHARED_ITEMS } from '../src/index.js';

describe('issue 26 item 2: the list of what is shared', () => {
  it('names every record kind exactly once', () => {
    expect(SHARED_ITEMS.map((i) => i.kind).sort()).toEqual([...RecordKindSchema.options].sort());
  });
  it('says what is never shared in one sentence', () => {
    expect(NEVER_SHARED).toContain('your code');
    expect(neverSharedSentence()).toBe('Never your code, diffs, file contents, transcripts or paths.');
  });
});
