import { createBridge, type BridgeTransport } from '../../preload/bridge.ts';
import type { HoiioBridge, PushEventName } from '../../shared/contract.ts';
import type { IpcResult } from '../../shared/errors.ts';

/** Mirrors src/host/protocol.ts (the renderer cannot import host code: it is Node-side). */
const WEBSOCKET_PATH = '/ws';
/** HOST_PAGE_TIMEOUT_MS: the host answers within 60 s; a request unanswered after this fails. */
const REQUEST_TIMEOUT_MS = 70_000;

type ServerFrame = { id: number | null; result: IpcResult<unknown> } | { event: string; payload: unknown };

/**
 * In the browser host there is no preload: this builds the same `window.hoiio` over the
 * host's WebSocket. The session cookie set when the page loaded authorises the socket.
 */
export async function connectBrowserHost(): Promise<HoiioBridge> {
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WEBSOCKET_PATH}`);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('Could not connect to the app host.')), { once: true });
  });
  return createBridge(createSocketTransport(socket));
}

function createSocketTransport(socket: WebSocket): BridgeTransport {
  let nextId = 1;
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const disconnected: IpcResult<never> = {
    ok: false,
    error: { code: 'internal', message: 'Lost the connection to the app host. Restart it and reload this page.' },
  };

  const timedOut: IpcResult<never> = {
    ok: false,
    error: { code: 'internal', message: 'The app host did not answer in time. Please try again.' },
  };

  socket.addEventListener('message', (message: MessageEvent<string>) => {
    const frame = JSON.parse(message.data) as ServerFrame;
    if ('id' in frame) {
      if (frame.id !== null) pending.get(frame.id)?.(frame.result);
    } else {
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const settle of [...pending.values()]) settle(disconnected);
  });

  return {
    invoke(channel, input) {
      if (socket.readyState !== WebSocket.OPEN) return Promise.resolve(disconnected);
      const id = nextId++;
      return new Promise((resolve) => {
        // Exactly one settlement per request: the answer, the timeout or the socket closing.
        const timer = setTimeout(() => settle(timedOut), REQUEST_TIMEOUT_MS);
        const settle = (result: IpcResult<unknown>): void => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(result);
        };
        pending.set(id, settle);
        socket.send(JSON.stringify({ id, channel, input }));
      });
    },
    subscribe(eventName: PushEventName, listener) {
      const set = listeners.get(eventName) ?? new Set();
      listeners.set(eventName, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
