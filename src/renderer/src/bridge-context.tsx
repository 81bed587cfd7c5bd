import { createContext, useContext, type ReactNode } from 'react';
import type { HoiioBridge } from '../../shared/contract.ts';

const BridgeContext = createContext<HoiioBridge | null>(null);

export function BridgeProvider({ bridge, children }: { bridge: HoiioBridge; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

/** The typed `window.hoiio`, provided once at the root so components never touch globals. */
export function useBridge(): HoiioBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge must be used inside <BridgeProvider>');
  return bridge;
}
