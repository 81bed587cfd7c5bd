/**
 * The Hoiio sandbox: a Hoiio-compatible API emulator (hoiio-api.md §7). The app core uses it for sandbox
 * mode and tests start it directly:
 *
 *   const sandbox = await startSandbox({ timeScale: 0.01 });
 *   // POST `${sandbox.baseUrl}/voice/call` with app_id, access_token, dest2 …
 *   await sandbox.close();
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { resolveOptions, type SandboxOptions } from './options.ts';
import { createSandboxServer } from './server.ts';
import { SandboxState } from './state.ts';

export {
  FLAGS,
  FlagError,
  parseFlags,
  SandboxOptionError,
  usage,
  type ResolvedOptions,
  type SandboxOptions,
} from './options.ts';
export { signBody, type Delivery } from './notifier.ts';

export interface StartSandboxOptions extends SandboxOptions {
  /** Receives one line per notable event (call accepted/ended, delivery, internal error). Default: silent. */
  log?: (line: string) => void;
}

export interface SandboxHandle {
  /** `http://127.0.0.1:<port>/open`, no trailing slash. */
  readonly baseUrl: string;
  /** `http://127.0.0.1:<port>/sandbox`: the control API. */
  readonly controlUrl: string;
  readonly port: number;
  readonly appId: string;
  readonly accessToken: string;
  readonly registeredNumber: string;
  /**
   * Stops the server: closes every connection, cancels every timer, abandons in-flight notification
   * deliveries (live calls get no notification). Idempotent; the process is not kept alive afterwards.
   */
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  // Only an IPv6 literal holds a colon (names and IPv4 addresses have none). Not net.isIPv6: its
  // first call compiles a large pattern, ~9 ms of the thread that starts the embedded sandbox,
  // which in the app is the one that answers IPC (issue 8 (d)).
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts a sandbox; rejects with SandboxOptionError on a bad option, or the listen error (EADDRINUSE). */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<SandboxHandle> {
  const { log, ...flags } = options;
  const resolved = resolveOptions(flags);
  const accessToken = resolved.accessToken ?? randomBytes(16).toString('hex');
  const state = new SandboxState(resolved, accessToken, log ?? (() => undefined));
  // Checking the options and creating the server are a few ms each on first use: one task each,
  // as the app starts the sandbox on the thread that answers IPC (issue 8 (d)).
  await new Promise((resolve) => setImmediate(resolve));
  const server = createSandboxServer(state);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(resolved.port, resolved.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    state.close();
    throw error;
  }
  server.on('error', (error) => state.log(`server error: ${error.message}`));

  const { port } = server.address() as AddressInfo;
  const origin = `http://${urlHost(resolved.host)}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    baseUrl: `${origin}/open`,
    controlUrl: `${origin}/sandbox`,
    port,
    appId: resolved.appId,
    accessToken,
    registeredNumber: resolved.registeredNumber,
    close() {
      closing ??= new Promise<void>((resolve) => {
        state.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
