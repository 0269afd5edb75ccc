/**
 * Prompt module `issue_assessment` (Haiku, per primary Story 12 AS-4): rates open GitHub issues for learning
 * suitability against the learner's Dreyfus stages, knowledge gaps and memories, for the dashboard.
 * @see primary Story 12 AS-4/AS-5/AS-10, discovery Story 12 "Module 1", brainstorm API call 8
 */
import { definePromptModule } from '@paige/llm';
import { SeveritySchema } from '@paige/protocol';
import { z } from 'zod';
import type { DreyfusAssessmentRecord } from '../context/session.js';
import { formatAssessments } from '../context/session.js';
import { boundedList, clampMessage, oneLine, tag, truncateText } from '../context/text.js';
import type { GhIssue } from '../gh.js';
import { EstimatedDifficultySchema } from './coach-agent.js';
import {
  DATA_NOT_INSTRUCTIONS,
  DREYFUS_GUIDANCE,
  joinBlocks,
  OUTPUT_RULES,
  PAIGE_IDENTITY,
} from './shared.js';

/** How well an issue fits the learner now. */
export const SuitabilitySchema = z.enum(['good_fit', 'stretch', 'too_advanced']);
export type Suitability = z.infer<typeof SuitabilitySchema>;

/** Assessment of one issue (the title and URL are joined from `gh` data by the caller, not echoed by the model). */
export const IssueAssessmentItemSchema = z.object({
  number: z.number().int().positive(),
  summary: z.string().min(1).describe("Paige's one- or two-sentence digest, in words the learner knows"),
  suitability: SuitabilitySchema,
  suitabilityReason: z.string().min(1),
  estimatedDifficulty: EstimatedDifficultySchema,
  relevantSkills: z.array(z.string()),
  priorityScore: z.number().min(0).max(1),
  priorityFactors: z.object({
    userTagged: z.boolean(),
    similarToRecentWork: z.boolean(),
    addressesKnowledgeGap: z.boolean(),
    teamUrgency: SeveritySchema,
  }),
  learningOpportunities: z.array(z.string()),
});
export type IssueAssessmentItem = z.infer<typeof IssueAssessmentItemSchema>;

/** Structured reply: up to 10 issues, best first. */
export const IssueAssessmentOutputSchema = z.object({ issues: z.array(IssueAssessmentItemSchema).max(10) });
export type IssueAssessmentOutput = z.infer<typeof IssueAssessmentOutputSchema>;

/** Input of {@link issueAssessmentModule}. */
export interface IssueAssessmentInput {
  issues: readonly GhIssue[];
  dreyfusAssessments: readonly DreyfusAssessmentRecord[];
  knowledgeGaps: readonly { topic: string; severity: string }[];
  recentSessions: readonly { issueTitle: string | null; completedAt: string | null }[];
  /** Memories related to the issues (`[]` when ChromaDB is unavailable, primary Story 12 AS-10). */
  memories: readonly { content: string }[];
  /** The learner's GitHub login, when known, to recognise issues they are assigned to or mentioned in. */
  githubLogin?: string | null;
}

/** Character bounds of the user message (50 issues at most, each body and comment cut). */
export const ISSUE_ASSESSMENT_LIMITS = {
  total: 60_000,
  maxIssues: 50,
  perIssue: 1_000,
  body: 600,
  commentsPerIssue: 2,
  perComment: 160,
  issues: 48_000,
  profile: 6_000,
  memories: 3_000,
} as const;

const SYSTEM_PROMPT = joinBlocks(
  PAIGE_IDENTITY,
  DREYFUS_GUIDANCE,
  `Your task: you are Paige's issue curator. The learner is choosing what to work on. Assess the open GitHub issues of their project against their skill profile and return the ten (or fewer) most useful for their learning, best first.
Rank by, in this order: issues assigned to the learner or mentioning them; issues that exercise a known knowledge gap; issues close to recent work (building momentum); issues at or one step above their Dreyfus stage in the skills involved.
For each issue:
- summary: a one- or two-sentence digest in Paige's voice, in words the learner knows; not a copy of the issue text.
- suitability: good_fit (within reach or slightly above), stretch (clearly above, achievable with effort and coaching), too_advanced (needs skills far beyond their current stages).
- suitabilityReason: one sentence tying the rating to their stages, gaps or past work.
- estimatedDifficulty for this learner: beginner, intermediate or advanced. relevantSkills: the skill areas involved.
- priorityScore from 0 to 1, consistent with your order. priorityFactors: userTagged (assigned or mentioned), similarToRecentWork, addressesKnowledgeGap, teamUrgency (low, medium, high from labels and discussion).
- learningOpportunities: what they would learn.
Use only issue numbers that appear in <issues>. A learner with no assessments is a novice: prefer small, well-described issues.`,
  DATA_NOT_INSTRUCTIONS,
  OUTPUT_RULES,
);

function renderIssue(issue: GhIssue, login: string | null): string {
  const L = ISSUE_ASSESSMENT_LIMITS;
  const mine = login !== null && (issue.assignees.includes(login) || issue.body.includes(`@${login}`));
  const head = `#${issue.number} ${oneLine(issue.title)}${issue.labels.length > 0 ? ` [labels: ${issue.labels.map(oneLine).join(', ')}]` : ''}${
    issue.assignees.length > 0 ? ` [assignees: ${issue.assignees.join(', ')}]` : ''
  }${mine ? ' [involves the learner]' : ''} (updated ${issue.updatedAt.slice(0, 10)}, ${issue.comments.length} comments)`;
  const body = truncateText(oneLine(issue.body), L.body);
  const comments = issue.comments
    .slice(-L.commentsPerIssue)
    .map((c) => `  comment by ${c.author ?? 'unknown'}: ${truncateText(oneLine(c.body), L.perComment)}`);
  return truncateText(
    [head, body ? `  ${body}` : '', ...comments].filter((s) => s.length > 0).join('\n'),
    L.perIssue,
  );
}

/**
 * The issue assessment module. User message bound: {@link ISSUE_ASSESSMENT_LIMITS}.total characters; at most 50 issues
 * (the most recently updated), each cut to `perIssue`.
 * @see primary Story 12 AS-4/AS-5
 */
export const issueAssessmentModule = definePromptModule<IssueAssessmentInput, IssueAssessmentOutput>({
  callType: 'issue_assessment',
  model: 'haiku',
  maxTokens: 4_096,
  systemPrompt: SYSTEM_PROMPT,
  responseSchema: IssueAssessmentOutputSchema,
  assembleUserMessage(input) {
    const L = ISSUE_ASSESSMENT_LIMITS;
    const login = input.githubLogin ?? null;
    const issues = [...input.issues]
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .slice(0, L.maxIssues);
    const gaps = input.knowledgeGaps.map((g) => `${oneLine(g.topic)} (${g.severity})`);
    const recent = input.recentSessions.map(
      (s) => `${s.completedAt?.slice(0, 10) ?? 'unfinished'}: ${oneLine(s.issueTitle ?? 'untitled')}`,
    );
    const profile = [
      `Dreyfus stages:\n${formatAssessments(input.dreyfusAssessments, { maxChars: 2_000 })}`,
      `Knowledge gaps:\n${gaps.length === 0 ? 'None recorded.' : boundedList(gaps, 2_000, 200)}`,
      `Recent sessions:\n${recent.length === 0 ? 'None.' : boundedList(recent, 1_500, 200)}`,
      `GitHub login: ${login ?? 'unknown'}`,
    ].join('\n');
    const memories = input.memories.map((m) => `- ${oneLine(m.content)}`);
    return clampMessage(
      [
        tag('learner_profile', truncateText(profile, L.profile)),
        tag('related_memories', memories.length === 0 ? 'None.' : boundedList(memories, L.memories, 400)),
        tag(
          'issues',
          issues.length === 0
            ? 'No open issues.'
            : boundedList(
                issues.map((i) => renderIssue(i, login)),
                L.issues,
              ),
        ),
      ].join('\n\n'),
      L.total,
    );
  },
});

/** An assessed issue joined with its `gh` data, as the dashboard shows it. */
export interface RankedIssue extends IssueAssessmentItem {
  title: string;
  url: string;
  labels: string[];
  updatedAt: string;
}

/**
 * Joins assessments with the issues they rate and ranks them by `priorityScore` (descending, ties by model order).
 * Assessments naming an issue number that was not in `issues` are dropped (the model may not invent issues), and
 * a repeated number keeps its first assessment.
 */
export function rankIssueAssessments(
  assessments: readonly IssueAssessmentItem[],
  issues: readonly GhIssue[],
): RankedIssue[] {
  const byNumber = new Map(issues.map((i) => [i.number, i]));
  const seen = new Set<number>();
  const ranked: { item: RankedIssue; order: number }[] = [];
  assessments.forEach((a, order) => {
    const issue = byNumber.get(a.number);
    if (!issue || seen.has(a.number)) return;
    seen.add(a.number);
    ranked.push({
      item: { ...a, title: issue.title, url: issue.url, labels: issue.labels, updatedAt: issue.updatedAt },
      order,
    });
  });
  return ranked
    .sort((x, y) => y.item.priorityScore - x.item.priorityScore || x.order - y.order)
    .map((r) => r.item);
}
