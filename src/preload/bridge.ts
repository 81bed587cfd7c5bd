// Names only (plain data): the preload must not bundle the contract's schemas (zod, libphonenumber).
import { channelName, OPERATION_NAMES, PUSH_EVENT_NAMES } from '../shared/channels.ts';
import type { HoiioBridge, PushEventName } from '../shared/contract.ts';
import type { IpcResult } from '../shared/errors.ts';

/**
 * How the bridge reaches main: Electron's ipcRenderer in the preload, a WebSocket in the
 * browser host. The transport is private to the bridge; the page only ever sees the named
 * functions built below.
 */
export interface BridgeTransport {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  subscribe(eventName: PushEventName, listener: (payload: unknown) => void): () => void;
}

/** Builds `window.hoiio` from the contract: one named async function per operation. */
export function createBridge(transport: BridgeTransport): HoiioBridge {
  const namespaces = Object.fromEntries(
    Object.entries(OPERATION_NAMES).map(([namespace, operations]) => [
      namespace,
      Object.freeze(
        Object.fromEntries(
          operations.map((name) => [name, (input: unknown) => transport.invoke(channelName(namespace, name), input)]),
        ),
      ),
    ]),
  );
  const on = Object.fromEntries(
    PUSH_EVENT_NAMES.map((eventName) => [
      eventName,
      (listener: (payload: unknown) => void) => transport.subscribe(eventName as PushEventName, listener),
    ]),
  );
  return Object.freeze({ ...namespaces, on: Object.freeze(on) }) as unknown as HoiioBridge;
}
