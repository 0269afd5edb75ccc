/**
 * The mentor's view (issue 26 item 4): the cohort by skill area with Dreyfus stages, who may be stuck with the
 * evidence, the gaps most of the cohort shares, each learner's timeline, and model spend per learner and in total
 * against the mentor's budget. Talks to the team server's `/api/mentor/*` with the cookie set by the token URL.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CohortView, CreateInviteResponse, LearnerTimeline } from '@paige/team-protocol';

const STAGE_NAMES: Record<string, string> = {
  novice: 'Novice',
  advanced_beginner: 'Advanced beginner',
  competent: 'Competent',
  proficient: 'Proficient',
  expert: 'Expert',
};

const usd = (n: number) => `$${n.toFixed(2)}`;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, {
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    ...init,
  });
  const body = (await res.json().catch(() => ({}))) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  return body;
}

export function App() {
  const [view, setView] = useState<CohortView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  const load = useCallback(() => {
    call<CohortView>('/api/mentor/cohort').then(
      (v) => {
        setView(v);
        setError(null);
      },
      (err: Error) => setError(err.message),
    );
  }, []);
  useEffect(() => {
    load();
    const t = setInterval(load, 15_000);
    return () => clearInterval(t);
  }, [load]);

  if (error && !view) {
    return (
      <main>
        <section className="wide" role="alert">
          <h1>Paige team</h1>
          <p className="error">
            Cannot load the cohort: {error}. Open the URL that paige-team printed (it carries the mentor's
            token).
          </p>
        </section>
      </main>
    );
  }
  if (!view) return <p role="status">Loading the cohort…</p>;

  return (
    <>
      <header>
        <h1>{view.teamName}: mentor's view</h1>
        <p>
          {view.learners.length} learner{view.learners.length === 1 ? '' : 's'} · updated{' '}
          {when(view.generatedAt)}
        </p>
      </header>
      <main>
        <CohortTable view={view} onSelect={setSelected} onRevoked={load} />
        <Stuck view={view} onSelect={setSelected} />
        <SharedGaps view={view} />
        <Spend view={view} onSaved={load} />
        {selected ? <Timeline learnerId={selected} onClose={() => setSelected(null)} /> : null}
        <Invite />
      </main>
    </>
  );
}

function CohortTable({
  view,
  onSelect,
  onRevoked,
}: {
  view: CohortView;
  onSelect: (id: string) => void;
  onRevoked: () => void;
}) {
  const revoke = (id: string, name: string) => {
    if (!window.confirm(`Revoke ${name}? Their Paige will not be able to share anything more.`)) return;
    void call(`/api/mentor/learners/${id}/revoke`, { method: 'POST' }).then(onRevoked);
  };
  return (
    <section className="wide" aria-labelledby="cohort-h">
      <h2 id="cohort-h">Cohort by skill area</h2>
      {view.learners.length === 0 ? (
        <p className="muted">No learner has joined yet: make an invite below.</p>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <table>
            <caption className="muted" style={{ textAlign: 'left', captionSide: 'bottom', paddingTop: 6 }}>
              Dreyfus stage per skill area, from each learner's latest assessment.
            </caption>
            <thead>
              <tr>
                <th scope="col">Learner</th>
                {view.skillAreas.map((a) => (
                  <th scope="col" key={a}>
                    {a}
                  </th>
                ))}
                <th scope="col">Sessions</th>
                <th scope="col">Open gaps</th>
                <th scope="col">Last seen</th>
                <th scope="col">
                  <span className="muted">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {view.learners.map((l) => (
                <tr key={l.learnerId}>
                  <th scope="row">
                    {l.displayName}
                    {l.revoked ? (
                      <span className="muted"> (revoked)</span>
                    ) : l.left ? (
                      <span className="muted"> (left)</span>
                    ) : null}
                  </th>
                  {view.skillAreas.map((a) => (
                    <td key={a}>
                      {l.stages[a] ? (
                        <span className={`stage stage-${l.stages[a]}`}>{STAGE_NAMES[l.stages[a]!]}</span>
                      ) : (
                        <span className="muted">–</span>
                      )}
                    </td>
                  ))}
                  <td>{l.sessions}</td>
                  <td>{l.openGaps}</td>
                  <td>{when(l.lastSeenAt)}</td>
                  <td style={{ whiteSpace: 'nowrap' }}>
                    <button
                      type="button"
                      onClick={() => onSelect(l.learnerId)}
                      aria-label={`Timeline of ${l.displayName}`}
                    >
                      Timeline
                    </button>{' '}
                    {!l.revoked && !l.left ? (
                      <button
                        type="button"
                        className="danger"
                        onClick={() => revoke(l.learnerId, l.displayName)}
                        aria-label={`Revoke ${l.displayName}`}
                      >
                        Revoke
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Stuck({ view, onSelect }: { view: CohortView; onSelect: (id: string) => void }) {
  return (
    <section aria-labelledby="stuck-h">
      <h2 id="stuck-h">Who may be stuck</h2>
      {view.stuck.length === 0 ? (
        <p className="muted">Nobody shows signs of being stuck.</p>
      ) : (
        <ol>
          {view.stuck.map((s) => (
            <li key={s.learnerId}>
              <button
                type="button"
                onClick={() => onSelect(s.learnerId)}
                aria-label={`Timeline of ${s.displayName}`}
              >
                {s.displayName}
              </button>
              <ul className="evidence">
                {s.evidence.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function SharedGaps({ view }: { view: CohortView }) {
  return (
    <section aria-labelledby="gaps-h">
      <h2 id="gaps-h">Gaps the cohort shares</h2>
      {view.sharedGaps.length === 0 ? (
        <p className="muted">No open gap is shared by two or more learners.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Topic</th>
              <th scope="col">Learners</th>
              <th scope="col">Worst severity</th>
              <th scope="col">Open since</th>
            </tr>
          </thead>
          <tbody>
            {view.sharedGaps.map((g) => (
              <tr key={g.topic}>
                <th scope="row">{g.topic}</th>
                <td>
                  {g.learners} ({Math.round(g.share * 100)}%)
                </td>
                <td>{g.worstSeverity}</td>
                <td>{new Date(g.openSince).toLocaleDateString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Spend({ view, onSaved }: { view: CohortView; onSaved: () => void }) {
  const [budget, setBudget] = useState(view.spend.budgetUsd?.toString() ?? '');
  const [message, setMessage] = useState('');
  const save = (e: FormEvent) => {
    e.preventDefault();
    const value = budget.trim() === '' ? null : Number(budget);
    if (value !== null && (!Number.isFinite(value) || value < 0))
      return setMessage('A budget is a positive amount in USD.');
    void call('/api/mentor/budget', { method: 'PUT', body: JSON.stringify({ budgetUsd: value }) }).then(
      () => {
        setMessage('Budget saved.');
        onSaved();
      },
      (err: Error) => setMessage(err.message),
    );
  };
  const { totalUsd, budgetUsd } = view.spend;
  const share = budgetUsd ? Math.min(1, totalUsd / budgetUsd) : 0;
  const data = view.spend.perLearner
    .slice(0, 20)
    .map((p) => ({ name: p.displayName, cost: Math.round(p.costUsd * 100) / 100 }));
  return (
    <section aria-labelledby="spend-h">
      <h2 id="spend-h">Model spend</h2>
      <p>
        Total <strong>{usd(totalUsd)}</strong>
        {budgetUsd !== null ? (
          <>
            {' '}
            of a {usd(budgetUsd)} budget ({Math.round((totalUsd / budgetUsd) * 100)}%)
          </>
        ) : (
          ' (no budget set)'
        )}
      </p>
      {budgetUsd !== null ? (
        <div
          className={`meter${totalUsd > budgetUsd ? ' over' : ''}`}
          role="meter"
          aria-label="Spend against the budget"
          aria-valuemin={0}
          aria-valuemax={budgetUsd}
          aria-valuenow={Math.round(totalUsd * 100) / 100}
        >
          <div style={{ width: `${share * 100}%` }} />
        </div>
      ) : null}
      <form onSubmit={save} style={{ margin: '10px 0', display: 'flex', gap: 8, alignItems: 'center' }}>
        <label htmlFor="budget">Budget (USD)</label>
        <input
          id="budget"
          inputMode="decimal"
          value={budget}
          onChange={(e) => setBudget(e.target.value)}
          style={{ width: 100 }}
        />
        <button type="submit">Save budget</button>
        <span role="status">{message}</span>
      </form>
      <figure style={{ margin: 0 }}>
        <figcaption className="muted">Spend per learner (USD), highest first</figcaption>
        <div
          role="img"
          aria-label={`Spend per learner: ${data.map((d) => `${d.name} ${usd(d.cost)}`).join(', ')}`}
          style={{ height: 220 }}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" tick={{ fontSize: 12 }} />
              <YAxis tick={{ fontSize: 12 }} />
              <Tooltip formatter={(v) => usd(Number(v))} />
              <Bar dataKey="cost" fill="#2f6fde" name="Spend" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </section>
  );
}

function Timeline({ learnerId, onClose }: { learnerId: string; onClose: () => void }) {
  const [timeline, setTimeline] = useState<LearnerTimeline | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call<LearnerTimeline>(`/api/mentor/learners/${learnerId}/timeline`).then(setTimeline, (err: Error) =>
      setError(err.message),
    );
  }, [learnerId]);
  return (
    <section className="wide" aria-labelledby="timeline-h">
      <h2 id="timeline-h">Timeline{timeline ? ` of ${timeline.displayName}` : ''}</h2>
      <button type="button" onClick={onClose}>
        Close timeline
      </button>
      {error ? <p className="error">{error}</p> : null}
      {timeline ? (
        <table style={{ marginTop: 8 }}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Title</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {timeline.entries.map((e, i) => (
              <tr key={`${e.at}-${i}`}>
                <td>{when(e.at)}</td>
                <td>{e.kind}</td>
                <td>{e.title}</td>
                <td>{e.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p role="status">Loading…</p>
      )}
    </section>
  );
}

function Invite() {
  const [invite, setInvite] = useState<CreateInviteResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const make = () =>
    call<CreateInviteResponse>('/api/mentor/invites', { method: 'POST', body: JSON.stringify({}) }).then(
      setInvite,
      (err: Error) => setError(err.message),
    );
  return (
    <section aria-labelledby="invite-h">
      <h2 id="invite-h">Invite a learner</h2>
      <button type="button" onClick={() => void make()}>
        Make an invite code
      </button>
      {error ? <p className="error">{error}</p> : null}
      {invite ? (
        <p role="status">
          The learner runs{' '}
          <code>
            paige team join {window.location.origin} {invite.code}
          </code>{' '}
          (single use, expires {when(invite.expiresAt)}).
        </p>
      ) : null}
    </section>
  );
}
