/**
 * notify_url checks and end-of-call notifications (hoiio-api.md §5, §7.6).
 *
 * Host resolution: `localhost` and `*.localhost` → 127.0.0.1 without DNS (delivery keeps the URL's Host
 * header, so a local tunnel server can route it); IP literals → themselves; `*.invalid` never resolves;
 * anything else → the system resolver with a 2 s timeout. Certificates are never verified.
 */
import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { TimerSet } from './timers.ts';

const MAX_URL_LENGTH = 4000;
const DNS_TIMEOUT_MS = 2000;
const USER_AGENT = 'HoiioSandbox/1';

/** One delivery attempt, as the control API's notification log shows it (§7.9). */
export interface Delivery {
  txn_ref: string;
  url: string;
  body: string;
  signature: string;
  /** When the attempt started, ISO 8601 UTC. */
  sentAt: string;
  httpStatus: number | null;
  error: string | null;
  elapsedMs: number;
}

/** Lowercase hex HMAC-SHA256 of the body bytes, keyed by the access token (§5). */
export function signBody(body: string, accessToken: string): string {
  return createHmac('sha256', accessToken).update(body, 'utf8').digest('hex');
}

/** Serialises fields like URLSearchParams (space → `+`, `+` → `%2B`, `:` → `%3A`), in the given order. */
export function encodeForm(fields: ReadonlyArray<readonly [string, string]>): string {
  return new URLSearchParams(fields as [string, string][]).toString();
}

/** The URL when it passes check 1 of §7.6 (length, WHATWG syntax, http/https, a host), else null. */
export function parseNotifyUrl(text: string): URL | null {
  if (text.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  return url;
}

function bareHost(hostname: string): string {
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return host.toLowerCase();
}

function defaultPort(url: URL): number {
  return url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/** Outbound network work of one sandbox instance; close() abandons everything in flight. */
export class Notifier {
  readonly #timers: TimerSet;
  readonly #notifyTimeoutMs: number;
  readonly #tlsTimeoutMs: number;
  readonly #sockets = new Set<{ destroy(): void }>();
  readonly #log: Delivery[] = [];
  /** Bumped by abandonAll(): attempts started in an older generation are not logged. */
  #generation = 0;

  constructor(timers: TimerSet, options: { notifyTimeoutMs: number; tlsTimeoutMs: number }) {
    this.#timers = timers;
    this.#notifyTimeoutMs = options.notifyTimeoutMs;
    this.#tlsTimeoutMs = options.tlsTimeoutMs;
  }

  /** Every finished delivery attempt, oldest first. */
  get log(): readonly Delivery[] {
    return this.#log;
  }

  /** Resolves a URL host name to an IP address per §7.6, or null when it does not resolve. */
  async resolve(hostname: string): Promise<string | null> {
    const host = bareHost(hostname).replace(/\.$/, '');
    if (host === 'localhost' || host.endsWith('.localhost')) return '127.0.0.1';
    if (isIP(host) !== 0) return host;
    if (host === 'invalid' || host.endsWith('.invalid')) return null;
    const generation = this.#generation;
    let timer;
    try {
      const timeout = new Promise<null>((resolve) => {
        timer = this.#timers.set(() => resolve(null), DNS_TIMEOUT_MS);
      });
      const answer = lookup(host).then(
        (result) => result.address,
        () => null,
      );
      const address = await Promise.race([answer, timeout]);
      return generation === this.#generation ? address : null;
    } finally {
      this.#timers.clear(timer);
    }
  }

  /**
   * The full §7.6 check of a notify_url: null when usable, else the error status. `url` must already
   * have passed parseNotifyUrl().
   */
  async check(url: URL): Promise<string | null> {
    const address = await this.resolve(url.hostname);
    if (address === null) return 'error_unable_to_resolve_notify_url';
    if (url.protocol === 'https:' && !(await this.#handshake(url, address))) {
      return 'error_unable_to_complete_ssl_handshake_notify_url';
    }
    return null;
  }

  /** TCP connect plus a TLS handshake (SNI = the host name) within --tls-timeout-ms. */
  #handshake(url: URL, address: string): Promise<boolean> {
    const host = bareHost(url.hostname);
    return new Promise((resolve) => {
      const socket = tls.connect({
        host: address,
        port: defaultPort(url),
        ...(isIP(host) === 0 ? { servername: host } : {}),
        rejectUnauthorized: false,
      });
      this.#sockets.add(socket);
      const done = (ok: boolean): void => {
        this.#sockets.delete(socket);
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(this.#tlsTimeoutMs, () => done(false));
      socket.once('secureConnect', () => done(true));
      socket.once('error', () => done(false));
      socket.once('close', () => done(false));
    });
  }

  /**
   * POSTs one notification to `url` exactly as given and logs the attempt when it finishes. Never
   * rejects; never retries; follows no redirects; anything but HTTP 200 is a failure.
   */
  async deliver(txnRef: string, url: string, body: string, signature: string): Promise<Delivery> {
    const generation = this.#generation;
    const sentAt = new Date();
    const started = performance.now();
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      const target = new URL(url);
      const address = await this.resolve(target.hostname);
      if (address === null) {
        error = `unable to resolve host ${target.hostname}`;
      } else {
        httpStatus = await this.#post(target, address, body, signature);
        if (httpStatus !== 200) {
          error =
            httpStatus >= 300 && httpStatus < 400
              ? `HTTP ${httpStatus} (redirects are not followed)`
              : `HTTP ${httpStatus}`;
        }
      }
    } catch (caught) {
      error = errorText(caught);
    }
    const delivery: Delivery = {
      txn_ref: txnRef,
      url,
      body,
      signature,
      sentAt: sentAt.toISOString(),
      httpStatus,
      error,
      elapsedMs: Math.round(performance.now() - started),
    };
    if (generation === this.#generation) this.#log.push(delivery);
    return delivery;
  }

  #post(url: URL, address: string, body: string, signature: string): Promise<number> {
    const host = bareHost(url.hostname);
    const payload = Buffer.from(body, 'utf8');
    return new Promise((resolve, reject) => {
      let status: number | undefined;
      const options: https.RequestOptions = {
        method: 'POST',
        host: address,
        port: defaultPort(url),
        path: `${url.pathname}${url.search}`,
        headers: {
          Host: url.host,
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': String(payload.length),
          'User-Agent': USER_AGENT,
          'X-Hoiio-Signature': signature,
        },
        agent: false,
        ...(url.protocol === 'https:'
          ? { rejectUnauthorized: false, ...(isIP(host) === 0 ? { servername: host } : {}) }
          : {}),
      };
      const request = (url.protocol === 'https:' ? https : http).request(options);
      const tracked = { destroy: () => request.destroy(new Error('abandoned')) };
      this.#sockets.add(tracked);
      const timer = this.#timers.set(
        () => request.destroy(new Error(`timed out after ${this.#notifyTimeoutMs} ms`)),
        this.#notifyTimeoutMs,
      );
      const settle = (fn: () => void): void => {
        this.#timers.clear(timer);
        this.#sockets.delete(tracked);
        fn();
      };
      request.on('response', (response) => {
        status = response.statusCode ?? 0;
        response.on('error', () => undefined);
        response.on('end', () => settle(() => resolve(status!)));
        response.on('close', () => settle(() => resolve(status!)));
        response.resume();
      });
      request.on('error', (err) => settle(() => (status === undefined ? reject(err) : resolve(status))));
      request.end(payload);
    });
  }

  /** Abandons in-flight checks and deliveries (not logged) and forgets the log when `clearLog`. */
  abandonAll(clearLog: boolean): void {
    this.#generation++;
    for (const socket of [...this.#sockets]) socket.destroy();
    this.#sockets.clear();
    if (clearLog) this.#log.length = 0;
  }
}
