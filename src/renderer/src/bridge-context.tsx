import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { createClient } from '../../shared/client.ts';
import type { HoiioBridge, HoiioClient } from '../../shared/contract.ts';

const ClientContext = createContext<HoiioClient | null>(null);

export function BridgeProvider({ bridge, children }: { bridge: HoiioBridge; children: ReactNode }) {
  const client = useMemo(() => createClient(bridge), [bridge]);
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

/** The typed API over `window.hoiio`, provided once at the root so components never touch globals. */
export function useBridge(): HoiioClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useBridge must be used inside <BridgeProvider>');
  return client;
}
