import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BufferEntrySchema, MCP_TOOL_NAMES, STATE_ITEMS, StateItemSchema, mcpTools } from '../src/index.js';
import { buffer, mcpCases as cases } from './fixtures.js';

/** Story 6's 12 tools, verbatim. */
const STORY6_TOOLS = [
  'paige_get_buffer',
  'paige_get_open_files',
  'paige_get_diff',
  'paige_get_session_state',
  'paige_open_file',
  'paige_highlight_lines',
  'paige_clear_highlights',
  'paige_hint_files',
  'paige_clear_hints',
  'paige_update_phase',
  'paige_show_message',
  'paige_show_issue_context',
];
/** Session tools: primary Story 6 lifecycle, Story 9, primary Story 9 recovery. */
const SESSION_TOOLS = [
  'paige_start_session',
  'paige_end_session',
  'paige_run_coaching_pipeline',
  'paige_retry_wrap_up',
];
/** Issue 23 item 1: squiggles for problems Paige identified. */
const ISSUE23_TOOLS = ['paige_mark_problems'];

describe('Story 6: MCP tool surface', () => {
  it('FR-063: every Story 6 tool and every session tool has schemas, and nothing else', () => {
    expect([...MCP_TOOL_NAMES].sort()).toEqual([...STORY6_TOOLS, ...SESSION_TOOLS, ...ISSUE23_TOOLS].sort());
    expect(MCP_TOOL_NAMES).toHaveLength(17);
  });

  it('FR-081: no tool name offers a write', () => {
    for (const name of MCP_TOOL_NAMES)
      expect(name).not.toMatch(/write|save|delete|create_file|move|rename|edit/);
  });

  it('StateItem has the 9 items of Story 6', () => {
    expect([...STATE_ITEMS]).toEqual([
      'open_files',
      'buffers',
      'diffs',
      'phase',
      'plan',
      'progress',
      'hints',
      'session',
      'dreyfus',
    ]);
    expect(StateItemSchema.safeParse('buffers').success).toBe(true);
  });

  describe('inputs and outputs', () => {
    it.each(MCP_TOOL_NAMES)('%s', (name) => {
      const tool = mcpTools[name];
      const c = cases[name];
      expect(tool.input.safeParse(c.input).success).toBe(true);
      expect(tool.input.safeParse(c.badInput).success).toBe(false);
      expect(tool.output.safeParse(c.output).success).toBe(true);
      // The raw shape rebuilds an equivalent object, as the MCP SDK's registerTool({ inputSchema }) does.
      expect(z.object(tool.inputShape).safeParse(c.input).success).toBe(true);
      expect(Object.keys(tool.outputShape)).toEqual(Object.keys(tool.output.shape));
      // Structured content must be an object: the output JSON Schema is an object schema.
      expect(z.toJSONSchema(tool.output, { io: 'output' }).type).toBe('object');
    });
  });

  it('AS-1/AS-2: paige_get_buffer returns { buffer: BufferEntry | null }', () => {
    expect(mcpTools.paige_get_buffer.output.safeParse({ buffer: null }).success).toBe(true);
    expect(mcpTools.paige_get_buffer.output.safeParse(null).success).toBe(false);
    expect(BufferEntrySchema.safeParse({ ...buffer, dirty: 'yes' }).success).toBe(false);
  });

  it('AS-6/AS-7, EC-33: session state keys are each optional; a phase without a session is null', () => {
    const out = mcpTools.paige_get_session_state.output;
    expect(out.safeParse({}).success).toBe(true);
    expect(out.safeParse({ session: null, plan: null, phase: null }).success).toBe(true);
    expect(mcpTools.paige_get_session_state.input.safeParse({ include: [] }).success).toBe(true);
  });
});
