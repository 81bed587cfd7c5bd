/**
 * Networks people work on (issue 14), in the browser host: the core's requests (the Hoiio API,
 * the tunnel's HTTP) honour `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (also lower-case), as curl
 * and most command-line tools read them. Node 24's own proxy support does the work
 * (`http.setGlobalProxyFromEnv`: built-in fetch and http/https requests, CONNECT tunnels); no
 * agent library is needed. The desktop app instead uses Electron's `net.fetch`, which follows the
 * system proxy settings (src/main/index.ts).
 *
 * One rule is added: the loopback addresses 127.0.0.1 and ::1 are never proxied. The embedded
 * sandbox and the notification listener live there, and a proxy on another machine could never
 * reach them. Chromium also bypasses loopback by default. A Hoiio address written with a host
 * name (even `localhost`) follows NO_PROXY like any other.
 */
import http from 'node:http';

type Environment = Readonly<Record<string, string | undefined>>;

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;
/** Always direct: the in-process sandbox and listener (see above). */
export const LOOPBACK_NO_PROXY = ['127.0.0.1', '::1'] as const;

/**
 * The proxy variables to apply, or null when none is set (then nothing changes). NO_PROXY keeps
 * what the user wrote and gains the loopback addresses; both spellings are set to the same list.
 */
export function proxyEnvironment(env: Environment): Record<string, string> | null {
  const proxies = Object.fromEntries(
    PROXY_VARIABLES.flatMap((name) => (env[name]?.trim() ? [[name, env[name]!.trim()]] : [])),
  );
  if (Object.keys(proxies).length === 0) return null;
  const written = (env.NO_PROXY ?? env.no_proxy ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // '*' already bypasses everything; adding entries to it would change nothing.
  const noProxy = written.includes('*') ? written : [...written, ...LOOPBACK_NO_PROXY].filter(unique);
  return { ...proxies, NO_PROXY: noProxy.join(','), no_proxy: noProxy.join(',') };
}

/**
 * Applies the environment's proxy settings to every request of this process (fetch and
 * http/https). Returns the function that restores direct connections, or null when no proxy is
 * set. Throws (Node's ERR_*) when a proxy address is not a URL, so a typo is not silently ignored.
 */
export function useEnvironmentProxy(env: Environment = process.env): (() => void) | null {
  const settings = proxyEnvironment(env);
  if (settings === null) return null;
  return http.setGlobalProxyFromEnv(settings);
}

function unique(value: string, index: number, list: readonly string[]): boolean {
  return list.indexOf(value) === index;
}
