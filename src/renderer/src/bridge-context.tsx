import { createContext, useContext, type ReactNode } from 'react';
import { createClient } from '../../shared/client.ts';
import type { HoiioBridge, HoiioClient } from '../../shared/contract.ts';

const ClientContext = createContext<HoiioClient | null>(null);

/** The throwing client over `window.hoiio` (see createClient). */
export function clientFor(bridge: HoiioBridge): HoiioClient {
  return createClient(bridge);
}

export function BridgeProvider({ client, children }: { client: HoiioClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

/** The typed API over `window.hoiio`, provided once at the root so components never touch globals. */
export function useBridge(): HoiioClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useBridge must be used inside <BridgeProvider>');
  return client;
}
