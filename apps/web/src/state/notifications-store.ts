/**
 * Toasts: short notices (save results, errors, Paige's unanchored messages) shown for a few seconds in a
 * `status` region. View state only.
 */
import { createStore, type Store } from './store.js';

export type ToastKind = 'info' | 'hint' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

export interface NotificationStore {
  store: Store<{ toasts: Toast[] }>;
  /** Shows `text` for `ms` milliseconds (default 6 s; errors 10 s). */
  notify(kind: ToastKind, text: string, ms?: number): void;
  dismiss(id: number): void;
  dispose(): void;
}

export function createNotificationStore(): NotificationStore {
  const store = createStore<{ toasts: Toast[] }>({ toasts: [] });
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let next = 1;
  const dismiss = (id: number) => store.set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  return {
    store,
    notify(kind, text, ms = kind === 'error' ? 10_000 : 6_000) {
      const id = next++;
      store.set((s) => ({ toasts: [...s.toasts, { id, kind, text }].slice(-5) }));
      const timer = setTimeout(() => {
        timers.delete(timer);
        dismiss(id);
      }, ms);
      timers.add(timer);
    },
    dismiss,
    dispose() {
      for (const t of timers) clearTimeout(t);
    },
  };
}
