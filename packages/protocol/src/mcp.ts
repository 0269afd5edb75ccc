/**
 * MCP tool schemas: inputs and structured outputs of every tool Claude Code calls (Story 6's 12 tools, the
 * session tools of primary Story 6/9 and `paige_retry_wrap_up`). Outputs are objects, since MCP
 * structured content must be an object.
 *
 * Inputs are zod objects; `mcpTools[name].inputShape` is the raw shape for the MCP SDK's
 * `registerTool(name, { inputSchema })`. Cross-field refinements (e.g. `end >= start`) live on the object
 * schema only, so a handler that needs them parses with `mcpTools[name].input`.
 */
import { z } from 'zod';
import {
  ConfidenceSchema,
  CountSchema,
  ErrorMessageSchema,
  IdSchema,
  IsoTimestampSchema,
  LIMITS,
  LabelSchema,
  PositionSchema,
  ProseSchema,
  RangeSchema,
  RelativePathSchema,
} from './common.js';
import {
  DifficultySchema,
  DreyfusStageSchema,
  FileHintStyleSchema,
  HighlightStyleSchema,
  HintLevelSchema,
  MessageKindSchema,
  PhaseStatusSchema,
  SessionStatusSchema,
  StateItemSchema,
  WrapUpAgentSchema,
} from './enums.js';
import { MessageAnchorSchema } from './messages/coaching.js';
import { FileContentSchema, LanguageIdSchema } from './messages/files.js';
import { IssueNumberSchema, WrapUpCountsSchema, WrapUpErrorSchema } from './messages/session.js';

/**
 * One editor buffer (Story 3 "Buffer Cache Structure"; issue 4 adds `path` and `selections`).
 * `lastUpdated` is ISO 8601.
 */
export const BufferEntrySchema = z.object({
  path: RelativePathSchema,
  content: FileContentSchema,
  cursorPosition: PositionSchema,
  selections: z.array(RangeSchema).max(LIMITS.list),
  dirty: z.boolean(),
  lastUpdated: IsoTimestampSchema,
});
export type BufferEntry = z.infer<typeof BufferEntrySchema>;

/** One file's unified diff (Story 3 AS-5). */
export const FileDiffSchema = z.object({ path: RelativePathSchema, diff: z.string().max(LIMITS.diff) });

const AckSchema = z.literal(true);

/** `paige_get_session_state` items (Story 6 "StateItem Enum"); each key present only when requested. */
export const SessionStateSchema = z.object({
  open_files: z.array(RelativePathSchema).optional(),
  buffers: z.array(BufferEntrySchema).optional(),
  diffs: z.array(FileDiffSchema).optional(),
  phase: z
    .object({
      id: IdSchema,
      number: z.number().int().positive(),
      title: LabelSchema,
      description: ProseSchema.optional(),
      status: PhaseStatusSchema,
      hintLevel: HintLevelSchema,
    })
    .nullable()
    .optional(),
  plan: z
    .object({
      id: IdSchema,
      phases: z.array(
        z.object({ number: z.number().int().positive(), title: LabelSchema, status: PhaseStatusSchema }),
      ),
    })
    .nullable()
    .optional(),
  progress: z
    .array(
      z.object({
        eventType: LabelSchema,
        data: z.record(z.string(), z.unknown()).nullable(),
        createdAt: IsoTimestampSchema,
      }),
    )
    .optional(),
  hints: z
    .object({
      fileHints: z.array(z.object({ path: RelativePathSchema, style: FileHintStyleSchema })),
      lineHints: z.array(
        z.object({
          path: RelativePathSchema,
          startLine: z.number().int().positive(),
          endLine: z.number().int().positive(),
          style: HighlightStyleSchema,
          hoverText: ProseSchema.nullable(),
        }),
      ),
    })
    .optional(),
  session: z
    .object({
      id: IdSchema,
      projectDir: z.string().min(1).max(4096),
      issueNumber: IssueNumberSchema.nullable(),
      issueTitle: LabelSchema.nullable(),
      status: SessionStatusSchema,
      startedAt: IsoTimestampSchema,
      /**
       * The hint level in force (issue 23 item 1): the learner's choice, else the coach's suggestion. Claude Code
       * coaches at this level and can say it.
       */
      hintLevel: HintLevelSchema.optional(),
      /** True once the learner picked the level; false while it follows the suggestion. */
      hintLevelChosen: z.boolean().optional(),
      /** The coach's suggestion (the active phase's own level), or null without a plan. */
      suggestedHintLevel: HintLevelSchema.nullable().optional(),
    })
    .nullable()
    .optional(),
  dreyfus: z
    .array(z.object({ skillArea: LabelSchema, stage: DreyfusStageSchema, confidence: ConfidenceSchema }))
    .optional(),
});
export type SessionState = z.infer<typeof SessionStateSchema>;

/** A phase row as `paige_update_phase` returns it (Story 6 AS-13). */
const UpdatedPhaseSchema = z.object({
  id: IdSchema,
  number: z.number().int().positive(),
  title: LabelSchema,
  status: PhaseStatusSchema,
});

/** The plan summary of `paige_run_coaching_pipeline` (discovery Story 9 output). */
const PipelineOutputSchema = z.object({
  planId: IdSchema,
  phases: z
    .array(
      z.object({
        number: z.number().int().positive(),
        title: LabelSchema,
        description: ProseSchema,
        hintLevel: HintLevelSchema,
      }),
    )
    .min(1),
  memoryConnection: ProseSchema.nullable(),
  estimatedDifficulty: DifficultySchema,
});

/** What a wrap-up (or its retry) reports (Story 9, primary Story 9 error handling). */
const WrapUpResultSchema = WrapUpCountsSchema.extend({
  sessionId: IdSchema,
  sessionStatus: SessionStatusSchema,
  errors: z.array(WrapUpErrorSchema).max(3),
});

/**
 * Every MCP tool: `input` (zod object), `inputShape` (its raw shape, for `registerTool`), `output` (zod
 * object for `outputSchema` / `structuredContent`), `outputShape`.
 */
const tools = {
  /** Story 6 AS-1/2: the buffer of a file, or `{ buffer: null }`. Read-only. */
  paige_get_buffer: {
    input: z.object({ path: RelativePathSchema }),
    output: z.object({ buffer: BufferEntrySchema.nullable() }),
  },
  /** Story 6 AS-3: every open file (Electron and MCP opens). Read-only. */
  paige_get_open_files: {
    input: z.object({}),
    output: z.object({ files: z.array(RelativePathSchema) }),
  },
  /** Story 6 AS-4/5, EC-34: diffs of one file or of every dirty file (`[]` when none). Read-only. */
  paige_get_diff: {
    input: z.object({ path: RelativePathSchema.optional() }),
    output: z.object({ diffs: z.array(FileDiffSchema) }),
  },
  /** Story 6 AS-6/7, EC-33: the requested state items (all 9 when `include` is absent or empty). */
  paige_get_session_state: {
    input: z.object({ include: z.array(StateItemSchema).max(9).optional() }),
    output: SessionStateSchema,
  },
  /** Story 6 AS-8: read a file and open it in Electron (`editor:open_file`). Writes nothing. */
  paige_open_file: {
    input: z.object({ path: RelativePathSchema }),
    output: z.object({
      success: AckSchema,
      path: RelativePathSchema,
      language: LanguageIdSchema,
      lineCount: CountSchema,
    }),
  },
  /**
   * Story 6 AS-9: add a line highlight (accumulates); `count` is how many highlights the file now has.
   */
  paige_highlight_lines: {
    input: z
      .object({
        path: RelativePathSchema,
        start: z.number().int().positive(),
        end: z.number().int().positive(),
        style: HighlightStyleSchema,
        hoverText: ProseSchema.optional(),
      })
      .refine((a) => a.end >= a.start, { message: 'end must be >= start', path: ['end'] }),
    output: z.object({ success: AckSchema, path: RelativePathSchema, count: CountSchema }),
  },
  /** Story 6 AS-10: clear one file's highlights or all; `cleared` counts removed highlights. */
  paige_clear_highlights: {
    input: z.object({ path: RelativePathSchema.optional() }),
    output: z.object({ success: AckSchema, cleared: CountSchema }),
  },
  /**
   * Issue 23 item 1: squiggly underlines for problems Paige identified in a file (`editor:decorations`, style
   * `error`, the message as hover text). Replaces the file's earlier problems; cleared by `paige_clear_highlights`.
   */
  paige_mark_problems: {
    input: z.object({
      path: RelativePathSchema,
      problems: z
        .array(z.object({ range: RangeSchema, message: ProseSchema.min(1) }))
        .min(1)
        .max(LIMITS.list),
    }),
    output: z.object({ success: AckSchema, path: RelativePathSchema, count: CountSchema }),
  },
  /** Story 6 AS-11 (primary spec `{ paths, style }`): make files glow in the explorer. */
  paige_hint_files: {
    input: z.object({ paths: z.array(RelativePathSchema).min(1).max(1000), style: FileHintStyleSchema }),
    output: z.object({ success: AckSchema, count: CountSchema }),
  },
  /** Story 6 AS-12: remove every file glow. */
  paige_clear_hints: {
    input: z.object({}),
    output: z.object({ success: AckSchema }),
  },
  /**
   * Story 6 AS-13/14: move phase `phase` (its number) to `active` or `complete` (one-way lifecycle;
   * `pending` is never a target).
   */
  paige_update_phase: {
    input: z.object({ phase: z.number().int().positive(), status: PhaseStatusSchema.exclude(['pending']) }),
    output: z.object({ success: AckSchema, phase: UpdatedPhaseSchema }),
  },
  /** Story 6 AS-15: show a coaching message (toast, or balloon when anchored). */
  paige_show_message: {
    input: z.object({
      message: ProseSchema.min(1),
      type: MessageKindSchema,
      anchor: MessageAnchorSchema.optional(),
    }),
    output: z.object({ success: AckSchema }),
  },
  /** Story 6 AS-16: update the issue panel. */
  paige_show_issue_context: {
    input: z.object({
      number: IssueNumberSchema.optional(),
      title: LabelSchema,
      summary: ProseSchema,
      labels: z.array(LabelSchema).max(100).optional(),
      url: z
        .url({ protocol: /^https?$/ })
        .max(4096)
        .optional(),
    }),
    output: z.object({ success: AckSchema }),
  },
  /** Primary Story 6 "Session Lifecycle": start the coaching session for `PROJECT_DIR`. */
  paige_start_session: {
    input: z.object({
      issueNumber: IssueNumberSchema.optional(),
      issueTitle: LabelSchema.optional(),
      issueSummary: ProseSchema.optional(),
    }),
    output: z.object({
      sessionId: IdSchema,
      status: z.literal('active'),
      startedAt: IsoTimestampSchema,
      issueNumber: IssueNumberSchema.nullable(),
      issueTitle: LabelSchema.nullable(),
    }),
  },
  /**
   * Story 9: end the session and run the wrap-up. `wait` (default true) returns the counts; `false`
   * returns at once with `pending: true` and zero counts, and `session:completed` follows (DESIGN
   * section 3).
   */
  paige_end_session: {
    input: z.object({
      sessionTranscript: z.string().max(LIMITS.transcript),
      wait: z.boolean().optional(),
    }),
    output: WrapUpResultSchema.extend({ pending: z.boolean() }),
  },
  /** Story 9: turn Claude Code's plan into phased coaching (stored, broadcast as `coaching:plan_ready`). */
  paige_run_coaching_pipeline: {
    input: z.object({
      planText: z.string().min(1).max(LIMITS.plan),
      issueSummary: ProseSchema.min(1),
      issueNumber: IssueNumberSchema.optional(),
    }),
    output: PipelineOutputSchema,
  },
  /** Primary Story 9: re-run the failed wrap-up agents of a session (or only `agent`). */
  paige_retry_wrap_up: {
    input: z.object({ sessionId: IdSchema, agent: WrapUpAgentSchema.optional() }),
    output: WrapUpResultSchema.extend({ retried: z.array(WrapUpAgentSchema).max(3) }),
  },
} as const;

type ToolDefs = typeof tools;

/** Name of an MCP tool. */
export type McpToolName = keyof ToolDefs;

/** One tool's schemas. */
export type McpToolSchemas<N extends McpToolName> = ToolDefs[N] & {
  inputShape: ToolDefs[N]['input']['shape'];
  outputShape: ToolDefs[N]['output']['shape'];
};

function withShapes(): { [N in McpToolName]: McpToolSchemas<N> } {
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(tools)) {
    out[name] = { ...def, inputShape: def.input.shape, outputShape: def.output.shape };
  }
  return out as { [N in McpToolName]: McpToolSchemas<N> };
}

/** Every MCP tool's input and output schemas (Story 6 + session tools, 16 tools). */
export const mcpTools = withShapes();

/** Every MCP tool name, in catalog order. */
export const MCP_TOOL_NAMES = Object.keys(tools) as McpToolName[];

/** Parsed arguments of tool `N`. */
export type McpToolInput<N extends McpToolName> = z.infer<ToolDefs[N]['input']>;
/** Structured result of tool `N`. */
export type McpToolOutput<N extends McpToolName> = z.input<ToolDefs[N]['output']>;

/** Message of an MCP tool error for tools needing a session (Story 6 AS-17, issue 5). */
export const NO_ACTIVE_SESSION_MESSAGE = 'No active session: call paige_start_session first';

/** Shape of an error detail a tool may put in structured content on `isError` results. */
export const McpToolErrorSchema = z.object({ code: z.string().min(1).max(64), message: ErrorMessageSchema });
