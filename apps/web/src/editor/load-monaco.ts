/**
 * Loads Monaco once, on demand (its own chunk), so the first render of the page does not wait for it.
 */
import type * as MonacoModule from './monaco.js';

export type LoadedMonaco = typeof MonacoModule;

let loading: Promise<LoadedMonaco> | undefined;

/** Resolves with the Monaco module (the first call starts the download). */
export function loadMonaco(): Promise<LoadedMonaco> {
  loading ??= import('./monaco.js');
  return loading;
}
