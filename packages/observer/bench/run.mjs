// Cost guard for the Observer (issue 9, design brainstorm "Cost Estimation": ~20-40 Haiku triage calls per hour).
// Plays scripted hours of heavy editing through the real Observer on a fake clock and prices the triage calls at
// Haiku 4.5 list prices ($1 / $5 per million tokens in / out), tokens estimated as chars / 4.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  HAIKU_4_5_PRICE,
  createEditingHourScript,
  estimateTriageCost,
  runScriptedSession,
} from '../dist/testing.js';

const CALL_BUDGET = 40;
// The brainstorm's ~$0.02/hour was priced at the old Haiku ($0.25 / $1.25); Haiku 4.5 costs 4x that.
const COST_BUDGET_USD = 0.08;
const SEEDS = 30;

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const median = (sorted) => percentile(sorted, 50);
const round = (n, d = 4) => Number(n.toFixed(d));

// 1. The canonical hour (default seed), in detail.
const t0 = performance.now();
const script = createEditingHourScript();
const canonical = await runScriptedSession({ script });
const simulateMs = performance.now() - t0;
const canonicalCost = estimateTriageCost({ snapshots: canonical.snapshots });
const kinds = {};
for (const e of script) kinds[e.type] = (kinds[e.type] ?? 0) + 1;

// 2. Many different hours: the spread.
const calls = [];
const costs = [];
for (let seed = 1; seed <= SEEDS; seed += 1) {
  const run = await runScriptedSession({ script: createEditingHourScript({ seed }) });
  calls.push(run.stats.triageCalls);
  costs.push(estimateTriageCost({ snapshots: run.snapshots }).costUsd);
}
// The same hours with the literal order (cooldown applied only after the model call), for comparison.
const literalCalls = [];
for (let seed = 1; seed <= SEEDS; seed += 1) {
  const run = await runScriptedSession({
    script: createEditingHourScript({ seed }),
    settings: { cooldownSkipsTriage: false },
  });
  literalCalls.push(run.stats.triageCalls);
}
const meanLiteral = literalCalls.reduce((a, b) => a + b, 0) / literalCalls.length;
calls.sort((a, b) => a - b);
costs.sort((a, b) => a - b);
const meanCalls = calls.reduce((a, b) => a + b, 0) / calls.length;
const meanCost = costs.reduce((a, b) => a + b, 0) / costs.length;

const s = canonical.stats;
const results = [
  {
    metric: 'triage calls in the canonical scripted hour of heavy editing',
    unit: 'calls/hour',
    target: `<= ${CALL_BUDGET}`,
    median: s.triageCalls,
    p99: null,
    value: s.triageCalls,
    pass: s.triageCalls <= CALL_BUDGET,
    notes:
      `${script.length} events (${kinds.buffer_update} buffer_update, ${kinds.file_save} file_save, ` +
      `${(kinds.file_open ?? 0) + (kinds.editor_tab_switch ?? 0)} file open/switch, ${kinds.user_explain_request ?? 0} explain, ` +
      `${kinds.phase_completed} phase_completed, one 6-min idle); triggers ${JSON.stringify(s.triggers)}; ` +
      `suppressed ${JSON.stringify(s.suppressions)}; ${s.nudges} nudges; simulated in ${Math.round(simulateMs)} ms`,
  },
  {
    metric: `triage calls per scripted hour across ${SEEDS} seeds (mean)`,
    unit: 'calls/hour',
    target: `< ${CALL_BUDGET} (mean)`,
    median: median(calls),
    p99: percentile(calls, 99),
    value: round(meanCalls, 1),
    pass: meanCalls < CALL_BUDGET,
    notes:
      `min ${calls[0]}, p90 ${percentile(calls, 90)}, max ${calls.at(-1)}; all: ${calls.join(' ')}; ` +
      `with cooldownSkipsTriage: false (cooldown only after the call) the mean is ${meanLiteral.toFixed(1)}`,
  },
  {
    metric: 'triage cost of the canonical hour at Haiku 4.5 prices',
    unit: 'USD/hour',
    target: `< ${COST_BUDGET_USD}`,
    median: round(canonicalCost.costUsd),
    p99: null,
    value: round(canonicalCost.costUsd),
    pass: canonicalCost.costUsd < COST_BUDGET_USD,
    notes:
      `${canonicalCost.calls} calls x (~${canonicalCost.avgInputTokens} in + ${canonicalCost.outputTokensPerCall} out tokens) at ` +
      `$${HAIKU_4_5_PRICE.inputPerMTok}/$${HAIKU_4_5_PRICE.outputPerMTok} per MTok = $${round(canonicalCost.costPerCallUsd, 5)}/call; ` +
      'input = 2,800 chars of system prompt + output schema + the measured snapshot JSON, chars/4',
  },
  {
    metric: `triage cost per scripted hour across ${SEEDS} seeds (mean)`,
    unit: 'USD/hour',
    target: `< ${COST_BUDGET_USD} (mean)`,
    median: round(median(costs)),
    p99: round(percentile(costs, 99)),
    value: round(meanCost),
    pass: meanCost < COST_BUDGET_USD,
    notes:
      'brainstorm budget ~$0.02/hour at the old Haiku price ($0.25/$1.25), i.e. ~$0.08 at Haiku 4.5 ($1/$5)',
  },
];

const out = fileURLToPath(new URL('../../../bench/results/observer.json', import.meta.url));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ package: '@paige/observer', results }, null, 2)}\n`);

console.log('@paige/observer cost guard');
for (const r of results) {
  console.log(
    `${r.pass ? 'PASS' : 'FAIL'}  ${r.metric}: ${r.value} ${r.unit} (target ${r.target}, median ${r.median}, p99 ${r.p99})`,
  );
}
console.log(`written ${out}`);
if (results.some((r) => !r.pass)) process.exitCode = 1;
