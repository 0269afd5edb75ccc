/**
 * The canonical enum values of `@paige/protocol` (DESIGN section 3) as CHECK constraint lists.
 *
 * The lists are spelled out here (not imported at run time) because drizzle-kit loads the schema through
 * CommonJS and `@paige/protocol` is ESM-only. The `Exact` assertions below fail to compile if a list drifts
 * from the protocol type, and `test/schema.test.ts` compares them at run time too.
 */
import type {
  DreyfusStage,
  FileHintStyle,
  HighlightStyle,
  HintLevel,
  HintType,
  PhaseStatus,
  SessionStatus,
  Severity,
  WrapUpAgent,
} from '@paige/protocol';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';

type Exact<List extends readonly string[], Union extends string> = [List[number]] extends [Union]
  ? [Union] extends [List[number]]
    ? List
    : never
  : never;

function enumList<Union extends string>() {
  return <const List extends readonly Union[]>(list: Exact<List, Union>): List => list;
}

/** `SessionStatus` values (sessions.status CHECK). */
export const SESSION_STATUSES = enumList<SessionStatus>()([
  'active',
  'completed',
  'completed_with_errors',
  'abandoned',
]);
/** `PhaseStatus` values (phases.status CHECK). */
export const PHASE_STATUSES = enumList<PhaseStatus>()(['pending', 'active', 'complete']);
/** `HintLevel` values (sessions/phases.hint_level CHECK). */
export const HINT_LEVELS = enumList<HintLevel>()(['off', 'low', 'medium', 'high']);
/** `HintType` values (phase_hints.type CHECK). */
export const HINT_TYPES = enumList<HintType>()(['file', 'line']);
/** `FileHintStyle` values (style of `file` hints). */
export const FILE_HINT_STYLES = enumList<FileHintStyle>()(['suggested', 'required']);
/** `HighlightStyle` values (style of `line` hints). */
export const LINE_HINT_STYLES = enumList<HighlightStyle>()(['hint', 'error', 'success']);
/** `DreyfusStage` values (dreyfus_assessments.stage CHECK). */
export const DREYFUS_STAGES = enumList<DreyfusStage>()([
  'novice',
  'advanced_beginner',
  'competent',
  'proficient',
  'expert',
]);
/** `Severity` values (knowledge_gaps.severity CHECK). */
export const SEVERITIES = enumList<Severity>()(['low', 'medium', 'high']);
/** `WrapUpAgent` values (session_wrap_up_errors.agent_name CHECK). */
export const WRAP_UP_AGENTS = enumList<WrapUpAgent>()(['reflection', 'knowledge_gaps', 'dreyfus']);

/** A comma-separated, single-quoted SQL literal list of the given values, e.g. `'a', 'b'`. */
export function sqlValueList(values: readonly string[]): SQL {
  return sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', '));
}
