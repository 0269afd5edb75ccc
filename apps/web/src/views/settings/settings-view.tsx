/**
 * Settings (`/settings`): for now its one section, "Team" (issue 26 items 2 and 3). Not joined: a form (team server
 * URL, invite code, the learner's name); "Continue" shows exactly what is shared and what never is (from
 * `@paige/team-protocol`'s `SHARED_ITEMS` / `NEVER_SHARED`, the list `paige team join` prints) before "Share and join";
 * a refusal shows the team server's message in place. Joined: the team, its URL, the last delivery, the records
 * waiting, the last failure (refreshed every few seconds while the view is shown), and "Stop sharing" behind a
 * confirmation.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { TeamStatus } from '@paige/protocol';
import { NEVER_SHARED, neverSharedSentence, SHARED_ITEMS } from '@paige/team-protocol';
import { useAppStores } from '../../client/app-stores.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { useStore } from '../../state/store.js';
import { checkJoinForm, type TeamJoinError, type TeamJoinForm } from '../../state/team-store.js';
import { formatAgo } from '../format.js';
import { useNow } from '../use-now.js';
import '../../styles/settings.css';

const NAME_KEY = 'paige:team-display-name';

function savedName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Codes whose message is the team server's own. */
const TEAM_SERVER_REFUSALS = new Set<TeamJoinError['code']>([
  'INVITE_INVALID',
  'INVITE_EXPIRED',
  'INVITE_USED',
  'RATE_LIMITED',
  'TEAM_SERVER_ERROR',
]);

/** Which field an error is about (for `aria-invalid`). */
function fieldOf(error: TeamJoinError | null): keyof TeamJoinForm | null {
  if (!error) return null;
  if (error.code === 'UNREACHABLE') return 'url';
  if (error.code.startsWith('INVITE_')) return 'code';
  if (error.code === 'INVALID_REQUEST') {
    if (/url/i.test(error.message)) return 'url';
    if (/code/i.test(error.message)) return 'code';
    if (/name/i.test(error.message)) return 'displayName';
  }
  return null;
}

function JoinTeam() {
  const { team } = useAppStores();
  const joining = useStore(team.store, (s) => s.joining);
  const joinError = useStore(team.store, (s) => s.joinError);
  const left = useStore(team.store, (s) => s.left);
  const [form, setForm] = useState<TeamJoinForm>(() => ({ url: '', code: '', displayName: savedName() }));
  const [step, setStep] = useState<'form' | 'confirm'>('form');
  const id = useId();
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [moved, setMoved] = useState(false);

  useEffect(() => {
    if (!moved) return;
    if (step === 'confirm') confirmHeading.current?.focus();
    else
      (
        formRef.current?.querySelector<HTMLInputElement>('input[aria-invalid="true"]') ??
        formRef.current?.querySelector<HTMLInputElement>('input')
      )?.focus();
  }, [step, moved]);

  const onContinue = (e: FormEvent) => {
    e.preventDefault();
    const invalid = checkJoinForm(form);
    if (invalid) {
      team.store.set({ joinError: invalid });
      return;
    }
    team.clearJoinError();
    setMoved(true);
    setStep('confirm');
  };
  const onJoin = async () => {
    try {
      localStorage.setItem(NAME_KEY, form.displayName.trim());
    } catch {
      // storage refused: the name is asked again next time
    }
    const ok = await team.join(form);
    if (!ok) setStep('form');
  };
  const invalidField = fieldOf(joinError);
  const field = (name: keyof TeamJoinForm, label: string, hint: string, type = 'text') => (
    <div className="settings-field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        name={name}
        type={type}
        autoComplete={name === 'displayName' ? 'name' : 'off'}
        spellCheck={false}
        value={form[name]}
        onChange={(e) => {
          const value = e.currentTarget.value;
          setForm((f) => ({ ...f, [name]: value }));
        }}
        aria-invalid={invalidField === name || undefined}
        aria-describedby={`${id}-${name}-hint${joinError ? ` ${id}-error` : ''}`}
      />
      <p id={`${id}-${name}-hint`} className="settings-hint">
        {hint}
      </p>
    </div>
  );

  if (step === 'confirm')
    return (
      <div className="settings-confirm" data-step="confirm">
        <h3 ref={confirmHeading} tabIndex={-1}>
          What your team will see
        </h3>
        <p className="settings-sub">
          Joining <strong>{form.url.trim()}</strong> as <strong>{form.displayName.trim()}</strong> sends these
          records from this computer to the team server, and only these:
        </p>
        <div className="settings-lists">
          <section aria-labelledby={`${id}-shared`}>
            <h4 id={`${id}-shared`}>Shared</h4>
            <ul className="settings-shared">
              {SHARED_ITEMS.map((item) => (
                <li key={item.kind}>
                  <strong>{item.label}</strong>: {item.detail}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby={`${id}-never`}>
            <h4 id={`${id}-never`}>Never shared</h4>
            <ul className="settings-never">
              {NEVER_SHARED.map((item) => (
                <li key={item}>{item[0]!.toUpperCase() + item.slice(1)}</li>
              ))}
            </ul>
          </section>
        </div>
        <p className="settings-sub">
          You can stop sharing at any time here, or with <code>paige team leave</code>.
        </p>
        <div className="settings-actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={joining}
            aria-busy={joining}
            onClick={() => void onJoin()}
          >
            {joining ? 'Joining…' : 'Share and join'}
          </button>
          <button
            type="button"
            className="btn"
            disabled={joining}
            onClick={() => {
              team.clearJoinError();
              setStep('form');
            }}
          >
            Cancel
          </button>
        </div>
      </div>
    );

  return (
    <form ref={formRef} className="settings-form" onSubmit={onContinue} noValidate data-step="form">
      <p role="status" className="settings-left">
        {left ? `You stopped sharing with ${left}.` : ''}
      </p>
      <p className="settings-sub">
        Share your progress with your mentor&apos;s team server. Nothing is shared until you confirm on the
        next screen, which lists exactly what is.
      </p>
      {field('url', 'Team server URL', 'The address your mentor gave you, e.g. http://127.0.0.1:3100', 'url')}
      {field('code', 'Invite code', 'It starts with pti_ and works once.')}
      {field('displayName', 'Your name', 'How your mentor sees you (at most 60 characters).')}
      {joinError && (
        <p id={`${id}-error`} role="alert" className="section-error">
          {joinError.code === 'UNREACHABLE'
            ? `The team server did not answer: check the URL. (${joinError.message})`
            : TEAM_SERVER_REFUSALS.has(joinError.code)
              ? `The team server refused: ${joinError.message}`
              : joinError.message}
        </p>
      )}
      <div className="settings-actions">
        <button type="submit" className="btn btn-primary">
          Continue
        </button>
      </div>
    </form>
  );
}

function JoinedTeam({ status }: { status: TeamStatus }) {
  const { team } = useAppStores();
  const leaving = useStore(team.store, (s) => s.leaving);
  const leaveError = useStore(team.store, (s) => s.leaveError);
  const [asking, setAsking] = useState(false);
  const now = useNow(5_000);
  const name = status.teamName ?? 'your team';
  const delivered = status.lastDeliveredAt ? formatAgo(status.lastDeliveredAt, now) : 'not yet';
  return (
    <div className="settings-joined" data-step="joined">
      <p className="settings-sharing">
        <span className="team-dot" aria-hidden="true" />
        <span>
          Sharing with <strong>{name}</strong>
        </span>
      </p>
      <dl className="settings-facts">
        <dt>Team server</dt>
        <dd>
          <code>{status.teamUrl}</code>
        </dd>
        <dt>Last delivered</dt>
        <dd data-testid="team-last-delivered">{delivered}</dd>
        <dt>Waiting</dt>
        <dd data-testid="team-waiting">
          {status.waiting} {status.waiting === 1 ? 'record' : 'records'} waiting
        </dd>
      </dl>
      {status.lastError && (
        <p className="section-error" data-testid="team-last-error">
          The last delivery failed; Paige keeps the records and retries: {status.lastError}
        </p>
      )}
      <p className="settings-sub">
        Shared: {SHARED_ITEMS.map((i) => i.label).join(', ')}. {neverSharedSentence()}
      </p>
      {leaveError && (
        <p role="alert" className="section-error">
          Stopping failed: {leaveError}
        </p>
      )}
      <div className="settings-actions">
        <button type="button" className="btn" disabled={leaving} onClick={() => setAsking(true)}>
          {leaving ? 'Stopping…' : 'Stop sharing'}
        </button>
      </div>
      <ConfirmDialog
        open={asking}
        title={`Stop sharing with ${name}?`}
        choices={[
          { value: 'keep', label: 'Keep sharing' },
          { value: 'stop', label: 'Stop sharing', primary: true },
        ]}
        cancelValue="keep"
        onAnswer={(answer) => {
          setAsking(false);
          if (answer === 'stop') void team.leave();
        }}
      >
        <p>
          Paige stops sending your progress to {name} and deletes its token on this computer.
          {status.waiting > 0
            ? ` The ${status.waiting} ${status.waiting === 1 ? 'record' : 'records'} still waiting will not be sent.`
            : ''}{' '}
          What the team server already has stays there.
        </p>
      </ConfirmDialog>
    </div>
  );
}

export function SettingsView() {
  const { team } = useAppStores();
  const status = useStore(team.store, (s) => s.status);
  // Refresh the sharing status while the view is shown (last delivered, waiting).
  useEffect(() => team.watch(), [team]);
  // After joining or leaving here, the section's content is replaced: keep the keyboard focus in it.
  const heading = useRef<HTMLHeadingElement>(null);
  const wasJoined = useRef<boolean | null>(null);
  const joined = status?.joined ?? null;
  useEffect(() => {
    if (joined === null) return;
    if (
      wasJoined.current !== null &&
      wasJoined.current !== joined &&
      heading.current?.closest('section')?.contains(document.activeElement) !== true
    )
      heading.current?.focus();
    wasJoined.current = joined;
  }, [joined]);
  return (
    <main className="settings" aria-labelledby="settings-title">
      <div className="settings-inner">
        <h1 id="settings-title" className="settings-title" tabIndex={-1} data-view-heading>
          Settings
        </h1>
        <section className="settings-card" aria-labelledby="team-heading">
          <h2 id="team-heading" ref={heading} tabIndex={-1}>
            Team
          </h2>
          {status === null ? (
            <p className="empty" role="status">
              Loading the sharing status…
            </p>
          ) : status.joined ? (
            <JoinedTeam status={status} />
          ) : (
            <JoinTeam />
          )}
        </section>
      </div>
    </main>
  );
}
