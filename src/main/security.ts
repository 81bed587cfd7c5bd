/**
 * Pure URL checks for the Electron shell (no electron import, so they are unit-tested
 * under plain Node). Everything not explicitly allowed is refused.
 */

/** Hosts whose https pages may be opened in the user's browser (help and account pages). */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'www.hoiio.com',
  'hoiio.com',
  'developer.hoiio.com',
  'github.com',
];

export interface TrustedOrigins {
  /** `file://.../out/renderer/index.html` in production. */
  readonly rendererFileUrl: string;
  /** The Vite dev server during `electron-vite dev`, if any. */
  readonly devServerUrl?: string | undefined;
}

/** True when `url` is the app's own renderer page: the only frame allowed to call IPC. */
export function isTrustedRendererUrl(url: string, origins: TrustedOrigins): boolean {
  const parsed = safeUrl(url);
  if (!parsed) return false;
  if (parsed.protocol === 'file:') {
    const expected = safeUrl(origins.rendererFileUrl);
    return expected !== undefined && parsed.pathname === expected.pathname;
  }
  const dev = origins.devServerUrl ? safeUrl(origins.devServerUrl) : undefined;
  return dev !== undefined && parsed.origin === dev.origin;
}

/** Only https links to allowlisted hosts, without credentials, may leave the app. */
export function isAllowedExternalUrl(url: string): boolean {
  const parsed = safeUrl(url);
  return (
    parsed !== undefined &&
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    EXTERNAL_LINK_HOSTS.includes(parsed.hostname)
  );
}

function safeUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
