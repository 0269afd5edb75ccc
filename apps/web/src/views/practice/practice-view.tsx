/**
 * The practice view (`/practice/:kataId`; primary Story 11 AS-5..AS-11, issue 18 item 2): the kata's title,
 * description and scaffolding in Monaco; its constraints with their unlock state (a locked one names the level that
 * unlocks it) to choose from; "Submit for review" with a progress state, then the review (level, passed, feedback,
 * constraints newly unlocked, the suggested next step); the previous attempts; errors (`review:error`) in place.
 * Issue 24: "Run tests" (Ctrl+') runs the solution against the kata's tests, shown as a list with pass/fail, the failing
 * assertion and the output; a kata without runnable tests says so; the run is cancelled on leaving or submitting.
 * `/practice` without a kata shows the last kata opened, or the katas to choose from.
 */
import { useEffect, useId, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import type { KataAttemptSummary, KataConstraintStatus, KataRunResult } from '@paige/protocol';
import { useAppStores } from '../../client/app-stores.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { LockIcon } from '../../components/icons.js';
import { SectionError, SectionLoading } from '../../components/section-states.js';
import type { KataEntry, PracticeStore, RunState, Submission } from '../../state/practice-store.js';
import { useStore } from '../../state/store.js';
import { formatAgo } from '../format.js';
import { practicePath, VIEW_PATHS } from '../routes.js';
import { useViewActive } from '../view-context.js';
import { guessLanguage } from './language.js';
import { ChallengeView } from './challenge-view.js';
import { PracticeEditor } from './practice-editor.js';
import '../../styles/practice.css';

const SIGNAL_TEXT = {
  advancing: 'You are advancing on this topic.',
  stable: 'You are holding steady on this topic.',
  struggling: 'This topic is still hard for you: that is what practice is for.',
} as const;

function ConstraintList({ entry, store }: { entry: KataEntry; store: PracticeStore }) {
  const pending = entry.submission.status === 'pending';
  if (entry.constraints.length === 0) return <p className="empty">This kata has no constraints.</p>;
  return (
    <fieldset className="constraint-list" disabled={pending}>
      <legend className="practice-subtitle">Constraints</legend>
      <p className="constraint-help">
        Choose the constraints to practise with. Higher levels unlock harder ones.
      </p>
      <ul>
        {entry.constraints.map((c: KataConstraintStatus) => {
          const id = `constraint-${entry.kataId}-${c.title}`.replace(/[^\w-]/g, '_');
          const locked = c.state === 'locked';
          const isNew = entry.newlyUnlocked.includes(c.title);
          return (
            <li
              key={c.title}
              className={`constraint${locked ? ' is-locked' : ''}${isNew ? ' is-new' : ''}`}
              data-state={c.state}
            >
              <input
                type="checkbox"
                id={id}
                checked={entry.selected.includes(c.title)}
                disabled={locked}
                aria-describedby={`${id}-desc`}
                onChange={() => store.toggleConstraint(entry.kataId, c.title)}
              />
              <div className="constraint-text">
                <label htmlFor={id} className="constraint-title">
                  {c.title}
                  {isNew && <span className="badge badge-new">Newly unlocked</span>}
                </label>
                <span id={`${id}-desc`} className="constraint-description">
                  {c.description}
                  {locked && (
                    <span className="constraint-lock">
                      {' '}
                      <LockIcon /> Locked: unlocks at level {c.minLevel}
                    </span>
                  )}
                </span>
              </div>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

function AttemptList({ attempts }: { attempts: readonly KataAttemptSummary[] }) {
  if (attempts.length === 0)
    return <p className="empty">No attempts yet: your first submission appears here.</p>;
  return (
    <ol className="attempt-list" aria-label="Previous attempts" reversed>
      {[...attempts].reverse().map((a) => (
        <li key={a.number} className={`attempt${a.passed ? ' is-passed' : ''}`}>
          <details>
            <summary>
              <span className="attempt-name">Attempt {a.number}</span>
              <span className="attempt-level">{a.level === null ? 'no level' : `level ${a.level}`}</span>
              <span className={`badge ${a.passed ? 'badge-pass' : 'badge-fail'}`}>
                {a.passed === null ? 'not reviewed' : a.passed ? 'passed' : 'not passed'}
              </span>
              {a.submittedAt && <span className="attempt-when">{formatAgo(a.submittedAt)}</span>}
            </summary>
            <p className="attempt-constraints">
              {a.constraints.length ? `With: ${a.constraints.join(', ')}` : 'No constraints'}
            </p>
            {a.review && <p className="attempt-review">{a.review}</p>}
            <pre className="attempt-code">
              <code>{a.code}</code>
            </pre>
          </details>
        </li>
      ))}
    </ol>
  );
}

function ReviewPanel({ entry, onRetry }: { entry: KataEntry; onRetry(): void }) {
  const sub: Submission = entry.submission;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (sub.status !== 'pending') return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [sub.status]);
  return (
    <section
      className="review-panel"
      aria-labelledby="review-title"
      aria-busy={sub.status === 'pending'}
      data-state={sub.status}
    >
      <h2 id="review-title" className="practice-subtitle">
        Review
      </h2>
      {sub.status === 'idle' && (
        <p className="empty">
          Submit your solution to get Paige's review: a level from 1 to 10, what works, and what to try next.
        </p>
      )}
      {sub.status === 'pending' && (
        <div className="review-pending">
          <p className="loading-note" role="status">
            <span className="spinner" aria-hidden="true" />
            Paige is reviewing your solution
            {sub.constraints.length ? ` with ${sub.constraints.join(', ')}` : ''}…
          </p>
          <p className="review-elapsed">{Math.max(0, Math.round((now - sub.startedAt) / 1000))} s</p>
        </div>
      )}
      {sub.status === 'error' && (
        <SectionError message={sub.error} code={sub.code} onRetry={onRetry} retryLabel="Submit again" />
      )}
      {sub.status === 'reviewed' && (
        <div className="review-result" role="status" aria-live="polite">
          <div className="review-score">
            <span className="review-level" data-testid="review-level">
              Level {sub.review.level}
              <span className="review-level-max">/10</span>
            </span>
            <span
              className={`badge ${sub.review.passed ? 'badge-pass' : 'badge-fail'}`}
              data-testid="review-passed"
            >
              {sub.review.passed ? 'Passed' : 'Not passed yet'}
            </span>
            {sub.review.correct !== undefined && (
              <span className="badge">
                {sub.review.correct ? 'Meets the requirements' : 'Does not meet the requirements yet'}
              </span>
            )}
          </div>
          {sub.review.constraintsUnlocked.length > 0 && (
            <div className="review-unlocked">
              <strong>Newly unlocked:</strong> {sub.review.constraintsUnlocked.map((c) => c.title).join(', ')}
            </div>
          )}
          <p className="review-text">{sub.review.review}</p>
          {sub.review.suggestions && sub.review.suggestions.length > 0 && (
            <>
              <h3 className="review-h3">Questions to think about</h3>
              <ul className="review-suggestions">
                {sub.review.suggestions.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </>
          )}
          {sub.review.followUp && (
            <div className="review-follow-up">
              <h3 className="review-h3">Next step</h3>
              {sub.review.followUp.type === 'completed' && <p>You have completed this kata.</p>}
              {sub.review.followUp.type === 'retry_hint' && <p>Try again with what the review says.</p>}
              {sub.review.followUp.constraint && (
                <p className="review-next-constraint">Try: {sub.review.followUp.constraint}</p>
              )}
              {sub.review.followUp.reason && <p className="review-reason">{sub.review.followUp.reason}</p>}
            </div>
          )}
          {sub.review.dreyfusSignal && (
            <p className="review-signal">{SIGNAL_TEXT[sub.review.dreyfusSignal]}</p>
          )}
        </div>
      )}
    </section>
  );
}

/** What a run status means for the learner (issue 24). */
const RUN_STATUS_TEXT: Record<KataRunResult['status'], string> = {
  passed: 'All tests pass',
  failed: 'Some tests fail',
  timeout: 'Stopped: too slow',
  crashed: 'The run crashed',
  syntax_error: 'Syntax error',
  output_limit: 'Stopped: too much output',
  memory_limit: 'Stopped: too much memory',
  no_interpreter: 'Cannot run here',
  broken_tests: "The kata's tests are broken",
  cancelled: 'Cancelled',
};

/** The kata's tests (the specification) and the last run's results: pass/fail per test, the failing assertion, the output. */
function TestsPanel({ entry, onRun }: { entry: KataEntry; onRun(): void }) {
  const tests = entry.kata?.tests ?? null;
  const run: RunState = entry.run;
  if (!tests) {
    return (
      <section className="tests-panel" aria-labelledby="tests-title" data-state="none">
        <h2 id="tests-title" className="practice-subtitle">
          Tests
        </h2>
        <p className="empty" data-testid="no-runnable-tests">
          This kata has no runnable tests (it was written before katas had them). Submit your solution for a
          review instead.
        </p>
      </section>
    );
  }
  const result = run.status === 'done' ? run.result : null;
  const byName = new Map(result?.tests.map((t) => [t.name, t]) ?? []);
  return (
    <section
      className="tests-panel"
      aria-labelledby="tests-title"
      aria-busy={run.status === 'running'}
      data-state={run.status}
    >
      <h2 id="tests-title" className="practice-subtitle">
        Tests
      </h2>
      {run.status === 'running' && (
        <p className="loading-note" role="status">
          <span className="spinner" aria-hidden="true" />
          {run.queuedPosition
            ? `Waiting for other runs to finish (place ${run.queuedPosition})…`
            : 'Running the tests…'}
        </p>
      )}
      {run.status === 'error' && (
        <SectionError
          message={run.error}
          code={run.code}
          onRetry={run.code === 'NO_RUNNABLE_TESTS' ? undefined : onRun}
          retryLabel="Run again"
        />
      )}
      {result && (
        <p
          className={`run-summary run-${result.status}`}
          role="status"
          data-testid="run-status"
          data-status={result.status}
        >
          <strong>{RUN_STATUS_TEXT[result.status]}</strong>
          {result.tests.length > 0 &&
            ` · ${result.tests.filter((t) => t.status === 'pass').length} of ${result.tests.length} passed`}
          {` · ${Math.round(result.durationMs)} ms`}
          {result.message && <span className="run-message">{result.message}</span>}
        </p>
      )}
      {run.status === 'idle' && (
        <p className="empty">Run the tests to see which pass. Runs are free: run as often as you like.</p>
      )}
      <ul className="test-list" aria-label="Test results">
        {tests.cases.map((c) => {
          const r = byName.get(c.name);
          const state = r ? r.status : 'not-run';
          return (
            <li key={c.name} className={`test-item is-${state}`} data-state={state}>
              <details>
                <summary>
                  <span
                    className={`badge ${state === 'pass' ? 'badge-pass' : state === 'fail' ? 'badge-fail' : ''}`}
                  >
                    {state === 'pass' ? 'pass' : state === 'fail' ? 'fail' : 'not run'}
                  </span>{' '}
                  <span className="test-name">{c.name}</span>
                </summary>
                {r?.message && <pre className="test-message">{r.message}</pre>}
                <pre className="test-code">
                  <code>{c.code}</code>
                </pre>
              </details>
              {r?.message && <p className="test-failure">{r.message.split('\n')[0]}</p>}
            </li>
          );
        })}
      </ul>
      {result && (result.stdout || result.stderr) && (
        <details className="run-output">
          <summary>Output{result.outputTruncated ? ' (cut)' : ''}</summary>
          {result.stdout && <pre className="run-stdout">{result.stdout}</pre>}
          {result.stderr && <pre className="run-stderr">{result.stderr}</pre>}
        </details>
      )}
    </section>
  );
}

function KataPicker() {
  const { dashboard } = useAppStores();
  const katas = useStore(dashboard.store, (s) => s.challenges);
  const nonCode = useStore(dashboard.store, (s) => s.nonCode);
  const active = useViewActive();
  useEffect(() => {
    if (active && katas.status === 'idle') dashboard.load();
  }, [active, katas.status, dashboard]);
  return (
    <div className="practice-picker">
      <h1 className="practice-title" tabIndex={-1} data-view-heading>
        Practice
      </h1>
      <p>Pick a kata: Paige writes them for the knowledge gaps your sessions reveal.</p>
      {katas.data === null ? (
        katas.status === 'error' ? (
          <SectionError
            message={katas.error ?? 'Could not load the katas.'}
            onRetry={() => dashboard.load()}
          />
        ) : (
          <SectionLoading text="Loading your katas…" lines={2} />
        )
      ) : katas.data.length === 0 ? (
        <p className="empty">
          No katas yet. Back to the <Link to={VIEW_PATHS.dashboard}>dashboard</Link>.
        </p>
      ) : (
        <ul className="kata-list">
          {katas.data.map((k) => (
            <li key={k.kataId} className="kata-item">
              <Link to={practicePath(k.kataId)} className="kata-link">
                {k.title}
              </Link>
              <p className="kata-description">{k.description}</p>
            </li>
          ))}
        </ul>
      )}
      {nonCode.length > 0 && (
        <>
          <h2 className="practice-subtitle">Quizzes and explanations</h2>
          <ul className="kata-list" aria-label="Challenges that are not code">
            {nonCode.map((c) => (
              <li key={c.id} className="kata-item">
                <Link
                  to={`${VIEW_PATHS.practice}?challenge=${encodeURIComponent(c.id)}`}
                  className="kata-link"
                >
                  {c.title}
                </Link>
                <p className="kata-description">
                  {c.kind === 'quiz' ? 'Quiz' : 'Explain it back'}
                  {c.passed ? ' · passed' : ''}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function KataWorkspace({ entry, store }: { entry: KataEntry; store: PracticeStore }) {
  const kata = entry.kata!;
  const [confirmReset, setConfirmReset] = useState(false);
  const descId = useId();
  const pending = entry.submission.status === 'pending';
  const submit = () => void store.submit(entry.kataId);
  const running = entry.run.status === 'running';
  const runnable = entry.kata?.tests != null;
  const runTests = () => {
    if (runnable && !pending) void store.run(entry.kataId);
  };
  // Ctrl/Cmd+' runs the tests (issue 24 item 3), in the editor too.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key === "'") {
        e.preventDefault();
        runTests();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  return (
    <div className="practice">
      <aside className="practice-brief" aria-label="Kata">
        <div className="practice-brief-head">
          <Link to={VIEW_PATHS.dashboard} className="back-link">
            ← Dashboard
          </Link>
          <h1 className="practice-title" tabIndex={-1} data-view-heading>
            {kata.title}
          </h1>
          <p className="practice-meta">
            {kata.topic && <span className="badge">{kata.topic}</span>}{' '}
            <span data-testid="kata-best-level">
              {kata.bestLevel === null ? 'Not attempted yet' : `Best level ${kata.bestLevel}/10`}
            </span>{' '}
            · {kata.attemptsCount} attempt{kata.attemptsCount === 1 ? '' : 's'}
          </p>
        </div>
        <p id={descId} className="practice-description">
          {kata.description}
        </p>
        <ConstraintList entry={entry} store={store} />
        <h2 className="practice-subtitle">Previous attempts</h2>
        <AttemptList attempts={entry.attempts} />
      </aside>
      <main className="practice-main" aria-label="Your solution">
        <div className="practice-toolbar">
          <span className="practice-toolbar-text">
            Your solution{entry.selected.length ? ` · with ${entry.selected.join(', ')}` : ''}
          </span>
          <button
            type="button"
            className="btn btn-small btn-ghost"
            disabled={pending}
            onClick={() => setConfirmReset(true)}
          >
            Start over
          </button>
          <button
            type="button"
            className="btn"
            disabled={pending || !runnable}
            onClick={runTests}
            aria-keyshortcuts="Control+'"
            title={runnable ? "Run the tests (Ctrl+')" : 'This kata has no runnable tests'}
          >
            {running ? 'Running…' : 'Run tests'}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={pending}
            onClick={submit}
            aria-keyshortcuts="Control+Enter"
          >
            {pending ? 'Reviewing…' : 'Submit for review'}
          </button>
        </div>
        <PracticeEditor
          kataId={entry.kataId}
          initialCode={store.draft(entry.kataId) ?? kata.scaffoldingCode}
          resets={entry.resets}
          language={guessLanguage(kata.scaffoldingCode)}
          onChange={store.setDraft}
          onSubmit={submit}
        />
      </main>
      <aside className="practice-side" aria-label="Tests and review of your solution">
        <TestsPanel entry={entry} onRun={runTests} />
        <ReviewPanel entry={entry} onRetry={submit} />
      </aside>
      <ConfirmDialog
        open={confirmReset}
        title="Start over?"
        choices={[
          { value: 'cancel', label: 'Keep my code' },
          { value: 'reset', label: 'Start over', primary: true },
        ]}
        cancelValue="cancel"
        onAnswer={(a) => {
          setConfirmReset(false);
          if (a === 'reset') store.resetDraft(entry.kataId);
        }}
      >
        <p>Your code is replaced with the kata's starting code (Ctrl+Z in the editor brings it back).</p>
      </ConfirmDialog>
    </div>
  );
}

export function PracticeView({ routeKataId }: { routeKataId: string | undefined }) {
  const { practice } = useAppStores();
  const active = useViewActive();
  const current = useStore(practice.store, (s) => s.current);
  const kataId = routeKataId ?? null;
  const [search] = useSearchParams();
  const challengeId = search.get('challenge');
  const entry = useStore(practice.store, (s) => (kataId ? s.katas[kataId] : undefined));

  useEffect(() => {
    if (active && kataId) practice.open(kataId);
  }, [active, kataId, practice]);

  // Issue 24: leaving the kata (another kata, another view) cancels its run.
  useEffect(() => {
    if (!active || !kataId) return;
    return () => practice.cancelRun(kataId);
  }, [active, kataId, practice]);

  useEffect(() => {
    document.title = entry?.kata ? `${entry.kata.title} · Practice · Paige` : 'Practice · Paige';
  }, [entry?.kata, active]);

  // Ctrl/Cmd+S outside the editor: the draft is kept anyway; never the browser's "save page".
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);

  if (!kataId) {
    if (challengeId) return <ChallengeView challengeId={challengeId} />;
    if (active && current) return <Navigate replace to={practicePath(current)} />;
    return <KataPicker />;
  }
  if (!entry || (entry.status === 'loading' && !entry.kata)) {
    return (
      <div className="practice-picker">
        <h1 className="practice-title" tabIndex={-1} data-view-heading>
          Practice
        </h1>
        <SectionLoading text="Loading the kata…" lines={4} />
      </div>
    );
  }
  if (!entry.kata) {
    return (
      <div className="practice-picker">
        <h1 className="practice-title" tabIndex={-1} data-view-heading>
          Practice
        </h1>
        <SectionError
          message={entry.error ?? 'Could not load the kata.'}
          code={entry.code}
          onRetry={entry.code === 'KATA_NOT_FOUND' ? undefined : () => practice.open(kataId, true)}
        />
        <p>
          Back to the <Link to={VIEW_PATHS.dashboard}>dashboard</Link>.
        </p>
      </div>
    );
  }
  return <KataWorkspace entry={entry} store={practice} />;
}
