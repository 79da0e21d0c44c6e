// Hands the one desk store to components; they select primitives or use useShallow (zustand habit).
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { DeskState, DeskStore } from './store';

const DeskStoreContext = createContext<DeskStore | null>(null);

export function DeskStoreProvider({ store, children }: { store: DeskStore; children: ReactNode }) {
  return <DeskStoreContext.Provider value={store}>{children}</DeskStoreContext.Provider>;
}

export function useDeskStoreApi(): DeskStore {
  const store = useContext(DeskStoreContext);
  if (!store) throw new Error('DeskStoreProvider is missing above this component.');
  return store;
}

export function useDesk<T>(selector: (state: DeskState) => T): T {
  return useStore(useDeskStoreApi(), selector);
}
