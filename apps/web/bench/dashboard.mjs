#!/usr/bin/env node
/**
 * Benchmark of the dashboard view (issue 18, primary Story 12's progressive loading), written to
 * bench/results/web-dashboard.json. With 1,000,000 action_log rows (and 100,000 api_call_log rows, 200 sessions,
 * knowledge gaps, 12 Dreyfus rows: `seedBenchmarkData` of @paige/store, plus three katas) in the server's SQLite:
 * - first paint: navigation start -> the browser's first contentful paint of `/dashboard` (cold page);
 * - the SQLite sections (skills, stats, sessions in progress) rendered with their data;
 * - every section rendered: all six cards (`[data-section]`) left their loading state with their data, including the
 *   model-backed issues (recorded `gh` + issue curator) and learning materials (researcher with web search).
 * Median and slowest of 5 cold loads (a new browser context each: empty cache, a new `/ws`, a new
 * `dashboard:request`), after one uncounted warm-up.
 *
 * Runs the built server (`apps/server/dist/main.js`, Chroma off) as a child process, the Anthropic SDK pointed at
 * `@paige/llm/testing`'s Messages-API stand-in in this process (answers at once, so the times are Paige's own work:
 * SQLite, the flows, the socket, the page), a recorded `gh` first on PATH, and Debian's Chromium through Playwright.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { createKata, openDatabase } from '@paige/store';
import { seedBenchmarkData } from '@paige/store/testing';
import { startMessagesApiStub, textReply, webSearchReply } from '@paige/llm/testing';
import {
  copyNpmLib,
  dist,
  executablePath,
  median,
  repoRoot,
  serverMain,
  startPaige,
  TOKEN,
  webRoot,
} from './lib/server.mjs';

const ghDir = join(webRoot, 'test/browser/fixtures/gh');
const ACTIONS = 1_000_000;
const API_CALLS = 100_000;
const RUNS = 5;
/** The six dashboard cards (`data-section` of DashboardSection). */
const SECTIONS = ['skills', 'stats', 'sessions', 'issues', 'katas', 'materials'];
const SQLITE_SECTIONS = ['skills', 'stats', 'sessions'];

if (!existsSync(join(dist, 'index.html')) || !existsSync(serverMain)) {
  console.error('build first: pnpm build');
  process.exit(1);
}

const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

// ---------------------------------------------------------------------------------------------- the store

function seed(dataDir) {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(dataDir, 'paige.db'));
  try {
    const seeded = seedBenchmarkData(db, { actions: ACTIONS, apiCalls: API_CALLS });
    // Katas for the practice card (the seed has none): on three of the open gaps.
    const gaps = db.sqlite
      .prepare('SELECT id, topic FROM knowledge_gaps WHERE addressed = 0 ORDER BY topic LIMIT 3')
      .all();
    for (const gap of gaps) {
      createKata(db, {
        knowledgeGapId: gap.id,
        title: `Practise ${gap.topic}`,
        description: `A short exercise on ${gap.topic}.`,
        scaffoldingCode: 'export function solve(input) {\n  // your code\n}\n',
        instructorNotes: 'seeded',
        constraints: [
          { title: 'No dependencies', description: 'Only the standard library.', minLevel: 1 },
          { title: 'Linear time', description: 'One pass over the input.', minLevel: 3 },
        ],
      });
    }
    return seeded;
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------- the stand-in

const SEARCH_RESULTS = [
  { url: 'https://en.wikipedia.org/wiki/Levenshtein_distance', title: 'Levenshtein distance' },
  { url: 'https://docs.npmjs.com/cli/v11/commands/npm-run', title: 'npm run' },
];

function userText(request) {
  return request.messages
    .map((m) =>
      typeof m.content === 'string'
        ? m.content
        : Array.isArray(m.content)
          ? m.content.map((b) => String(b.text ?? '')).join('')
          : '',
    )
    .join('\n');
}

/** Answers the two model-backed dashboard flows; anything else gets the stand-in's sampled default. */
function reply(request) {
  const system = request.systemText;
  const text = userText(request);
  if (system.includes("Paige's issue curator")) {
    const numbers = [...new Set([...text.matchAll(/#(\d{3,})/g)].map((m) => Number(m[1])))];
    return textReply({
      issues: numbers.map((number, i) => ({
        number,
        summary: `Issue #${number}, summarised.`,
        suitability: ['good_fit', 'stretch', 'too_advanced'][i % 3],
        suitabilityReason: 'Scripted for the benchmark.',
        estimatedDifficulty: ['beginner', 'intermediate', 'advanced'][i % 3],
        relevantSkills: ['reading code'],
        priorityScore: round(0.9 - i * 0.2, 2),
        priorityFactors: {
          userTagged: false,
          similarToRecentWork: i === 0,
          addressesKnowledgeGap: i === 0,
          teamUrgency: 'medium',
        },
        learningOpportunities: ['something new'],
      })),
    });
  }
  if (system.includes("Paige's learning-materials researcher")) {
    const topics = [...new Set([...text.matchAll(/topic \d+/g)].map((m) => m[0]))].slice(0, 3);
    return webSearchReply(
      {
        recommendations: topics.map((topic, i) => ({
          knowledgeGap: topic,
          resources: [
            {
              type: 'article',
              title: SEARCH_RESULTS[i % 2].title,
              url: SEARCH_RESULTS[i % 2].url,
              description: 'Scripted for the benchmark.',
              relevance: 'direct',
              estimatedTime: '10 min read',
            },
          ],
          studyOrder: 'Read, then practise.',
          practiceConnection: null,
        })),
      },
      SEARCH_RESULTS,
      { query: 'benchmark' },
    );
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------- the server

async function startServer() {
  const tmp = mkdtempSync(join(tmpdir(), 'paige-web-dash-bench-'));
  const project = join(tmp, 'project');
  const dataDir = join(tmp, 'data');
  copyNpmLib(project);
  mkdirSync(join(project, '.git'));
  writeFileSync(join(project, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  const seeded = seed(dataDir);
  const stub = await startMessagesApiStub({ handler: reply });
  const server = await startPaige({
    tmp,
    project,
    dataDir,
    env: { PATH: `${ghDir}:${process.env.PATH ?? ''}`, ANTHROPIC_BASE_URL: stub.url },
  }).catch(async (err) => {
    await stub.stop();
    throw err;
  });
  return {
    ...server,
    seeded,
    async stop() {
      await server.stop();
      await stub.stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------- the page

async function dashboardLoads(server) {
  const browser = await chromium.launch({
    executablePath,
    args: ['--disable-gpu', '--disable-dev-shm-usage'],
  });
  const firstPaint = [];
  const sqliteSections = [];
  const allSections = [];
  const busy = [];
  const script = [];
  const perSection = {};
  try {
    for (let i = 0; i <= RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      // The token cookie the server would set from `/?token=`, so the measured navigation has no redirect.
      await context.addCookies([{ name: `paige-token-${server.port}`, value: TOKEN, url: server.url }]);
      const page = await context.newPage();
      // Main-thread busy time in thread ticks (CPU time, not wall time): robust to other load on the machine.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      await page.goto(`${server.url}/dashboard`, { waitUntil: 'commit' });
      const done = await page.waitForFunction(
        ({ sections, sqlite }) => {
          const w = /** @type {any} */ (window);
          const dataState = (id) =>
            document.querySelector(`[data-section="${id}"]`)?.getAttribute('data-state');
          // Rendered: the card shows its data; the skills card once its lazily loaded chart has drawn its bars.
          const state = (id) => {
            const s = dataState(id);
            if (
              id === 'skills' &&
              s === 'ready' &&
              !document.querySelector('[data-section="skills"] .recharts-bar-rectangle')
            )
              return 'loading';
            return s;
          };
          if (w.__sqliteAt === undefined && sqlite.every((id) => dataState(id) === 'ready'))
            w.__sqliteAt = performance.now();
          const states = sections.map(state);
          w.__at ??= {};
          sections.forEach((id, i) => {
            if (states[i] === 'ready' && w.__at[id] === undefined) w.__at[id] = performance.now();
          });
          if (states.some((s) => s === 'error')) return { error: states.join(',') };
          return states.every((s) => s === 'ready')
            ? { all: performance.now(), sqlite: w.__sqliteAt, each: w.__at }
            : false;
        },
        { sections: SECTIONS, sqlite: SQLITE_SECTIONS },
        { polling: 'raf', timeout: 60_000 },
      );
      const at = await done.jsonValue();
      const metrics = Object.fromEntries(
        (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
      );
      if (at.error)
        throw new Error(`a dashboard section ended in an error (${at.error}):\n${server.log().slice(-3000)}`);
      // The data cards must show their data, not an empty state (sessions in progress may be empty: the server marks
      // the seed's stale active sessions abandoned when it starts).
      const counts = await page.evaluate(() => ({
        skills: document.querySelectorAll('[data-section="skills"] .recharts-bar-rectangle').length,
        issues: document.querySelectorAll('[data-section="issues"] li').length,
        katas: document.querySelectorAll('[data-section="katas"] li').length,
        materials: document.querySelectorAll('[data-section="materials"] a[href^="https://"]').length,
      }));
      if (Object.values(counts).some((n) => n === 0))
        throw new Error(`a dashboard card rendered empty: ${JSON.stringify(counts)}`);
      const fcp = await page.evaluate(
        () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      );
      if (fcp === null) throw new Error('no first-contentful-paint entry');
      if (i > 0) {
        firstPaint.push(fcp);
        sqliteSections.push(at.sqlite);
        allSections.push(at.all);
        for (const id of SECTIONS) (perSection[id] ??= []).push(at.each[id]);
        busy.push(metrics.TaskDuration * 1000);
        script.push(metrics.ScriptDuration * 1000);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { firstPaint, sqliteSections, allSections, busy, script, perSection };
}

const loadAtStart = loadavg()[0].toFixed(1);
const server = await startServer();
console.log(
  `seeded ${server.seeded.actions} actions, ${server.seeded.apiCalls} api calls in ${Math.round(server.seeded.elapsedMs)} ms`,
);
let loads;
try {
  loads = await dashboardLoads(server);
} finally {
  await server.stop();
}

const runs = (xs) => xs.map((x) => Math.round(x)).join(', ');
const store = `${ACTIONS.toLocaleString('en')} action_log and ${API_CALLS.toLocaleString('en')} api_call_log rows`;
const common = `median of ${RUNS} cold loads of /dashboard (new browser context each, after one uncounted warm-up), ${store}; Chromium ${executablePath}; load average ${loadAtStart} at the start on ${cpus().length} cores.`;
const results = [
  {
    metric: `dashboard view first paint: navigation -> first contentful paint (${store})`,
    unit: 'ms',
    target: null,
    median: round(median(loads.firstPaint)),
    p99: round(Math.max(...loads.firstPaint)),
    value: round(median(loads.firstPaint)),
    notes: `runs ${runs(loads.firstPaint)} ms; ${common} p99 column: the slowest run.`,
  },
  {
    metric: `dashboard view: navigation -> the SQLite sections (skills, stats, sessions in progress) show their data (${store})`,
    unit: 'ms',
    target: null,
    median: round(median(loads.sqliteSections)),
    p99: round(Math.max(...loads.sqliteSections)),
    value: round(median(loads.sqliteSections)),
    notes: `the cards the first dashboard:state fills leave their loading state (the skills chart may still be loading); runs ${runs(loads.sqliteSections)} ms; ${common}`,
  },
  {
    metric: `dashboard view: navigation -> every section rendered (${store})`,
    unit: 'ms',
    target: null,
    median: round(median(loads.allSections)),
    p99: round(Math.max(...loads.allSections)),
    value: round(median(loads.allSections)),
    notes: `all six cards with their data (the skills chart drawn), issues (recorded gh, issue curator) and learning materials (researcher with web search) answered by the local Messages-API stand-in at once, so a real model's seconds are not in this number; runs ${runs(loads.allSections)} ms; each card rendered at (median) ${SECTIONS.map((id) => `${id} ${Math.round(median(loads.perSection[id]))}`).join(', ')} ms; ${common}`,
  },
  {
    metric: 'dashboard view: main-thread CPU time (thread ticks) until every section rendered',
    unit: 'ms',
    target: null,
    median: round(median(loads.busy)),
    p99: round(Math.max(...loads.busy)),
    value: round(median(loads.busy)),
    notes: `CDP Performance.getMetrics TaskDuration in thread ticks, same ${RUNS} cold loads; of it script ${round(median(loads.script))} ms (median). The wall-clock times above are this plus network, process and scheduling latency, which other load on the machine stretches.`,
  },
];

const out = join(repoRoot, 'bench/results/web-dashboard.json');
writeFileSync(out, JSON.stringify({ package: '@paige/web', results }, null, 2) + '\n');
for (const r of results) console.log(`${r.metric}: median ${r.median} ${r.unit}, slowest ${r.p99} ${r.unit}`);
console.log(`wrote ${out}`);
