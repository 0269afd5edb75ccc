/**
 * The quiet check-in breadcrumb (issue 23 item 3; design-brainstorm "Hidden Nudge UX: The Thinking Block Pattern"):
 * in the terminal's bar, "Paige is observing…" (a live status) while Claude Code answers a check-in, and a
 * "Paige checked in, 2 min ago" button that opens a panel over the terminal with what the Observer signalled (in
 * plain words, with its confidence and context) and what Paige answered (the recorded excerpt). Escape or the button
 * closes it. The terminal itself is never hidden or rewritten.
 */
import { SIGNAL_WORDS, type CheckInRecord } from '@paige/client/pty';
import { useId, useRef, useState } from 'react';
import { formatAgo } from '../views/format.js';
import { useNow } from '../views/use-now.js';

const STATUS_TEXT: Record<CheckInRecord['status'], string> = {
  answering: 'Paige is still answering in the terminal…',
  answered: '',
  timed_out: 'The answer was still coming after two minutes; this is its start.',
  interrupted: 'The terminal session ended (or a newer check-in began) before the answer was finished.',
};

function CheckInDetails({ record }: { record: CheckInRecord }) {
  const c = record.context;
  const rows: Array<[string, string]> = [];
  rows.push(['Confidence', `${Math.round(record.confidence * 100)}%`]);
  if (c.current_file)
    rows.push(['Your file', c.time_in_file ? `${c.current_file} (for ${c.time_in_file})` : c.current_file]);
  else if (c.time_in_file) rows.push(['Time', c.time_in_file]);
  if (c.expected_file && c.expected_file !== c.current_file) rows.push(['Expected file', c.expected_file]);
  if (c.phase_description) rows.push(['Current step', c.phase_description]);
  return (
    <>
      <h3 className="checkin-heading">What Paige noticed</h3>
      <p className="checkin-signal">{SIGNAL_WORDS[record.signal]}</p>
      <dl className="checkin-context">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h3 className="checkin-heading">What Paige answered</h3>
      {record.status === 'answering' ? (
        <p className="checkin-muted">{STATUS_TEXT.answering}</p>
      ) : record.answer ? (
        <pre className="checkin-answer" data-testid="check-in-answer">
          {record.answer}
        </pre>
      ) : (
        <p className="checkin-muted">Nothing was recorded from the terminal.</p>
      )}
      {record.status !== 'answering' && STATUS_TEXT[record.status] && (
        <p className="checkin-muted">{STATUS_TEXT[record.status]}</p>
      )}
      {record.truncated && record.status === 'answered' && (
        <p className="checkin-muted">Shortened: the full answer is in the terminal.</p>
      )}
    </>
  );
}

/** The breadcrumb of the latest check-in (nothing before the first). */
export function CheckInBreadcrumb({ checkIns }: { checkIns: readonly CheckInRecord[] }) {
  const latest = checkIns.at(-1) ?? null;
  const [open, setOpen] = useState(false);
  const now = useNow(15_000);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const answering = latest?.status === 'answering';
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <span className="checkin">
      <span
        className={`terminal-checkin${answering ? ' is-active' : ''}`}
        role="status"
        aria-label="Paige check-in"
      >
        {answering ? 'Paige is observing…' : ''}
      </span>
      {latest && (
        <button
          ref={button}
          type="button"
          className="checkin-crumb"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((v) => !v)}
          data-check-in={latest.id}
        >
          <span aria-hidden="true" className="checkin-caret">
            {open ? '▾' : '▸'}
          </span>
          Paige checked in, {formatAgo(latest.at, now)}
        </button>
      )}
      {latest && open && (
        <section
          id={panelId}
          className="checkin-panel"
          role="region"
          aria-label="Paige's check-in"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
          }}
        >
          <CheckInDetails record={latest} />
          <button type="button" className="btn btn-small btn-ghost checkin-close" onClick={close}>
            Close
          </button>
        </section>
      )}
    </span>
  );
}
