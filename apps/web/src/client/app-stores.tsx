/**
 * Provides the page's stores ({@link createAppStores}) to every view; built once from the page's client and
 * disposed with the page.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { createAppStores, type AppStores } from '../state/app-stores.js';
import { useViewStores } from './hooks.js';

const StoresContext = createContext<AppStores | null>(null);

export function AppStoresProvider({ children }: { children: ReactNode }) {
  const stores = useViewStores(createAppStores);
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

/** The page's stores. @throws Error outside {@link AppStoresProvider}. */
export function useAppStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useAppStores() must be used inside <AppStoresProvider>');
  return stores;
}
