/**
 * "Explain This": each request (`user:explain`, matched to its `explain:response` or `explain:error` by the
 * message id) is one entry; several can be in flight at once. @see Story 11 (Explain), DESIGN section 3 (ids)
 */
import type { ClientPayload, ServerPayload } from '@paige/protocol';
import type { PaigeClient } from '@paige/client';
import { createStore, type Store } from './store.js';

export interface ExplainEntry {
  id: number;
  path: string;
  startLine: number;
  endLine: number;
  /** The first characters of the selection, for the entry's title. */
  excerpt: string;
  status: 'pending' | 'done' | 'error';
  response?: ServerPayload<'explain:response'>;
  error?: string;
}

export interface ExplainStore {
  store: Store<{ entries: ExplainEntry[] }>;
  /** Asks for an explanation of a selection; resolves when the answer (or an error) is in the store. */
  explain(request: ClientPayload<'user:explain'>): Promise<void>;
  remove(id: number): void;
  dispose(): void;
}

/** How long an explanation may take before the entry shows a timeout, ms (the model call retries inside). */
export const EXPLAIN_TIMEOUT_MS = 120_000;
const MAX_ENTRIES = 20;

export function createExplainStore(client: PaigeClient): ExplainStore {
  const store = createStore<{ entries: ExplainEntry[] }>({ entries: [] });
  let next = 1;
  let disposed = false;
  const update = (id: number, patch: Partial<ExplainEntry>) =>
    store.set((s) => ({ entries: s.entries.map((e) => (e.id === id ? { ...e, ...patch } : e)) }));
  return {
    store,
    async explain(request) {
      const id = next++;
      const excerpt = request.selectedText.trim().split('\n')[0]?.slice(0, 80) ?? '';
      const entry: ExplainEntry = {
        id,
        path: request.path,
        startLine: request.range.startLine,
        endLine: request.range.endLine,
        excerpt,
        status: 'pending',
      };
      store.set((s) => ({ entries: [entry, ...s.entries].slice(0, MAX_ENTRIES) }));
      try {
        const reply = await client.request('user:explain', request, { timeoutMs: EXPLAIN_TIMEOUT_MS });
        if (disposed) return;
        if (reply.type === 'explain:response') update(id, { status: 'done', response: reply.payload });
        else if (reply.type === 'explain:error') update(id, { status: 'error', error: reply.payload.error });
        else update(id, { status: 'error', error: reply.payload.message });
      } catch (err) {
        if (!disposed)
          update(id, { status: 'error', error: err instanceof Error ? err.message : String(err) });
      }
    },
    remove(id) {
      store.set((s) => ({ entries: s.entries.filter((e) => e.id !== id) }));
    },
    dispose() {
      disposed = true;
    },
  };
}
