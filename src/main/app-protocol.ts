/**
 * The privileged `app://` scheme the renderer loads from instead of `file://` (so the
 * GrantFileProtocolExtraPrivileges fuse can be off, and the CSP goes out as a response header).
 * Pure path resolution plus a fetch-style handler over an injected file reader; the shell's
 * `protocol.handle('app', …)` is a one-liner around it. Serves only files of the built renderer,
 * of known types; everything else is refused with a status and the reason.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/security-policy.ts';

export const APP_SCHEME = 'app';
/** The one host of the scheme: `app://renderer/...`. */
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
/** Requests longer than this are refused before parsing. */
export const MAX_APP_URL_LENGTH = 2048;

/** For `protocol.registerSchemesAsPrivileged` (before `ready`): a standard, secure origin. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

/** The types the built renderer consists of; any other extension is not served. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

export type AppPathResult =
  | { ok: true; /** Absolute path inside the renderer folder. */ filePath: string; mimeType: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps `app://renderer/<path>` to a file under `rendererRoot` (absolute). Refuses (400) URLs that
 * do not parse, other schemes/hosts, credentials or ports, controls, backslashes, NUL and bad
 * %-escapes; (403) any `.`/`..` segment or a segment that decodes to a separator or a drive/stream
 * colon, whether raw or %-encoded; (404) unknown file types. `/` is `index.html`.
 */
export function resolveAppPath(requestUrl: string, rendererRoot: string): AppPathResult {
  if (typeof requestUrl !== 'string' || requestUrl.length > MAX_APP_URL_LENGTH) {
    return { ok: false, status: 400, reason: 'request URL too long' };
  }
  // Checked on the raw text: URL parsing would turn `\` into `/` and drop `..` before we could see them.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f\\]/.test(requestUrl)) {
    return { ok: false, status: 400, reason: 'control character or backslash in the URL' };
  }
  const match = /^app:\/\/([^/?#]*)(\/[^?#]*)?(?:[?#].*)?$/i.exec(requestUrl);
  if (!match) return { ok: false, status: 400, reason: 'not an app:// URL' };
  const [, authority = '', rawPath = '/'] = match;
  if (authority.toLowerCase() !== APP_HOST) return { ok: false, status: 400, reason: `unknown host "${authority}"` };

  const segments: string[] = [];
  for (const raw of rawPath.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'malformed %-escape' };
    }
    // eslint-disable-next-line no-control-regex -- a decoded NUL is a traversal trick, refused
    if (segment === '.' || segment === '..' || /[/\\:\u0000]/.test(segment)) {
      return { ok: false, status: 403, reason: 'path traversal attempt' };
    }
    if (segment !== '') segments.push(segment);
  }
  if (segments.length === 0 || rawPath.endsWith('/')) segments.push('index.html');

  const root = path.resolve(rendererRoot);
  const filePath = path.resolve(root, ...segments);
  const relative = path.relative(root, filePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { ok: false, status: 403, reason: 'outside the renderer folder' };
  }
  const mimeType = MIME_TYPES[path.extname(filePath).toLowerCase()];
  if (!mimeType) return { ok: false, status: 404, reason: 'not a file type the renderer has' };
  return { ok: true, filePath, mimeType };
}

/** Headers of every app:// response: the CSP (with frame-ancestors 'none') travels as a real header. */
export function appResponseHeaders(mimeType: string): Record<string, string> {
  return {
    'Content-Type': mimeType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

/**
 * The `protocol.handle` callback: resolves the request, reads the file and answers with the
 * security headers; refusals and missing files get a plain-text status, never a file outside.
 */
export function createAppProtocolHandler(
  rendererRoot: string,
  read: (filePath: string) => Promise<Uint8Array> = readFile,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const resolved = resolveAppPath(request.url, rendererRoot);
    if (!resolved.ok) return plain(resolved.status, resolved.reason);
    try {
      const body = await read(resolved.filePath);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: appResponseHeaders(resolved.mimeType),
      });
    } catch {
      return plain(404, 'not found');
    }
  };
}

function plain(status: number, reason: string): Response {
  return new Response(reason, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
