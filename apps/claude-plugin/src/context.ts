/**
 * The live editor context the UserPromptSubmit hook adds to each prompt: current phase, open files, files with
 * unsaved edits, and the diffs of the user's changes, bounded in size.
 *
 * @see design-brainstorm.md "Communication Model" hook flow 4 (UserPromptSubmit enriches every message with open
 *   files, unsaved buffers, diffs and phase progress)
 */
import type { SessionState } from './state.js';

/** Default bound on the context text (characters). Claude Code caps hook output too; stay well below it. */
export const DEFAULT_CONTEXT_CHARS = 8000;

const LEVEL_MEANING: Record<string, string> = {
  off: 'no visual guidance: coach in words only, no file hints or line highlights',
  low: 'file hints: point at files (paige_hint_files), no line highlights',
  medium: 'line hints: files and line ranges (paige_highlight_lines)',
  high: 'detail hints: files, line ranges and guidance in their hover text',
};

/**
 * The hint level in force, whose it is and what it allows (issue 23 item 1): the session's level (the learner's
 * choice, else Paige's suggestion), falling back to the phase's own level from an older backend, then `medium`.
 */
export function hintLevelLine(state: SessionState): string {
  const level = state.session?.hintLevel ?? state.phase?.hintLevel ?? 'medium';
  const meaning = LEVEL_MEANING[level] ?? 'guidance as the level allows';
  const chosen = state.session?.hintLevelChosen;
  const suggested = state.session?.suggestedHintLevel ?? null;
  const who =
    chosen === true
      ? `chosen by the learner${suggested !== null && suggested !== level ? `; Paige suggests ${suggested} for this phase` : ''}`
      : chosen === false
        ? "Paige's suggestion (the learner has not picked a level)"
        : 'the current level';
  return `Hint level: ${level} (${meaning}), ${who}. Coach at this level and say it if the learner asks.`;
}

/**
 * Build the prompt context. Diffs are added whole while they fit; the rest are listed by path with a note saying
 * what was left out, and the result never exceeds `maxChars`.
 *
 * @param maxChars upper bound on the returned text length (characters), default 8,000.
 */
export function buildPromptContext(state: SessionState, maxChars = DEFAULT_CONTEXT_CHARS): string {
  const head: string[] = ['<paige-editor-context>'];
  if (state.phase !== null) {
    head.push(
      `Current phase: ${state.phase.number ?? '?'} ${state.phase.title ?? ''} [${state.phase.status ?? 'active'}]`.trim(),
    );
  } else {
    head.push('Current phase: none (no coaching plan yet)');
  }
  head.push(hintLevelLine(state));
  head.push(`Open files: ${state.openFiles.length === 0 ? '(none)' : state.openFiles.join(', ')}`);
  const unsaved = new Set([...state.dirtyFiles, ...state.diffs.map((d) => d.path)]);
  head.push(`Files with the user's changes: ${unsaved.size === 0 ? '(none)' : [...unsaved].join(', ')}`);
  const tail = '</paige-editor-context>';

  let text = head.join('\n');
  const omitted: string[] = [];
  const reserve = tail.length + 200; // room for the truncation note
  for (const { path, diff } of state.diffs) {
    const block = `\n\nDiff of ${path}:\n${diff.trimEnd()}`;
    if (omitted.length === 0 && text.length + block.length + reserve <= maxChars) {
      text += block;
    } else {
      omitted.push(path);
    }
  }
  if (omitted.length > 0) {
    const note = `\n\n[Truncated to ${maxChars} characters: diffs of ${omitted.length} file(s) left out (${omitted.join(', ')}); call paige_get_diff for them.]`;
    text +=
      note.length + tail.length + text.length + 1 <= maxChars
        ? note
        : `\n\n[Truncated: ${omitted.length} more diff(s); call paige_get_diff.]`;
  }
  text += `\n${tail}`;
  if (text.length > maxChars) {
    const marker = `\n[Truncated to ${maxChars} characters.]\n${tail}`;
    text = text.slice(0, Math.max(0, maxChars - marker.length)) + marker;
  }
  return text;
}
