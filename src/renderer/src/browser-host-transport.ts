import { createBridge, type BridgeTransport } from '../../preload/bridge.ts';
import type { HoiioBridge, PushEventName } from '../../shared/contract.ts';
import type { IpcResult } from '../../shared/errors.ts';
import { requestTimeoutError } from '../../shared/request-timeout.ts';
import { setHostConnection } from './app/host-connection.ts';
import { reconnectDelayMs } from './app/reconnect-policy.ts';

/** Mirrors src/host/protocol.ts (the renderer cannot import host code: it is Node-side). */
const WEBSOCKET_PATH = '/ws';
/**
 * HOST_PAGE_TIMEOUT_MS: the host answers a request or sends a working frame for it (a progress step)
 * within 60 s; a request for which nothing came for this long fails. Silence, not total length.
 */
const REQUEST_TIMEOUT_MS = 70_000;

type ServerFrame =
  | { id: number | null; result: IpcResult<unknown> }
  | { id: number; working: true }
  | { event: string; payload: unknown };

interface Pending {
  settle(result: IpcResult<unknown>): void;
  /** A working frame came: the wait starts again. */
  renew(): void;
}

/**
 * In the browser host there is no preload: this builds the same `window.hoiio` over the
 * host's WebSocket. The session cookie set when the page loaded authorises the socket.
 * When the socket closes (the host stopped or died) the page says so at once (host-connection.ts)
 * and tries again with backoff (reconnect-policy.ts) at the same address with the same cookie:
 * a host restarted with the same token and port is reached again; one that refuses the session
 * (new token) is reported as `replaced`.
 */
export async function connectBrowserHost(): Promise<HoiioBridge> {
  const socket = await openSocket();
  return createBridge(createSocketTransport(socket));
}

function openSocket(): Promise<WebSocket> {
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WEBSOCKET_PATH}`);
  return new Promise<WebSocket>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(socket), { once: true });
    socket.addEventListener('error', () => reject(new Error('Could not connect to the app host.')), { once: true });
  });
}

/**
 * Whether the host at this address still accepts this page's session: `true` (it does, the socket
 * failed for another reason), `false` (it answers 403: it restarted with a new token), `null` (no answer).
 */
async function sessionAccepted(): Promise<boolean | null> {
  try {
    const response = await fetch(`${location.origin}/`, { cache: 'no-store', credentials: 'same-origin' });
    return response.status !== 403;
  } catch {
    return null;
  }
}

function createSocketTransport(firstSocket: WebSocket): BridgeTransport {
  let socket = firstSocket;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const disconnected: IpcResult<never> = {
    ok: false,
    error: { code: 'internal', message: 'Lost the connection to the app host. It is trying to reconnect.' },
  };

  const onMessage = (message: MessageEvent<string>): void => {
    const frame = JSON.parse(message.data) as ServerFrame;
    if ('working' in frame) pending.get(frame.id)?.renew();
    else if ('id' in frame) {
      if (frame.id !== null) pending.get(frame.id)?.settle(frame.result);
    } else {
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
    }
  };

  /** Tries again after each failure, as the policy says, until a socket opens or no attempt is left. */
  const reconnect = async (): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const delayMs = reconnectDelayMs(attempt);
      if (delayMs === null) return setHostConnection({ status: 'gaveUp' });
      setHostConnection({ status: 'reconnecting', attempt });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      try {
        adopt(await openSocket());
        setHostConnection({ status: 'connected' });
        return;
      } catch {
        // A host that answers but refuses the session restarted with a new token: trying again cannot help.
        if ((await sessionAccepted()) === false) return setHostConnection({ status: 'replaced' });
      }
    }
  };

  const adopt = (opened: WebSocket): void => {
    socket = opened;
    opened.addEventListener('message', onMessage);
    opened.addEventListener('close', () => {
      for (const request of [...pending.values()]) request.settle(disconnected);
      void reconnect();
    });
  };
  adopt(firstSocket);

  return {
    invoke(channel, input) {
      if (socket.readyState !== WebSocket.OPEN) return Promise.resolve(disconnected);
      const id = nextId++;
      return new Promise((resolve) => {
        // Exactly one settlement per request: the answer, the timeout (of silence) or the socket closing.
        const timedOut = (): void =>
          settle({ ok: false, error: requestTimeoutError(channel, Math.round(REQUEST_TIMEOUT_MS / 1000)) });
        let timer = setTimeout(timedOut, REQUEST_TIMEOUT_MS);
        const settle = (result: IpcResult<unknown>): void => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(result);
        };
        const renew = (): void => {
          clearTimeout(timer);
          timer = setTimeout(timedOut, REQUEST_TIMEOUT_MS);
        };
        pending.set(id, { settle, renew });
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
