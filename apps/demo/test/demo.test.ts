/**
 * Issue 11 item 1: `pnpm demo` end to end. Runs the built demo (`dist/main.js`) as a user would, offline, against
 * the built server, a local Chroma, the Messages-API stand-in and the recorded `gh`, and checks its exit code and
 * the timeline lines that prove each tier answered.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

function runDemo(args: string[] = []): Promise<{ code: number | null; out: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.ANTHROPIC_BASE_URL;
    const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, ms: performance.now() - started }));
  });
}

describe('pnpm demo (issue 11 item 1)', () => {
  it('runs a whole coaching session on a copy of the npm CLI source and exits 0 with its timeline and database summary', async () => {
    const npmRoot = execFileSync('npm', ['root', '-g'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const original = join(npmRoot, 'npm', 'lib', 'utils', 'did-you-mean.js');
    const before = readFileSync(original, 'utf8');
    const { code, out, ms } = await runDemo();
    expect(code, out).toBe(0);
    expect(ms).toBeLessThan(120_000);
    const lines = [
      // Issue 23 item 5: the URL to open carries the token (the page without it shows only the access notice).
      /open http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{16,}/,
      /\[WS ->\]\s+connection:hello/,
      /\[WS <-\]\s+connection:init/,
      /\[WS <-\]\s+fs:tree \d+ files/,
      /\[WS <-\]\s+dashboard:issues \(demo-1\) #8841 good_fit/,
      /\[MCP ->\]\s+paige_start_session \{"issueNumber":8841/,
      /\[WS <-\]\s+session:started/,
      /\[MCP ->\]\s+paige_run_coaching_pipeline/,
      /\[LLM\]\s+coach_agent .* canned reply/,
      /\[WS <-\]\s+coaching:plan_ready 3 phases/,
      /\[WS <-\]\s+editor:highlight_lines \{"path":"lib\/utils\/did-you-mean\.js"/,
      /\[WS <-\]\s+explorer:hint_files/,
      /\[WS <-\]\s+fs:content \(demo-\d+\) lib\/utils\/did-you-mean\.js/,
      /\[LLM\]\s+observer_triage/,
      /\[WS <-\]\s+observer:nudge signal edit_loop, confidence 0\.82/,
      /\[WS <-\]\s+explain:response/,
      /\[WS <-\]\s+fs:save_ack/,
      /\[WS <-\]\s+coaching:phase_update phase 3 "Suggest npm test for npm run tset" active/,
      // issue 23: the level chosen in the page, Review my work with line references, the end from the page's messages
      /\[WS <-\]\s+hints:level_update .*chosen by the learner/,
      /\[WS <-\]\s+review:response .*line references/,
      /\[WS <-\]\s+session:wrap_up \(?.*pending: /,
      /\[WS <-\]\s+session:completed (?:\(demo-\d+\) )?completed: 2 gaps, 1 katas, 3 Dreyfus updates, 2 memories/,
      /\[WS <-\]\s+session:wrap_up .*completed: \d+ s, \$\d+\.\d{4}, [1-9]\d* gaps, [1-9]\d* katas, Dreyfus /,
      /\[WS <-\]\s+session:manager_summary /,
      /\[WS <-\]\s+dashboard:state \(demo-\d+\) dreyfus 3 rows/,
      /\[WS <-\]\s+dashboard:challenges \(demo-\d+\) "Close enough: a typo matcher"/,
      /\[WS <-\]\s+dashboard:learning_materials/,
      /\[WS <-\]\s+practice:kata_load/,
      // issue 24: the kata's tests run before the review: the starter code fails, the solution passes; a quiz is answered
      /\[DEMO\]\s+run 1 \(the starter code\): failed, 0 of 3 tests pass/,
      /\[DEMO\]\s+run 2 \(the solution\): passed, 3 of 3 tests pass/,
      /\[WS <-\]\s+practice:solution_review \(demo-\d+\) level 6, passed true/,
      /\[DEMO\]\s+quiz: 1 of 1 right/,
      /sessions: #8841 completed/,
      /rows: .*knowledge_gaps 2.*sessions 1/,
      /cost: +\$\d+\.\d{4}/,
      /DEMO OK: every step got its expected reply/,
    ];
    for (const re of lines) expect(out, `missing ${re}`).toMatch(re);
    expect(out).not.toContain('DEMO FAILED');
    // The learner's save went to the temp copy: the installed npm CLI is untouched.
    expect(readFileSync(original, 'utf8')).toBe(before);
  });

  it('--team (issue 26): joins a local team server with `paige team join`, delivers the outbox, the mentor sees the session and the shared summary, and the team server stops with the demo', async () => {
    const { code, out, ms } = await runDemo(['--team', '--keep']);
    expect(code, out).toBe(0);
    expect(ms).toBeLessThan(120_000);
    const lines = [
      /\[TEAM\]\s+team server .*apps\/team\/dist\/main\.js on http:\/\/127\.0\.0\.1:\d+ \(embedded Postgres/,
      /\[TEAM\]\s+paige-team invite --expires 1d -> pti_/,
      /\[TEAM\]\s+paige team join http:\/\/127\.0\.0\.1:\d+ pti_\S+ -> joined "Paige team"/,
      /\[WS ->\]\s+session:manager_summary_request \{"sessionId":"[^"]+","share":true\}/,
      /\[WS <-\]\s+team:status .*"joined":true/,
      /\[TEAM\]\s+GET \/api\/mentor\/cohort: 1 learner, "Demo learner": 1 session, stages \{"/,
      /\[TEAM\]\s+GET \/api\/mentor\/learners\/:id\/timeline: .*summary 1/,
      /\[TEAM\]\s+session entry: #8841 .*completed/,
      /\[TEAM\]\s+summary entry: \[demo reply\]/,
      /\[TEAM\]\s+open http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32,} to see the mentor's view/,
      /DEMO OK: every step got its expected reply/,
    ];
    for (const re of lines) expect(out, `missing ${re}`).toMatch(re);
    expect(out).not.toMatch(/the team server exited with code/);
    // --keep: the team server's log shows a clean SIGTERM shutdown, and its process is gone.
    const kept = /kept (\S+)/.exec(out)?.[1];
    expect(kept).toBeDefined();
    const log = readFileSync(join(kept ?? '', 'team.log'), 'utf8');
    expect(log).toMatch(/"signal":"SIGTERM".*shutdown requested/);
    expect(log).toMatch(/shutdown complete/);
    const runtime = join(kept ?? '', 'team', 'team.json');
    expect(existsSync(runtime), 'the team server left its runtime file').toBe(false);
    rmSync(kept ?? '', { recursive: true, force: true });
  });

  it('fails with a clear message naming the step when the project does not exist', async () => {
    const { code, out } = await runDemo(['--project', '/nonexistent/paige-demo-project']);
    expect(code).toBe(1);
    expect(out).toMatch(
      /DEMO FAILED at step "Setup: .*": --project \/nonexistent\/paige-demo-project does not exist/,
    );
  });
});
