/**
 * Keeps a public localtunnel URL pointing at the notification listener, and says honestly when it
 * does not. States: `down` (stopped), `connecting`, `up` (with the URL), `degraded` (not working,
 * retrying; with the reason and the last URL that worked). It reconnects with exponential backoff and
 * jitter, and probes its own public URL end to end (through the tunnel server to the listener) on a
 * timer, after resume and after network changes, because the tunnel can drop silently. The URL may
 * change after a reconnect: new calls must read currentUrl() when they are placed.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { PROBE_PATH_PREFIX } from './listener.ts';
import { httpRequest } from './loopback-http.ts';
import { isValidSubdomain, randomSubdomain, registerTunnel } from './tunnel-registration.ts';
import { TunnelSession } from './tunnel-session.ts';

export type TunnelState =
  | { status: 'down' }
  | { status: 'connecting'; attempt: number }
  | { status: 'up'; url: string }
  | { status: 'degraded'; reason: string; lastUrl: string | null; retryInMs: number };

export interface TunnelTimers {
  /** Registration request to the tunnel server. */
  requestTimeoutMs: number;
  /** From registration to the first tunnel connection. */
  connectTimeoutMs: number;
  probeIntervalMs: number;
  probeTimeoutMs: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export interface TunnelSupervisorOptions {
  /** The notification listener's port on `localHost`. */
  localPort: number;
  /** Default `https://localtunnel.me`; tests pass `http://localhost:<port>`. */
  serverUrl?: string;
  /** Default 127.0.0.1, where the listener listens. */
  localHost?: string;
  /**
   * Asked for on every (re)connect; the server hands out another one when it is taken. Must match
   * localtunnel's rule (4+ characters). Default: a random `hoiio-…` name kept for this supervisor's life.
   */
  subdomain?: string;
  timers?: Partial<TunnelTimers>;
  /** Source of jitter, [0, 1). */
  random?: () => number;
}

export interface TunnelSupervisorEvents {
  state: [TunnelState];
}

export const DEFAULT_TUNNEL_SERVER = 'https://localtunnel.me';
const DEFAULT_TIMERS: TunnelTimers = {
  requestTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  probeIntervalMs: 30_000,
  probeTimeoutMs: 10_000,
  initialBackoffMs: 1_000,
  maxBackoffMs: 60_000,
};

/** Exponential backoff with "equal jitter": between half and all of min(max, initial * 2^(n-1)). */
export function backoffDelay(failures: number, timers: TunnelTimers, random: () => number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(timers.maxBackoffMs, timers.initialBackoffMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class TunnelSupervisor extends EventEmitter<TunnelSupervisorEvents> {
  readonly #serverUrl: string;
  readonly #localHost: string;
  readonly #localPort: number;
  readonly #subdomain: string;
  readonly #timers: TunnelTimers;
  readonly #random: () => number;

  #state: TunnelState = { status: 'down' };
  /** Bumped by every new attempt and by stop(): async work from an older one is ignored. */
  #generation = 0;
  #abort = new AbortController();
  #session: TunnelSession | null = null;
  #timer: NodeJS.Timeout | null = null;
  #failures = 0;
  #lastUrl: string | null = null;
  #probing = false;

  constructor(options: TunnelSupervisorOptions) {
    super();
    if (options.subdomain !== undefined && !isValidSubdomain(options.subdomain)) {
      throw new RangeError('subdomain must be 4-63 lowercase letters, digits or inner hyphens');
    }
    this.#serverUrl = options.serverUrl ?? DEFAULT_TUNNEL_SERVER;
    const protocol = new URL(this.#serverUrl).protocol;
    if (protocol !== 'http:' && protocol !== 'https:') throw new RangeError('serverUrl must be http(s)');
    this.#localHost = options.localHost ?? '127.0.0.1';
    this.#localPort = options.localPort;
    this.#subdomain = options.subdomain ?? randomSubdomain();
    this.#timers = { ...DEFAULT_TIMERS, ...options.timers };
    this.#random = options.random ?? Math.random;
  }

  state(): TunnelState {
    return this.#state;
  }

  /** The public origin to build `notify_url` from, or null when the tunnel is not known to work. */
  currentUrl(): string | null {
    return this.#state.status === 'up' ? this.#state.url : null;
  }

  /** Starts connecting; progress is reported through `state` events. */
  start(): void {
    if (this.#state.status !== 'down') return;
    this.#failures = 0;
    void this.#connect();
  }

  /** Cancels every timer and request and closes every tunnel connection. */
  stop(): void {
    this.#invalidate();
    this.#setState({ status: 'down' });
  }

  /** After sleep/resume: the tunnel probably died silently. */
  notifyResumed(): void {
    this.#checkNow();
  }

  /** After a network change: connections may be bound to an interface that is gone. */
  notifyNetworkChanged(): void {
    this.#checkNow();
  }

  #checkNow(): void {
    if (this.#state.status === 'up') {
      void this.#probe();
    } else if (this.#state.status === 'degraded') {
      this.#failures = 0; // the network may be back: retry at once, then back off from the start
      void this.#connect();
    }
  }

  async #connect(): Promise<void> {
    const generation = this.#invalidate();
    const signal = this.#abort.signal;
    this.#setState({ status: 'connecting', attempt: this.#failures + 1 });
    try {
      const registration = await registerTunnel(
        this.#serverUrl,
        this.#subdomain,
        this.#timers.requestTimeoutMs,
        signal,
      );
      if (generation !== this.#generation) return;
      const session = new TunnelSession({
        remoteHost: registration.remoteHost,
        remotePort: registration.remotePort,
        localHost: this.#localHost,
        localPort: this.#localPort,
        maxConnections: registration.maxConnections,
      });
      this.#session = session;
      session.once('failed', (reason) => this.#onSessionFailed(generation, reason));
      await session.open(this.#timers.connectTimeoutMs);
      await probeEndToEnd(registration.publicUrl, this.#timers.probeTimeoutMs, signal);
      if (generation !== this.#generation) return;
      this.#failures = 0;
      this.#lastUrl = registration.publicUrl;
      this.#setState({ status: 'up', url: registration.publicUrl });
      this.#scheduleProbe();
    } catch (error) {
      if (generation === this.#generation) this.#degrade(describe(error));
    }
  }

  async #probe(): Promise<void> {
    if (this.#probing || this.#state.status !== 'up') return;
    const { url } = this.#state;
    const generation = this.#generation;
    this.#clearTimer();
    this.#probing = true;
    try {
      await probeEndToEnd(url, this.#timers.probeTimeoutMs, this.#abort.signal);
      if (generation === this.#generation) this.#scheduleProbe();
    } catch (error) {
      if (generation === this.#generation) this.#degrade(`probe failed: ${describe(error)}`);
    } finally {
      this.#probing = false;
    }
  }

  #onSessionFailed(generation: number, reason: string): void {
    // While connecting, open() rejects with the same reason and #connect reports it.
    if (generation === this.#generation && this.#state.status === 'up') this.#degrade(reason);
  }

  /** Reports the failure, drops the tunnel and schedules the next attempt. */
  #degrade(reason: string): void {
    this.#invalidate();
    this.#failures += 1;
    const retryInMs = backoffDelay(this.#failures, this.#timers, this.#random);
    this.#setState({ status: 'degraded', reason, lastUrl: this.#lastUrl, retryInMs });
    this.#timer = setTimeout(() => void this.#connect(), retryInMs);
  }

  #scheduleProbe(): void {
    this.#clearTimer();
    this.#timer = setTimeout(() => void this.#probe(), this.#timers.probeIntervalMs);
  }

  /** Ends the current attempt: timer, in-flight requests, tunnel connections. Returns the new generation. */
  #invalidate(): number {
    this.#generation += 1;
    this.#clearTimer();
    this.#abort.abort();
    this.#abort = new AbortController();
    this.#session?.close();
    this.#session = null;
    return this.#generation;
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #setState(state: TunnelState): void {
    this.#state = state;
    try {
      this.emit('state', state);
    } catch (error) {
      // A throwing consumer must not leave the supervisor half-way through a transition.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

/** GET <publicUrl>/hoiio/probe/<random>: only the listener, reached through the tunnel, echoes it. */
async function probeEndToEnd(publicUrl: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const nonce = randomBytes(16).toString('base64url');
  const response = await httpRequest(`${publicUrl}${PROBE_PATH_PREFIX}${nonce}`, {
    timeoutMs,
    maxResponseBytes: 1024,
    signal,
    // localtunnel.me shows a reminder page to browser-like clients unless this header is set.
    headers: { 'bypass-tunnel-reminder': '1', 'user-agent': 'HoiioClickToCall-probe/1' },
  });
  if (response.status !== 200 || response.body.toString('utf8') !== nonce) {
    throw new Error(`probe answered ${response.status}`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
