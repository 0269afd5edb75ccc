/**
 * Editor text as a list of chunks, for incremental buffer edits (issue 16 item 2). V8 allocates every string above
 * about 128 KiB in its large-object space, which costs about a millisecond per allocation here: rebuilding a 200 KB
 * buffer for every keystroke would cost that each time. Chunks of at most {@link MAX_CHUNK} UTF-16 units keep an edit
 * to the chunks it touches (a young-generation allocation of tens of KB); the whole string is joined once, when
 * someone reads the buffer. Chunk arrays are never mutated after they are handed out (copy on write), so a snapshot
 * stays what it was.
 */
import type { TextChange } from '@paige/protocol';

/** Target chunk size, UTF-16 units. */
export const CHUNK = 16 * 1024;
/** A chunk grown past this is split (48 Ki units: under V8's large-object threshold even as a two-byte string). */
export const MAX_CHUNK = 3 * CHUNK;

/** Slices `text` into chunks of {@link CHUNK} units (sliced strings: no copy of a flat `text`). */
export function toChunks(text: string): string[] {
  if (text.length <= MAX_CHUNK) return text.length === 0 ? [] : [text];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK) out.push(text.slice(i, i + CHUNK));
  return out;
}

/** Why a change was refused: `outside` (the range passes the end) or `surrogate` (it splits a surrogate pair). */
export type ChunkEditFailure = { index: number; reason: 'outside' | 'surrogate'; length: number };

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * Applies `changes` in order (each to the text the previous one produced) to a copy of `chunks`.
 * @returns the new chunks and length, or the first refused change (nothing applied).
 */
export function applyToChunks(
  chunks: readonly string[],
  length: number,
  changes: readonly TextChange[],
): { ok: true; chunks: string[]; length: number } | { ok: false; failure: ChunkEditFailure } {
  const out = chunks.slice();
  let total = length;
  /** Index of the chunk holding `pos` and the chunk's start; `pos === total` maps past the last chunk. */
  const locate = (pos: number): { i: number; start: number } => {
    let start = 0;
    for (let i = 0; i < out.length; i++) {
      const len = (out[i] as string).length;
      if (pos < start + len) return { i, start };
      start += len;
    }
    return { i: out.length, start };
  };
  const codeAt = (pos: number): number => {
    const { i, start } = locate(pos);
    return i < out.length ? (out[i] as string).charCodeAt(pos - start) : -1;
  };
  const splitsPair = (pos: number): boolean =>
    pos > 0 && pos < total && isHighSurrogate(codeAt(pos - 1)) && isLowSurrogate(codeAt(pos));

  for (let index = 0; index < changes.length; index++) {
    const c = changes[index] as TextChange;
    const end = c.rangeOffset + c.rangeLength;
    if (end > total) return { ok: false, failure: { index, reason: 'outside', length: total } };
    if (splitsPair(c.rangeOffset) || splitsPair(end))
      return { ok: false, failure: { index, reason: 'surrogate', length: total } };
    let first = locate(c.rangeOffset);
    // Appending: grow the last chunk instead of adding a chunk per keystroke.
    if (first.i === out.length && out.length > 0)
      first = { i: out.length - 1, start: total - (out[out.length - 1] as string).length };
    // The chunk holding the last replaced unit (or, for an insert, the same chunk as the start).
    const last = c.rangeLength === 0 ? first : locate(end - 1);
    const firstChunk = first.i < out.length ? (out[first.i] as string) : '';
    const lastChunk = last.i < out.length ? (out[last.i] as string) : '';
    const prefix = firstChunk.slice(0, c.rangeOffset - first.start);
    const suffix =
      c.rangeLength === 0 ? firstChunk.slice(c.rangeOffset - first.start) : lastChunk.slice(end - last.start);
    const middle = prefix + c.text + suffix;
    const replaced = first.i < out.length ? last.i - first.i + 1 : 0;
    out.splice(first.i, replaced, ...toChunks(middle));
    total += c.text.length - c.rangeLength;
  }
  return { ok: true, chunks: out, length: total };
}
