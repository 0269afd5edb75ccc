import fc from 'fast-check';
import { applyPatch, createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/unified-diff.js';

const text = fc
  .array(fc.constantFrom('alpha', 'beta', 'gamma', '', '  indented', 'x'), { maxLength: 30 })
  .chain((lines) =>
    fc.boolean().map((eol) => (lines.length === 0 ? '' : lines.join('\n') + (eol ? '\n' : ''))),
  );

describe('Story 3: File System Layer', () => {
  it('AS-5: the unified diff turns the disk text into the buffer text (property, 2,000 pairs)', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const patch = unifiedDiff('a/f.ts', 'b/f.ts', before, after);
        if (before === after) {
          expect(patch).toBe('');
          return;
        }
        expect(patch.startsWith('--- a/f.ts\n+++ b/f.ts\n@@ ')).toBe(true);
        expect(applyPatch(before, patch)).toBe(after);
      }),
      { numRuns: 2_000 },
    );
  });

  it('AS-5: output matches createTwoFilesPatch for separate edits, a deletion and a missing final newline', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const before = `${lines.join('\n')}\n`;
    const edited = [...lines];
    edited[2] = 'changed 2';
    edited.splice(20, 1);
    const after = `${edited.join('\n')}\nlast`;
    const ours = unifiedDiff('a/f.txt', 'b/f.txt', before, after);
    const theirs = createTwoFilesPatch('a/f.txt', 'b/f.txt', before, after, undefined, undefined, {
      context: 3,
      headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
    });
    expect(ours).toBe(theirs);
  });
});
