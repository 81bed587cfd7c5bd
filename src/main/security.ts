/**
 * Pure security decisions for the Electron shell (no electron import, so they are unit-tested
 * under plain Node). Everything not explicitly allowed is refused. URLs are parsed, never
 * matched as substrings. The renderer's own origin is `app://renderer` (./app-protocol.ts): no
 * file-path comparison, so the install folder's name (`odd~dir`, `[x]`, a network share) cannot
 * make the sender check refuse the app's own page.
 */
import { APP_HOST } from './app-protocol.ts';

/** Hosts whose https pages may be opened in the user's browser (help and account pages). */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'www.hoiio.com',
  'hoiio.com',
  'developer.hoiio.com',
  'github.com',
];

export interface TrustedOrigins {
  /** The Vite dev server during `electron-vite dev` (never when packaged), if any. */
  readonly devServerUrl?: string | undefined;
}

/** True when `url` is the app's own renderer page: the only frame allowed to call IPC. */
export function isTrustedRendererUrl(url: string, origins: TrustedOrigins): boolean {
  const parsed = safeUrl(url);
  if (!parsed) return false;
  if (parsed.protocol === 'app:') {
    return parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  }
  const dev = origins.devServerUrl ? safeUrl(origins.devServerUrl) : undefined;
  return dev !== undefined && (dev.protocol === 'http:' || dev.protocol === 'https:') && parsed.origin === dev.origin;
}

/** Only https links to allowlisted hosts, without credentials or an explicit port, may leave the app. */
export function isAllowedExternalUrl(url: string): boolean {
  const parsed = safeUrl(url);
  return (
    parsed !== undefined &&
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    EXTERNAL_LINK_HOSTS.includes(parsed.hostname)
  );
}

/** `will-navigate` / `will-redirect` / `will-frame-navigate`: the page may only move within the app. */
export function navigationDecision(url: string, origins: TrustedOrigins): 'allow' | 'deny' {
  return isTrustedRendererUrl(url, origins) ? 'allow' : 'deny';
}

/**
 * `setWindowOpenHandler`: never a new window; an allowlisted https link opens in the browser
 * (`openExternal` set), anything else is dropped.
 */
export function windowOpenDecision(url: string): { action: 'deny'; openExternal?: string } {
  return isAllowedExternalUrl(url) ? { action: 'deny', openExternal: url } : { action: 'deny' };
}

/**
 * Permission requests and checks: only writing plain text to the clipboard (copying a number),
 * and only from the app's own page. Camera, microphone, notifications (main shows them),
 * geolocation, media keys, HID/serial/USB, fullscreen... are all refused.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string, origins: TrustedOrigins): boolean {
  return permission === 'clipboard-sanitized-write' && isTrustedRendererUrl(requestingUrl, origins);
}

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * The IPC sender check: the frame must be the app's own page *and* the window's main frame (a
 * subframe, even of a trusted URL, never talks to the core). The frame may be gone (null).
 */
export function isTrustedIpcSender(
  frame: { url: string; isMainFrame: boolean } | null | undefined,
  origins: TrustedOrigins,
): boolean {
  return frame !== null && frame !== undefined && frame.isMainFrame && isTrustedRendererUrl(frame.url, origins);
}
