/** Whether the view a component belongs to is the one on screen (views stay mounted, hidden, once visited). */
import { createContext, useContext } from 'react';

export const ViewActiveContext = createContext(true);

/** True while the enclosing view is shown. */
export function useViewActive(): boolean {
  return useContext(ViewActiveContext);
}
