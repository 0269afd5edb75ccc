/**
 * Condenses a Claude Code transcript (JSONL) for `paige_end_session`: the last user and assistant turns as text,
 * and the names of the tools used with counts. Tool inputs, tool outputs, thinking blocks and file contents are
 * left out, and the result is bounded.
 *
 * Transcript format followed (one JSON object per line; see Claude Code's session files under
 * `~/.claude/projects/<project>/<session-id>.jsonl`): `type` is `user`, `assistant`, `system`, `summary`,
 * `file-history-snapshot`, ...; `message.content` of a user line is a string or an array of blocks (`text`,
 * `tool_result`); an assistant line's `message.content` is an array of `text`, `thinking` and `tool_use`
 * (`{ name, input }`) blocks. Lines may carry `isSidechain` (subagent), `isMeta` (injected by Claude Code) and
 * `isCompactSummary`.
 *
 * @see backend-discovery-SPEC.md FR-117 (`paige_end_session` accepts `sessionTranscript`)
 */

/** Bounds for {@link condenseTranscript}. */
export interface CondenseOptions {
  /** Maximum number of turns kept, newest first (default 40). */
  maxTurns?: number;
  /** Maximum characters per turn (default 1,500). */
  maxTurnChars?: number;
  /** Maximum characters of the whole result (default 24,000). */
  maxChars?: number;
}

interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

type Block = { type?: unknown; text?: unknown; name?: unknown };

/**
 * Condense transcript JSONL text. Malformed lines are skipped.
 *
 * @returns plain text, never longer than `maxChars`.
 */
export function condenseTranscript(jsonl: string, options: CondenseOptions = {}): string {
  const maxTurns = options.maxTurns ?? 40;
  const maxTurnChars = options.maxTurnChars ?? 1500;
  const maxChars = options.maxChars ?? 24_000;
  const turns: Turn[] = [];
  const toolCounts = new Map<string, number>();

  for (const line of jsonl.split('\n')) {
    if (line.trim() === '') continue;
    let entry: {
      type?: unknown;
      message?: { content?: unknown };
      isSidechain?: unknown;
      isMeta?: unknown;
      isCompactSummary?: unknown;
    };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (entry.type !== 'user' && entry.type !== 'assistant') continue;
    const content = entry.message?.content;
    const blocks: Block[] =
      typeof content === 'string'
        ? [{ type: 'text', text: content }]
        : Array.isArray(content)
          ? (content as Block[])
          : [];
    for (const block of blocks) {
      if (block.type === 'tool_use' && typeof block.name === 'string') {
        toolCounts.set(block.name, (toolCounts.get(block.name) ?? 0) + 1);
      }
    }
    if (entry.isSidechain === true || entry.isMeta === true || entry.isCompactSummary === true) continue;
    const text = blocks
      .filter((b) => b.type === 'text' && typeof b.text === 'string')
      .map((b) => cleanText(b.text as string))
      .filter((t) => t !== '')
      .join('\n');
    if (text === '') continue;
    turns.push({
      role: entry.type,
      text: text.length > maxTurnChars ? `${text.slice(0, maxTurnChars)} […]` : text,
    });
  }

  const kept = turns.slice(-maxTurns);
  const tools = [...toolCounts.entries()].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} x${n}`);
  const header = [
    `Claude Code session, condensed by the Paige plugin: last ${kept.length} of ${turns.length} turns (text only; tool inputs, tool outputs and file contents omitted).`,
    `Tools used: ${tools.length === 0 ? '(none)' : tools.join(', ')}`,
  ].join('\n');
  const rendered = kept.map((t) => `[${t.role === 'user' ? 'user' : 'paige'}] ${t.text}`);
  // Drop the oldest turns until the whole fits.
  let start = 0;
  const total = (): number => header.length + rendered.slice(start).reduce((n, r) => n + r.length + 2, 0);
  while (start < rendered.length && total() > maxChars) start++;
  const body = rendered.slice(start);
  const result = [
    header + (start > 0 ? `\n(${start} more turns dropped to stay within ${maxChars} characters.)` : ''),
    ...body,
  ].join('\n\n');
  return result.length > maxChars ? result.slice(0, maxChars) : result;
}

/** Remove Claude Code's injected blocks (system reminders, command wrappers) from turn text. */
function cleanText(text: string): string {
  return text
    .replace(/<system-reminder>[\s\S]*?<\/system-reminder>/g, '')
    .replace(/<(local-command-stdout|command-message|command-args)>[\s\S]*?<\/\1>/g, '')
    .replace(/<command-name>([\s\S]*?)<\/command-name>/g, '$1')
    .trim();
}
