/**
 * The two kinds of account calls are placed with. Sandbox: the embedded emulator, whose
 * notifications go straight to the listener on loopback. Live: the user's Hoiio account,
 * notified through the public tunnel while it is up, polled otherwise.
 */
import type { NotificationListener } from '../notify/listener.ts';
import type { HoiioClient } from '../hoiio/client.ts';
import type { CallBackend } from '../calls/ports.ts';

/** The sandbox: it knows its registered number, and the listener is reachable directly on loopback. */
export function createSandboxBackend(
  client: HoiioClient,
  registeredNumber: string,
  listener: NotificationListener,
): CallBackend & { close(): void } {
  const origin = (): string => `http://127.0.0.1:${listener.port()}`;
  return {
    mode: 'sandbox',
    client,
    registeredNumber: () => Promise.resolve(registeredNumber),
    notifyUrlFor(callId) {
      listener.register(callId);
      return origin() + listener.notifyPath(callId);
    },
    stillReaches: (notifyUrl) => notifyUrl.startsWith(`${origin()}/`),
    notifyUrlRefused: () => undefined,
    release: (callId) => listener.unregister(callId),
    close: () => client.close(),
  };
}

/** Where the public tunnel currently ends, or null while it is not up. */
export interface PublicUrlSource {
  currentUrl(): string | null;
}

/** The user's live account: notify URLs through the tunnel while it is up. */
export function createLiveBackend(
  client: HoiioClient,
  listener: NotificationListener,
  tunnel: PublicUrlSource | null,
): CallBackend & { close(): void } {
  let registeredNumber: Promise<string> | null = null;
  let refusedBase: string | null = null;
  const publicBase = (): string | null => tunnel?.currentUrl()?.replace(/\/+$/, '') ?? null;

  return {
    mode: 'live',
    client,
    registeredNumber() {
      registeredNumber ??= client.getInfo().then((info) => info.mobileNumber);
      // A failed look-up must not stick: the next call asks again.
      void registeredNumber.catch(() => (registeredNumber = null));
      return registeredNumber;
    },
    notifyUrlFor(callId) {
      const base = publicBase();
      if (base === null || base === refusedBase) return null;
      listener.register(callId);
      return base + listener.notifyPath(callId);
    },
    stillReaches(notifyUrl) {
      const base = publicBase();
      return base !== null && notifyUrl.startsWith(`${base}/`);
    },
    notifyUrlRefused(notifyUrl) {
      const base = publicBase();
      if (base !== null && notifyUrl.startsWith(`${base}/`)) refusedBase = base;
    },
    release: (callId) => listener.unregister(callId),
    close: () => client.close(),
  };
}
