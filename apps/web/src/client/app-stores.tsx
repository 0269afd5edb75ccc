/**
 * Provides the page's stores ({@link createAppStores}) to every view. They are made outside React with the page's
 * client (`main.tsx`) and live as long as the page, so `<StrictMode>`'s simulated unmount and `<Activity>`'s hidden
 * views never dispose them (issue 25 item 3).
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { AppStores } from '../state/app-stores.js';

const StoresContext = createContext<AppStores | null>(null);

export function AppStoresProvider({ children, stores }: { children: ReactNode; stores: AppStores }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

/** The page's stores. @throws Error outside {@link AppStoresProvider}. */
export function useAppStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useAppStores() must be used inside <AppStoresProvider>');
  return stores;
}
