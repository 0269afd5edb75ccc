/**
 * What a learner shares with a team server and what never leaves the machine, as data (issue 26 item 2: "after a
 * screen that lists exactly what is shared"). `paige team join` prints it and the learner's page shows it before
 * joining, from this one list, so the two can never disagree. Each item names the record kind that carries it.
 */
import type { RecordKind } from './records.js';

/** One kind of shared record, as the learner reads it. */
export interface SharedItem {
  /** The record kind that carries it (see `recordKinds`). */
  kind: RecordKind;
  /** Short name, e.g. "Session summaries". */
  label: string;
  /** Its fields in plain words, e.g. "topic, severity, addressed". */
  detail: string;
}

/** Everything that is shared once a team is joined, in the order it is shown. */
export const SHARED_ITEMS: readonly SharedItem[] = [
  {
    kind: 'session_summary',
    label: 'Session summaries',
    detail: 'issue number and title, phases completed, time, hints used per level, nudges, reviews',
  },
  { kind: 'knowledge_gap', label: 'Knowledge gaps', detail: 'topic, severity, addressed' },
  { kind: 'dreyfus_stage', label: 'Dreyfus stages', detail: 'your stage per skill area' },
  { kind: 'practice_result', label: 'Practice results', detail: 'kata title, passed, level' },
  { kind: 'model_cost', label: 'Model cost', detail: 'model, calls, tokens, USD' },
  {
    kind: 'manager_summary',
    label: 'Summaries for your team lead',
    detail: 'only the ones you choose to share on the wrap-up screen',
  },
];

/** What is never shared, in the learner's words. */
export const NEVER_SHARED: readonly string[] = [
  'your code',
  'diffs',
  'file contents',
  'transcripts',
  'paths',
];

/** `NEVER_SHARED` as one sentence: "Never your code, diffs, file contents, transcripts or paths." */
export function neverSharedSentence(): string {
  const items = [...NEVER_SHARED];
  const last = items.pop();
  return `Never ${items.join(', ')}${last ? ` or ${last}` : ''}.`;
}
