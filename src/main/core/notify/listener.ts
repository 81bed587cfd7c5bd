/**
 * Receives Hoiio's end-of-call notifications (hoiio-api.md §5, §8) on 127.0.0.1 and answers the
 * tunnel supervisor's end-to-end probes. Every call gets its own secret path; a notification is
 * emitted only after the path, method, content type, size and `X-Hoiio-Signature` (HMAC-SHA256 of
 * the raw body, keyed with the access token) all check out and the fields parse. It never awaits the
 * consumer: the CallService applies notifications through its own monotonic state machine.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { NotifiedCallStatusSchema, type CallStatus } from '../hoiio/schemas.ts';
import { BodyReadError, readCappedBody } from './capped-body.ts';
import { decodeForm, mergeFields } from './notification.ts';

export interface NotificationListenerOptions {
  /** The notification HMAC key: the account's access token (the sandbox's token in sandbox mode). */
  getSigningKey: () => Promise<string> | string;
  /** Larger bodies get 413. Hoiio's body is about 300 bytes. */
  maxBodyBytes?: number;
  /** How long reading the signing key may take before the request gets 503. */
  signingKeyTimeoutMs?: number;
  /**
   * Node's server timeouts, in ms; tests shorten them to reach idle behaviour in seconds.
   * Defaults: headers 5 000, whole request 10 000, keep-alive 2 000, checked every 30 000.
   */
  serverTimeouts?: Partial<ListenerServerTimeouts>;
}

/** Node `http.Server` timeouts (ms) of the listener; see `NotificationListenerOptions.serverTimeouts`. */
export interface ListenerServerTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  connectionsCheckingIntervalMs: number;
}

const DEFAULT_SERVER_TIMEOUTS: ListenerServerTimeouts = {
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 2_000,
  connectionsCheckingIntervalMs: 30_000,
};

export interface NotificationEvent {
  callId: string;
  notification: CallStatus;
}

/** Why a request was refused; for diagnostics. Never carries the body, the signature or the key. */
export interface RejectionEvent {
  status: number;
  reason: string;
  callId: string | null;
}

export interface NotificationListenerEvents {
  notification: [NotificationEvent];
  rejected: [RejectionEvent];
}

export const NOTIFY_PATH_PREFIX = '/hoiio/notify/';
export const PROBE_PATH_PREFIX = '/hoiio/probe/';
const TOKEN_BYTES = 24; // 192 bits
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;
const PROBE_NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const SIGNATURE_PATTERN = /^[0-9a-fA-F]{64}$/;
const DEFAULT_MAX_BODY_BYTES = 16 * 1024;
const MAX_REMEMBERED_BODIES_PER_CALL = 32;

/**
 * Node's own answer to a broken or timed-out connection, except for one case: a connection that
 * has sent no byte at all. The tunnel client opens its connections to the listener ahead of need
 * and holds them idle until the tunnel server forwards a request through one; Node's header timeout
 * would write an unsolicited `408` into such a socket, which the tunnel server then reads as the
 * answer to the next notification (issue 10). Nothing was asked on it, so nothing is written; the
 * socket stays open and the next request on it gets the full timeouts again.
 */
function answerClientError(error: NodeJS.ErrnoException, duplex: Duplex): void {
  const socket = duplex as Socket;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' && socket.bytesRead === 0) return;
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? '408 Request Timeout'
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  socket.destroySoon();
}

/** A refusal: answered with `status`, reported as a `rejected` event, nothing emitted. */
class Refusal extends Error {
  readonly status: number;
  constructor(status: number, reason: string) {
    super(reason);
    this.status = status;
  }
}

interface RegisteredCall {
  token: string;
  /** SHA-256 of verified bodies already emitted, to drop exact duplicates. */
  seenBodies: Set<string>;
}

export class NotificationListener extends EventEmitter<NotificationListenerEvents> {
  readonly #options: Required<NotificationListenerOptions>;
  readonly #callsById = new Map<string, RegisteredCall>();
  readonly #callIdsByToken = new Map<string, string>();
  readonly #server: http.Server;

  constructor(options: NotificationListenerOptions) {
    super();
    this.#options = {
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      signingKeyTimeoutMs: 5000,
      serverTimeouts: {},
      ...options,
    };
    const timeouts = { ...DEFAULT_SERVER_TIMEOUTS, ...options.serverTimeouts };
    this.#server = http.createServer(
      // Slow or stalled senders must not hold sockets for long: Hoiio sends ~300 bytes at once.
      {
        requestTimeout: timeouts.requestTimeoutMs,
        headersTimeout: timeouts.headersTimeoutMs,
        keepAliveTimeout: timeouts.keepAliveTimeoutMs,
        connectionsCheckingInterval: timeouts.connectionsCheckingIntervalMs,
      },
      (request, response) => void this.#handle(request, response),
    );
    this.#server.on('clientError', answerClientError);
  }

  /** Listens on 127.0.0.1 on a random free port. */
  async start(): Promise<{ port: number }> {
    if (!this.#server.listening) {
      await new Promise<void>((resolve, reject) => {
        this.#server.once('error', reject);
        this.#server.listen(0, '127.0.0.1', () => {
          this.#server.off('error', reject);
          resolve();
        });
      });
    }
    return { port: this.port() };
  }

  /** `http://127.0.0.1:<port>`: the notify_url origin when Hoiio can reach the listener directly (sandbox mode). */
  localOrigin(): string {
    return `http://127.0.0.1:${this.port()}`;
  }

  port(): number {
    const address = this.#server.address() as AddressInfo | null;
    if (!address) throw new Error('NotificationListener is not started');
    return address.port;
  }

  /** Stops listening and drops every open connection, idle or not. */
  async close(): Promise<void> {
    if (!this.#server.listening) return;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  /** Returns the call's secret path token, creating one on first use. */
  register(callId: string): string {
    if (callId === '') throw new RangeError('callId must not be empty');
    const existing = this.#callsById.get(callId);
    if (existing) return existing.token;
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    this.#callsById.set(callId, { token, seenBodies: new Set() });
    this.#callIdsByToken.set(token, callId);
    return token;
  }

  /** Forgets the call: its path answers 404 from now on. */
  unregister(callId: string): void {
    const call = this.#callsById.get(callId);
    if (!call) return;
    this.#callsById.delete(callId);
    this.#callIdsByToken.delete(call.token);
  }

  /** The path to append to the public tunnel URL (or the loopback origin) for `notify_url`. */
  notifyPath(callId: string): string {
    const call = this.#callsById.get(callId);
    if (!call) throw new RangeError(`call ${callId} is not registered`);
    return NOTIFY_PATH_PREFIX + call.token;
  }

  async #handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = parseRequestUrl(request.url);
    if (url?.pathname.startsWith(PROBE_PATH_PREFIX)) {
      answerProbe(request, response, url.pathname.slice(PROBE_PATH_PREFIX.length));
      return;
    }
    const callId = this.#callIdFor(url);
    try {
      if (url === null || callId === null) throw new Refusal(404, 'unknown path');
      const notification = await this.#accept(request, callId, url.search);
      respond(response, 200, 'OK');
      if (notification) this.#emitSafely(() => this.emit('notification', { callId, notification }));
    } catch (error) {
      const refusal = error instanceof Refusal ? error : new Refusal(500, 'internal error');
      // Close rather than drain whatever the sender still wants to upload.
      respond(response, refusal.status, refusal.message, { connection: 'close' }, () => request.destroy());
      this.#emitSafely(() => this.emit('rejected', { status: refusal.status, reason: refusal.message, callId }));
    }
  }

  #callIdFor(url: URL | null): string | null {
    if (!url?.pathname.startsWith(NOTIFY_PATH_PREFIX)) return null;
    const token = url.pathname.slice(NOTIFY_PATH_PREFIX.length);
    if (!TOKEN_PATTERN.test(token)) return null;
    return this.#callIdsByToken.get(token) ?? null;
  }

  /** Checks one request for a registered call; returns the notification to emit, or null for a duplicate. */
  async #accept(request: http.IncomingMessage, callId: string, search: string): Promise<CallStatus | null> {
    if (request.method !== 'POST') throw new Refusal(405, 'method not allowed');
    if (!isFormContentType(request.headers['content-type'])) throw new Refusal(415, 'unsupported content type');
    const signature = request.headers['x-hoiio-signature'];
    if (typeof signature !== 'string' || !SIGNATURE_PATTERN.test(signature)) {
      throw new Refusal(401, 'missing or malformed signature');
    }
    const body = await readBody(request, this.#options.maxBodyBytes);
    const key = await this.#signingKey();
    const expected = createHmac('sha256', key).update(body).digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw new Refusal(401, 'bad signature');

    const notification = parseNotification(body, search);
    const call = this.#callsById.get(callId);
    if (!call) throw new Refusal(404, 'unknown path'); // unregistered while the body was read
    const bodyHash = createHash('sha256').update(body).digest('hex');
    if (call.seenBodies.has(bodyHash)) return null;
    if (call.seenBodies.size >= MAX_REMEMBERED_BODIES_PER_CALL) throw new Refusal(429, 'too many notifications');
    call.seenBodies.add(bodyHash);
    return notification;
  }

  async #signingKey(): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Refusal(503, 'signing key unavailable')), this.#options.signingKeyTimeoutMs);
    });
    let key: unknown;
    try {
      key = await Promise.race([Promise.resolve().then(() => this.#options.getSigningKey()), timeout]);
    } catch {
      key = null; // whatever the keychain threw may describe the secret: report only that it failed
    } finally {
      clearTimeout(timer);
    }
    if (typeof key !== 'string' || key === '') throw new Refusal(503, 'signing key unavailable');
    return key;
  }

  /** A throwing consumer must not turn into an unhandled rejection inside the HTTP handler. */
  #emitSafely(emit: () => void): void {
    try {
      emit();
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

function parseNotification(body: Buffer, search: string): CallStatus {
  const bodyFields = decodeForm(body);
  const queryFields = decodeForm(search.replace(/^\?/, ''));
  if (!bodyFields.ok) throw new Refusal(400, bodyFields.reason);
  if (!queryFields.ok) throw new Refusal(400, `query: ${queryFields.reason}`);
  const parsed = NotifiedCallStatusSchema.safeParse(mergeFields(queryFields.fields, bodyFields.fields));
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].join(', ');
    throw new Refusal(400, `invalid fields: ${fields}`);
  }
  return parsed.data;
}

function answerProbe(request: http.IncomingMessage, response: http.ServerResponse, nonce: string): void {
  if (request.method !== 'GET' || !PROBE_NONCE_PATTERN.test(nonce)) {
    respond(response, 404, 'unknown path');
    return;
  }
  respond(response, 200, nonce);
}

/** `application/x-www-form-urlencoded`, with parameters tolerated but a charset, if any, UTF-8. */
export function isFormContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [mediaType, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/x-www-form-urlencoded') return false;
  return parameters.every((parameter) => {
    const [name, value] = parameter.split('=').map((part) => part.trim());
    return name !== 'charset' || value === 'utf-8' || value === '"utf-8"' || value === 'utf8';
  });
}

/** The body, at most `maxBytes`: 413 when larger, 400 when it did not arrive whole. */
async function readBody(request: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  try {
    return await readCappedBody(request, maxBytes);
  } catch (error) {
    if (error instanceof BodyReadError) throw new Refusal(error.reason === 'tooLarge' ? 413 : 400, error.message);
    throw error;
  }
}

function parseRequestUrl(target: string | undefined): URL | null {
  if (target === undefined || !target.startsWith('/')) return null;
  try {
    return new URL(target, 'http://listener.invalid');
  } catch {
    return null;
  }
}

function respond(
  response: http.ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
  afterEnd?: () => void,
): void {
  if (response.headersSent || response.destroyed) {
    afterEnd?.();
    return;
  }
  const extra = status === 405 ? { allow: 'POST' } : {};
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    ...extra,
    ...headers,
  });
  response.end(text, afterEnd);
}
