/**
 * Transcript condensing for the wrap-up agents (discovery EC-63: a very large transcript is truncated to fit).
 */
import { OMISSION_MARK } from './text.js';

/** Options of {@link condenseTranscript}. */
export interface CondenseTranscriptOptions {
  /** Upper bound on the returned text, in characters. */
  maxChars: number;
}

/**
 * Returns the transcript within `maxChars` characters. Rule: the END is kept (the latest exchanges carry the
 * outcome of the session); when text is cut, the kept part starts at a line boundary when one lies within the
 * first 200 kept characters, and a first line states how many characters were omitted. Windows line endings are
 * normalised to `\n` and runs of 3+ blank lines collapsed before measuring.
 * @see discovery Story 9 EC-63
 */
export function condenseTranscript(text: string, options: CondenseTranscriptOptions): string {
  const maxChars = Math.max(0, Math.floor(options.maxChars));
  const normalised = text
    .replace(/\r\n?/g, '\n')
    .replace(/\n{4,}/g, '\n\n\n')
    .trim();
  if (normalised.length <= maxChars) return normalised;
  const note = (n: number): string =>
    `${OMISSION_MARK} (transcript truncated: the first ${n} characters were omitted)\n`;
  const noteLen = note(normalised.length).length;
  if (maxChars <= noteLen) return normalised.slice(normalised.length - maxChars);
  let kept = normalised.slice(normalised.length - (maxChars - noteLen));
  const newline = kept.indexOf('\n');
  if (newline >= 0 && newline < 200) kept = kept.slice(newline + 1);
  return `${note(normalised.length - kept.length)}${kept}`;
}
