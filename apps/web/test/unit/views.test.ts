/**
 * Issue 18, the pure parts of the views: which view a URL shows, the issues' sort orders, the formats the dashboard
 * prints, the page's own URL guard on learning materials, and the practice editor's language guess.
 */
import { describe, expect, it } from 'vitest';
import { formatMinutes, formatUsd, safeHttpUrl, stageRank } from '../../src/views/format.js';
import { matchView, practicePath, wrapUpPath } from '../../src/views/routes.js';
import { sortIssues } from '../../src/views/dashboard/issue-sort.js';
import { guessLanguage } from '../../src/views/practice/language.js';
import type { DashboardIssue } from '../../src/state/dashboard-store.js';

function issue(
  number: number,
  suitability: DashboardIssue['suitability'],
  priorityScore: number,
  estimatedDifficulty: DashboardIssue['estimatedDifficulty'],
): DashboardIssue {
  return {
    number,
    title: `Issue ${number}`,
    summary: 's',
    suitability,
    suitabilityReason: 'r',
    estimatedDifficulty,
    relevantSkills: [],
    priorityScore,
    priorityFactors: {
      userTagged: false,
      similarToRecentWork: false,
      addressesKnowledgeGap: false,
      teamUrgency: 'low',
    },
    learningOpportunities: [],
  };
}

describe('Issue 18: a URL per view', () => {
  it('maps the view URLs the server serves (webViewRoutes) to views, trailing slash accepted', () => {
    expect(matchView('/')).toEqual({ view: 'home' });
    expect(matchView('/dashboard')).toEqual({ view: 'dashboard' });
    expect(matchView('/dashboard/')).toEqual({ view: 'dashboard' });
    expect(matchView('/ide')).toEqual({ view: 'ide' });
    expect(matchView('/practice')).toEqual({ view: 'practice' });
    expect(matchView('/practice/7b0c2f4e-1d2a-4c3b-9e8f-0a1b2c3d4e5f')).toEqual({
      view: 'practice',
      kataId: '7b0c2f4e-1d2a-4c3b-9e8f-0a1b2c3d4e5f',
    });
    expect(matchView('/practice/a/b')).toEqual({ view: 'not-found' });
    expect(matchView('/settings')).toEqual({ view: 'settings' });
    expect(matchView('/settings/x')).toEqual({ view: 'not-found' });
    expect(matchView('/wrap-up/7b0c2f4e-1d2a-4c3b-9e8f-0a1b2c3d4e5f')).toEqual({
      view: 'wrap-up',
      sessionId: '7b0c2f4e-1d2a-4c3b-9e8f-0a1b2c3d4e5f',
    });
    expect(matchView('/wrap-up')).toEqual({ view: 'not-found' });
  });

  it('practicePath and wrapUpPath encode the id as one segment', () => {
    expect(practicePath('a/b c')).toBe('/practice/a%2Fb%20c');
    expect(wrapUpPath('a/b')).toBe('/wrap-up/a%2Fb');
  });
});

describe('Issue 18: sortable issues (primary Story 12 AS-4)', () => {
  const issues = [
    issue(10, 'stretch', 0.5, 'intermediate'),
    issue(30, 'too_advanced', 0.9, 'advanced'),
    issue(20, 'good_fit', 0.7, 'beginner'),
    issue(40, 'good_fit', 0.2, 'intermediate'),
  ];
  const order = (sort: Parameters<typeof sortIssues>[1]) => sortIssues(issues, sort).map((i) => i.number);
  it('best match: the priority score, highest first', () =>
    expect(order('priority')).toEqual([30, 20, 10, 40]));
  it('fit: good fit, stretch, too advanced; by priority within a fit', () =>
    expect(order('fit')).toEqual([20, 40, 10, 30]));
  it('easiest first: by estimated difficulty, then priority', () =>
    expect(order('difficulty')).toEqual([20, 10, 40, 30]));
  it('newest: the highest issue number first', () => expect(order('newest')).toEqual([40, 30, 20, 10]));
  it('does not reorder its input', () => {
    sortIssues(issues, 'newest');
    expect(issues.map((i) => i.number)).toEqual([10, 30, 20, 40]);
  });
});

describe('Issue 18: what the dashboard prints', () => {
  it('coaching time in hours and minutes', () => {
    expect(formatMinutes(0)).toBe('0 min');
    expect(formatMinutes(0.4)).toBe('< 1 min');
    expect(formatMinutes(42)).toBe('42 min');
    expect(formatMinutes(95)).toBe('1 h 35 min');
    expect(formatMinutes(120)).toBe('2 h');
  });
  it('API cost in USD, with more digits below a cent', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(1.234)).toBe('$1.23');
  });
  it('Dreyfus stages rank novice 1 to expert 5', () => {
    expect(
      ['novice', 'advanced_beginner', 'competent', 'proficient', 'expert'].map((s) =>
        stageRank(s as Parameters<typeof stageRank>[0]),
      ),
    ).toEqual([1, 2, 3, 4, 5]);
  });
  it('learning-material links: only absolute http(s) URLs become links', () => {
    expect(safeHttpUrl('https://en.wikipedia.org/wiki/Levenshtein_distance')).toBe(
      'https://en.wikipedia.org/wiki/Levenshtein_distance',
    );
    expect(safeHttpUrl('http://example.org/a')).toBe('http://example.org/a');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,hi')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl(undefined)).toBeNull();
  });
});

describe('Issue 18: the practice editor picks a language from the scaffolding', () => {
  it('JavaScript by default, TypeScript with type annotations, Python, Go', () => {
    expect(guessLanguage('export function suggest(typed, names) {}')).toBe('javascript');
    expect(guessLanguage('export function suggest(typed: string, names: string[]): string[] {}')).toBe(
      'typescript',
    );
    expect(guessLanguage('def suggest(typed, names):\n    pass')).toBe('python');
    expect(guessLanguage('package kata\n\nfunc Suggest(typed string) []string {}')).toBe('go');
  });
});
