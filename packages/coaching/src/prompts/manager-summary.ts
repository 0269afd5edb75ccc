/**
 * Prompt module `manager_summary` (Haiku): a short non-technical paragraph about one coaching session for the
 * learner's team lead (brainstorm API call 10 "Manager Summary"; issue 23 item 4). Written from the structured
 * session facts only (issue, phases, time, knowledge gaps, skills that moved): never code, paths or transcript.
 */
import { definePromptModule } from '@paige/llm';
import { z } from 'zod';
import { clampMessage, oneLine, tag } from '../context/text.js';
import type { ManagerSummaryFacts } from '../wrap-up-report.js';
import { DATA_NOT_INSTRUCTIONS, joinBlocks, OUTPUT_RULES } from './shared.js';

/** Structured reply of the manager summary. */
export const ManagerSummaryOutputSchema = z.object({
  summary: z.string().min(1).describe('One paragraph of three to five plain sentences for a team lead'),
});
export type ManagerSummaryOutput = z.infer<typeof ManagerSummaryOutputSchema>;

/** Character bound of the user message. */
export const MANAGER_SUMMARY_LIMIT = 8_000;

const SYSTEM_PROMPT = joinBlocks(
  `Your task: you write stand-up notes. A junior developer just finished a session with Paige, their AI pair-coach, on a task from their team's tracker. Turn the facts in the user message into one short paragraph they can paste into a stand-up update or a one-to-one with their team lead.
- Three to five sentences, plain language a non-engineer understands: what the task was, how far it got, how long it took, what the developer practised or learned, and what comes next.
- Knowledge gaps are learning goals: name them as topics being practised, never as failings.
- A skill stage that moved up is progress worth one mention; do not grade the person.
- No code, file names, line numbers, jargon or invented facts; no greeting or sign-off; write in the first person as the developer ("I worked on ...").`,
  DATA_NOT_INSTRUCTIONS,
  OUTPUT_RULES,
);

/** The manager summary module. User message bound: {@link MANAGER_SUMMARY_LIMIT} characters. */
export const managerSummaryModule = definePromptModule<ManagerSummaryFacts, ManagerSummaryOutput>({
  callType: 'manager_summary',
  model: 'haiku',
  maxTokens: 600,
  systemPrompt: SYSTEM_PROMPT,
  responseSchema: ManagerSummaryOutputSchema,
  assembleUserMessage(facts) {
    const phases = facts.phases
      .map((p) => `- Phase ${p.number} (${p.status}): ${oneLine(p.title)}`)
      .slice(0, 30);
    const gaps = facts.knowledgeGaps.map((g) => `- ${oneLine(g)}`).slice(0, 20);
    const skills = facts.skillsChanged
      .map((s) => `- ${oneLine(s.skillArea)}: ${s.from ?? 'first assessment'} -> ${s.to}`)
      .slice(0, 20);
    return clampMessage(
      [
        tag('task', oneLine(facts.issue ?? 'A coding task')),
        tag(
          'session',
          `${facts.summary ? `${oneLine(facts.summary)}\n` : ''}duration_minutes: ${facts.durationMinutes}\nreviews_asked: ${facts.reviews}`,
        ),
        tag('phases', phases.length > 0 ? phases.join('\n') : 'No plan was made.'),
        tag('topics_practised', gaps.length > 0 ? gaps.join('\n') : 'None recorded.'),
        tag('skills_moved', skills.length > 0 ? skills.join('\n') : 'None.'),
      ].join('\n\n'),
      MANAGER_SUMMARY_LIMIT,
    );
  },
});
