/**
 * The states every model-backed section shares: a loading placeholder (skeleton lines and a polite note of what is
 * coming), an error in place (an `alert` with the server's message, its code, and a retry), and an "updating" note
 * while a section reloads with its previous data still shown.
 */
import type { ReactNode } from 'react';

export function Skeleton({ lines = 3, tall = false }: { lines?: number; tall?: boolean }) {
  return (
    <div aria-hidden="true">
      {Array.from({ length: lines }, (_, i) => (
        <span
          key={i}
          className={`skeleton${tall ? ' is-tall' : ''}${i === lines - 1 && !tall ? ' is-short' : ''}`}
        />
      ))}
    </div>
  );
}

/** A loading placeholder with `text` announced politely (the section is `aria-busy` meanwhile). */
export function SectionLoading({ text, lines, tall }: { text: string; lines?: number; tall?: boolean }) {
  return (
    <div className="section-loading">
      <p className="loading-note" role="status">
        <span className="spinner" aria-hidden="true" />
        {text}
      </p>
      <Skeleton lines={lines} tall={tall} />
    </div>
  );
}

/** A small "updating" note shown beside a section's title while it reloads. */
export function UpdatingNote({ text = 'Updating…' }: { text?: string }) {
  return (
    <span className="loading-note" role="status">
      <span className="spinner" aria-hidden="true" />
      {text}
    </span>
  );
}

/** An error shown where the content would be; `onRetry` adds a "Try again" button. */
export function SectionError({
  message,
  code,
  onRetry,
  retryLabel = 'Try again',
  children,
}: {
  message: string;
  code?: string | null;
  onRetry?: () => void;
  retryLabel?: string;
  children?: ReactNode;
}) {
  return (
    <div className="inline-error" role="alert">
      <p>
        {message}
        {code && (
          <>
            {' '}
            <span className="error-code">({code})</span>
          </>
        )}
        {children}
      </p>
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {retryLabel}
        </button>
      )}
    </div>
  );
}
