/** Short notices in a polite `status` region at the bottom right (save results, errors). */
import type { Toast } from '../state/notifications-store.js';

export function Toasts({ toasts, onDismiss }: { toasts: readonly Toast[]; onDismiss(id: number): void }) {
  return (
    <div role="status" aria-label="Notifications" className="toasts">
      {toasts.map((t) => (
        <div key={t.id} className={`toast kind-${t.kind}`}>
          <span>{t.text}</span>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            aria-label="Dismiss notification"
            onClick={() => onDismiss(t.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
