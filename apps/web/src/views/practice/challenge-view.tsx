/**
 * Challenges that are not code (issue 24 item 5, `/practice?challenge=<id>`): a multiple-choice quiz, graded in the
 * page from `correctIndex` with the explanation of every answer (the server records it, `practice:answer_quiz`), and
 * "explain it back": the learner writes an explanation that Paige grades against the rubric at their Dreyfus stage
 * (`practice:explain_back`), shown per rubric point with feedback.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { ExplainBackChallenge, NonCodeChallenge, QuizChallenge, ServerPayload } from '@paige/protocol';
import { usePaigeClient } from '../../client/client-context.js';
import { SectionError, SectionLoading } from '../../components/section-states.js';
import { VIEW_PATHS } from '../routes.js';

type Load =
  | { status: 'loading' }
  | { status: 'ready'; challenge: NonCodeChallenge }
  | { status: 'error'; error: string; code: string | null };

function errorOf(payload: unknown): { error: string; code: string | null } {
  const p = payload as { error?: string; message?: string; code?: string };
  return { error: p.error ?? p.message ?? 'Something went wrong.', code: p.code ?? null };
}

function QuizLayout({ quiz }: { quiz: QuizChallenge }) {
  const client = usePaigeClient();
  const [answers, setAnswers] = useState<(number | null)[]>(() => quiz.questions.map(() => null));
  const [checked, setChecked] = useState(false);
  const [recorded, setRecorded] = useState<string | null>(null);
  const correct = quiz.questions.filter((q, i) => answers[i] === q.correctIndex).length;
  const complete = answers.every((a) => a !== null);
  const check = () => {
    setChecked(true);
    setRecorded(null);
    void client
      .request('practice:answer_quiz', { challengeId: quiz.id, answers: answers.map((a) => a ?? 0) })
      .then((reply) =>
        setRecorded(
          reply.type === 'practice:quiz_result'
            ? 'Your answers are saved.'
            : `Not saved: ${errorOf(reply.payload).error}`,
        ),
      )
      .catch((err: Error) => setRecorded(`Not saved: ${err.message}`));
  };
  return (
    <form
      className="quiz"
      aria-label="Quiz"
      onSubmit={(e) => {
        e.preventDefault();
        if (complete) check();
      }}
    >
      {quiz.questions.map((q, i) => (
        <fieldset key={i} className="quiz-question" data-testid={`question-${i + 1}`}>
          <legend>
            {i + 1}. {q.question}
          </legend>
          {q.choices.map((c, j) => {
            const id = `q${i}-c${j}`;
            const chosen = answers[i] === j;
            const state = checked ? (j === q.correctIndex ? 'right' : chosen ? 'wrong' : 'other') : 'open';
            return (
              <div key={j} className={`quiz-choice is-${state}`}>
                <input
                  type="radio"
                  id={id}
                  name={`q${i}`}
                  checked={chosen}
                  onChange={() => {
                    setAnswers((a) => a.map((x, k) => (k === i ? j : x)));
                    setChecked(false);
                  }}
                />
                <label htmlFor={id}>{c.text}</label>
                {checked && (chosen || j === q.correctIndex) && (
                  <p className="quiz-explanation">
                    {j === q.correctIndex ? 'Right answer: ' : 'Not this one: '}
                    {c.explanation}
                  </p>
                )}
              </div>
            );
          })}
        </fieldset>
      ))}
      <div className="quiz-actions">
        <button type="submit" className="btn btn-primary" disabled={!complete}>
          Check my answers
        </button>
        {checked && (
          <p role="status" className="quiz-score" data-testid="quiz-score">
            {correct} of {quiz.questions.length} right
            {correct === quiz.questions.length ? ': passed.' : '. Read the explanations and try again.'}
            {recorded && <span className="quiz-recorded"> {recorded}</span>}
          </p>
        )}
      </div>
    </form>
  );
}

type Grading =
  | { status: 'idle' }
  | { status: 'pending' }
  | { status: 'graded'; review: ServerPayload<'practice:explain_back_review'> }
  | { status: 'error'; error: string; code: string | null };

function ExplainBackLayout({ challenge }: { challenge: ExplainBackChallenge }) {
  const client = usePaigeClient();
  const [text, setText] = useState('');
  const [grading, setGrading] = useState<Grading>({ status: 'idle' });
  const submit = async () => {
    setGrading({ status: 'pending' });
    try {
      const reply = await client.request(
        'practice:explain_back',
        { challengeId: challenge.id, explanation: text },
        { timeoutMs: 180_000 },
      );
      if (reply.type === 'practice:explain_back_review')
        setGrading({ status: 'graded', review: reply.payload });
      else setGrading({ status: 'error', ...errorOf(reply.payload) });
    } catch (err) {
      setGrading({ status: 'error', error: (err as Error).message, code: null });
    }
  };
  return (
    <div className="explain-back">
      <p className="explain-back-prompt">{challenge.prompt}</p>
      <h2 className="practice-subtitle">A good explanation covers</h2>
      <ul className="explain-back-rubric">
        {challenge.rubric.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <label htmlFor="explain-back-text" className="practice-subtitle">
        Your explanation, in your own words
      </label>
      <textarea
        id="explain-back-text"
        rows={8}
        value={text}
        onChange={(e) => setText(e.target.value)}
        disabled={grading.status === 'pending'}
      />
      <div className="quiz-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={text.trim().length === 0 || grading.status === 'pending'}
          onClick={() => void submit()}
        >
          {grading.status === 'pending' ? 'Paige is reading…' : 'Submit my explanation'}
        </button>
      </div>
      {grading.status === 'error' && (
        <SectionError
          message={grading.error}
          code={grading.code}
          onRetry={() => void submit()}
          retryLabel="Submit again"
        />
      )}
      {grading.status === 'graded' && (
        <section className="explain-back-review" role="status" aria-label="Paige's grade">
          <span
            className={`badge ${grading.review.passed ? 'badge-pass' : 'badge-fail'}`}
            data-testid="explain-back-passed"
          >
            {grading.review.passed ? 'Passed' : 'Not passed yet'}
          </span>
          <p>{grading.review.feedback}</p>
          <ul className="explain-back-criteria" aria-label="Rubric">
            {grading.review.criteria.map((c) => (
              <li key={c.criterion} className={c.met ? 'is-met' : 'is-missed'}>
                <strong>{c.met ? 'Covered' : 'Missing'}:</strong> {c.criterion}
                {c.note && <span className="criterion-note"> {c.note}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** The page of one non-code challenge. */
export function ChallengeView({ challengeId }: { challengeId: string }) {
  const client = usePaigeClient();
  // The loaded challenge is kept with its id: a new id shows "loading" until its reply arrives (no state set in
  // the effect's body).
  const [loaded, setLoaded] = useState<{ id: string; load: Load } | null>(null);
  const load: Load = loaded?.id === challengeId ? loaded.load : { status: 'loading' };
  useEffect(() => {
    let live = true;
    const setLoad = (next: Load) => live && setLoaded({ id: challengeId, load: next });
    client
      .request('practice:load_challenge', { challengeId }, { timeoutMs: 15_000 })
      .then((reply) => {
        if (reply.type === 'practice:challenge_load')
          setLoad({ status: 'ready', challenge: reply.payload.challenge });
        else setLoad({ status: 'error', ...errorOf(reply.payload) });
      })
      .catch((err: Error) => setLoad({ status: 'error', error: err.message, code: null }));
    return () => {
      live = false;
    };
  }, [client, challengeId]);
  const challenge = load.status === 'ready' ? load.challenge : null;
  useEffect(() => {
    document.title = challenge ? `${challenge.title} · Practice · Paige` : 'Practice · Paige';
  }, [challenge]);
  return (
    <div className="practice-picker challenge-view" data-kind={challenge?.kind}>
      <Link to={VIEW_PATHS.dashboard} className="back-link">
        ← Dashboard
      </Link>
      <h1 className="practice-title" tabIndex={-1} data-view-heading>
        {challenge ? challenge.title : 'Practice'}
      </h1>
      {challenge?.topic && <span className="badge">{challenge.topic}</span>}
      {load.status === 'loading' && <SectionLoading text="Loading the challenge…" lines={3} />}
      {load.status === 'error' && <SectionError message={load.error} code={load.code} />}
      {challenge?.kind === 'quiz' && <QuizLayout quiz={challenge} />}
      {challenge?.kind === 'explain_back' && <ExplainBackLayout challenge={challenge} />}
    </div>
  );
}
