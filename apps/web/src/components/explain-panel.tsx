/**
 * Explanations of selected code (`user:explain` -> `explain:response` / `explain:error`), newest first, each with
 * its key concepts; several may be pending at once. @see Story 11 (Explain This)
 */
import type { ExplainEntry } from '../state/explain-store.js';

export function ExplainPanel({
  entries,
  onRemove,
  onOpen,
}: {
  entries: readonly ExplainEntry[];
  onRemove(id: number): void;
  onOpen(path: string, line: number): void;
}) {
  return (
    <div role="region" aria-label="Explanations" className="explain-panel">
      {entries.length === 0 && (
        <p className="empty">Select code in the editor and press “Explain this” (Ctrl+Shift+E).</p>
      )}
      {entries.map((e) => (
        <article
          key={e.id}
          className={`explain-entry status-${e.status}`}
          aria-busy={e.status === 'pending'}
          aria-labelledby={`explain-${e.id}`}
        >
          <header className="explain-head">
            <h3 id={`explain-${e.id}`} className="explain-title">
              <button
                type="button"
                className="btn btn-ghost btn-small"
                onClick={() => onOpen(e.path, e.startLine)}
              >
                {e.path}:{e.startLine}
                {e.endLine !== e.startLine ? `-${e.endLine}` : ''}
              </button>
              <code className="explain-excerpt">{e.excerpt}</code>
            </h3>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              aria-label={`Remove the explanation of ${e.path}:${e.startLine}`}
              onClick={() => onRemove(e.id)}
            >
              ×
            </button>
          </header>
          {e.status === 'pending' && <p className="explain-pending">Paige is reading this code…</p>}
          {e.status === 'error' && <p className="explain-error">Could not explain this: {e.error}</p>}
          {e.status === 'done' && e.response && (
            <div className="explain-body">
              <p className="explain-text">{e.response.explanation}</p>
              {e.response.keyConcepts.length > 0 && (
                <ul className="explain-concepts" aria-label="Key concepts">
                  {e.response.keyConcepts.map((c) => (
                    <li key={c} className="badge">
                      {c}
                    </li>
                  ))}
                </ul>
              )}
              {e.response.analogy && <p className="explain-analogy">Analogy: {e.response.analogy}</p>}
              {e.response.phaseConnection && (
                <p className="explain-phase">For this phase: {e.response.phaseConnection}</p>
              )}
              {e.response.relatedFiles && e.response.relatedFiles.length > 0 && (
                <p className="explain-related">
                  Related:{' '}
                  {e.response.relatedFiles.map((f) => (
                    <button
                      key={f}
                      type="button"
                      className="btn btn-ghost btn-small"
                      onClick={() => onOpen(f, 1)}
                    >
                      {f}
                    </button>
                  ))}
                </p>
              )}
            </div>
          )}
        </article>
      ))}
    </div>
  );
}
