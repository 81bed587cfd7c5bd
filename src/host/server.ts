import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../main/core/index.ts';
import { dispatch, forwardPushEvents } from '../main/ipc.ts';
import { AppError, type IpcResult } from '../shared/errors.ts';
import { requestTimeoutError } from '../shared/request-timeout.ts';
import {
  HOST_ANSWER_TIMEOUT_MS,
  HOST_WORKING_INTERVAL_MS,
  HOST_MAX_FRAME_BYTES,
  HOST_MAX_MESSAGE_BYTES,
  HOST_SESSION_COOKIE,
  HOST_WEBSOCKET_PATH,
  type HostServerFrame,
} from './protocol.ts';
import { CONTENT_SECURITY_POLICY } from '../shared/security-policy.ts';

export interface BrowserHostOptions {
  /** The core, or the core while it starts (startCore): the page is served from the first moment. */
  readonly core: Pick<Core, 'api' | 'events'>;
  /** The built renderer (`out/renderer`). */
  readonly rendererDir: string;
  readonly port: number;
  /**
   * The session token to require (at least 32 base64url characters), from HOIIO_HOST_TOKEN: a host
   * restarted by a supervisor with the same token and port is reached again by pages already open
   * (they reconnect with their cookie). Default: a random token for this run.
   */
  readonly token?: string;
  readonly logger?: Pick<Console, 'error' | 'warn'>;
  /** How long the core may be silent on a request before the host answers it with a timeout (tests: short). */
  readonly answerTimeoutMs?: number;
  /** The most often a working frame is sent for one request (default HOST_WORKING_INTERVAL_MS). */
  readonly workingIntervalMs?: number;
}

export interface BrowserHost {
  /** The URL to open, with the per-run token. */
  readonly url: string;
  readonly origin: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Serves the built renderer on 127.0.0.1 and carries `window.hoiio` calls to the core over
 * a WebSocket, through the same `dispatch` as Electron's ipcMain. Every request must carry
 * the random per-run token: in the URL the first time (the host then sets a strict
 * same-site cookie so the page's own assets and WebSocket are authorised).
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  if (options.token !== undefined && !/^[A-Za-z0-9_-]{32,}$/.test(options.token)) {
    throw new Error('HOIIO_HOST_TOKEN must be at least 32 characters of A-Z, a-z, 0-9, _ and -.');
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  const logger = options.logger ?? console;
  const answering: Answering = {
    core: options.core,
    timeoutMs: options.answerTimeoutMs ?? HOST_ANSWER_TIMEOUT_MS,
    workingIntervalMs: options.workingIntervalMs ?? HOST_WORKING_INTERVAL_MS,
  };
  const rendererDir = path.resolve(options.rendererDir);
  const server = createServer((request, response) => {
    if (!hostAllowed(request, port)) return sendText(response, 421, 'Misdirected request: unknown Host header.');
    serveStatic(request, response, { token, rendererDir, cookieName }).catch((error: unknown) => {
      logger.error('[host] request failed:', error);
      if (!response.headersSent) sendText(response, 500, 'Internal error');
      else response.destroy();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: HOST_MAX_MESSAGE_BYTES });
  let port = 0;
  // Cookies are not isolated by port; naming it per port keeps two hosts from clobbering each other.
  let cookieName = HOST_SESSION_COOKIE;

  server.on('upgrade', (request, socket, head) => {
    const authorised =
      hostAllowed(request, port) &&
      new URL(request.url ?? '/', 'http://host').pathname === HOST_WEBSOCKET_PATH &&
      allowedOrigins(port).includes(request.headers.origin ?? '') &&
      isAuthorised(request, cookieName, token);
    if (!authorised) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => serveWebSocket(webSocket, answering, logger));
  });

  const unsubscribers = [
    forwardPushEvents(
      options.core.events,
      (eventName, payload) => broadcast(sockets, { event: eventName, payload }),
      logger,
    ),
  ];

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  cookieName = `${HOST_SESSION_COOKIE}_${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    async close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** How the host answers requests: the core, and its silence timeout. */
interface Answering {
  readonly core: BrowserHostOptions['core'];
  readonly timeoutMs: number;
  readonly workingIntervalMs: number;
}

function serveWebSocket(webSocket: WebSocket, answering: Answering, logger: Pick<Console, 'error' | 'warn'>): void {
  webSocket.on('message', (data, isBinary) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    void answerFrame(webSocket, answering, logger, bytes, isBinary).catch((error: unknown) => {
      logger.error('[host] could not answer a frame:', error);
    });
  });
  webSocket.on('error', (error) => logger.warn('[host] websocket error:', error.message));
}

/**
 * Answers one request frame, exactly once (issue 10): a frame that is too large, not JSON, or
 * not a request still gets an error answer under whatever id can be read from it, and the core's
 * silence on it is bounded by `answering.timeoutMs` (HOST_ANSWER_TIMEOUT_MS): each progress it
 * reports renews that bound and is passed on to the page as a working frame.
 */
async function answerFrame(
  webSocket: WebSocket,
  answering: Answering,
  logger: Pick<Console, 'error' | 'warn'>,
  bytes: Buffer,
  isBinary: boolean,
): Promise<void> {
  if (bytes.byteLength > HOST_MAX_FRAME_BYTES) {
    const id = idFromText(bytes.subarray(0, 4096).toString('utf8'));
    const message = `The request is too large (${bytes.byteLength} bytes; at most ${HOST_MAX_FRAME_BYTES}).`;
    return send(webSocket, { id, result: refusal(message) });
  }
  const text = isBinary ? null : bytes.toString('utf8');
  const frame = readRequestFrame(text);
  if (!frame.ok) {
    logger.warn(`[host] malformed frame: ${frame.reason}`);
    return send(webSocket, { id: frame.id, result: refusal(`Malformed request frame: ${frame.reason}.`) });
  }
  const { id, channel } = frame;
  let lastWorkingAt = 0;
  const deadline = silenceDeadline(answering.timeoutMs, () => {
    logger.warn(`[host] ${String(channel)} was silent for ${answering.timeoutMs} ms: answered with a timeout`);
    return { ok: false, error: requestTimeoutError(String(channel), Math.round(answering.timeoutMs / 1000)) };
  });
  const onActivity = (): void => {
    if (!deadline.renew()) return; // answered already (with the timeout): the page no longer waits
    const now = Date.now();
    if (now - lastWorkingAt < answering.workingIntervalMs) return;
    lastWorkingAt = now;
    send(webSocket, { id, working: true });
  };
  const result = await deadline.race(dispatch(answering.core.api, channel, frame.input, logger, { onActivity }));
  send(webSocket, { id, result });
}

type ReadFrame =
  { ok: true; id: number; channel: unknown; input: unknown } | { ok: false; id: number | null; reason: string };

/** Reads `{id, channel, input}` from a frame's text, own properties only; `dispatch` judges the channel. */
function readRequestFrame(text: string | null): ReadFrame {
  if (text === null) return { ok: false, id: null, reason: 'binary frame' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, id: idFromText(text), reason: 'not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, id: null, reason: 'not an object' };
  }
  const own = (key: string): unknown =>
    Object.hasOwn(parsed, key) ? (parsed as Record<string, unknown>)[key] : undefined;
  const id = own('id');
  if (!isFrameId(id)) return { ok: false, id: idFromText(text), reason: 'no numeric id' };
  return { ok: true, id, channel: own('channel'), input: own('input') };
}

function isFrameId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The first `"id": <n>` in a frame's text, for answering a frame that does not parse as a request. */
function idFromText(text: string): number | null {
  const match = /"id"\s*:\s*(\d{1,15})\b/.exec(text);
  return match ? Number(match[1]) : null;
}

function refusal(message: string): IpcResult<never> {
  return { ok: false, error: new AppError('invalid_input', message).toIpcError() };
}

/**
 * A timeout on silence: `race(answer)` settles with the answer, or with `onTimeout()` once
 * `timeoutMs` pass without the answer or a `renew()`. After it settles, `renew` does nothing and
 * returns false.
 */
function silenceDeadline(
  timeoutMs: number,
  onTimeout: () => IpcResult<unknown>,
): { renew(): boolean; race(answer: Promise<IpcResult<unknown>>): Promise<IpcResult<unknown>> } {
  let timer: NodeJS.Timeout | undefined;
  let settle: ((result: IpcResult<unknown>) => void) | undefined;
  const late = new Promise<IpcResult<unknown>>((resolve) => (settle = resolve));
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => settle?.(onTimeout()), timeoutMs);
  };
  arm();
  return {
    renew() {
      if (settle) arm();
      return settle !== undefined;
    },
    race(answer) {
      return Promise.race([answer, late]).finally(() => {
        settle = undefined;
        clearTimeout(timer);
      });
    },
  };
}

function broadcast(sockets: WebSocketServer, frame: HostServerFrame): void {
  for (const client of sockets.clients) send(client, frame);
}

function send(webSocket: WebSocket, frame: HostServerFrame): void {
  if (webSocket.readyState === webSocket.OPEN) webSocket.send(JSON.stringify(frame));
}

async function serveStatic(
  request: IncomingMessage,
  response: ServerResponse,
  context: { token: string; rendererDir: string; cookieName: string },
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'Method not allowed');
  const url = new URL(request.url ?? '/', 'http://host');
  if (!isAuthorised(request, context.cookieName, context.token)) {
    return sendText(response, 403, 'Forbidden: open the URL the browser host printed (it carries the session token).');
  }
  const filePath = resolveAsset(context.rendererDir, url.pathname);
  const info = filePath ? await stat(filePath).catch(() => undefined) : undefined;
  if (!filePath || !info?.isFile()) return sendText(response, 404, 'Not found');

  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[path.extname(filePath)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Set-Cookie': `${context.cookieName}=${context.token}; HttpOnly; SameSite=Strict; Path=/`,
  });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(filePath).pipe(response);
}

/** Maps a URL path to a file inside the renderer folder; anything escaping it is refused. */
function resolveAsset(rendererDir: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const filePath = path.resolve(rendererDir, relative);
  return filePath.startsWith(rendererDir + path.sep) ? filePath : undefined;
}

/** The origins the page can have: the host's own, by address or by the name `localhost`. */
function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/**
 * DNS-rebinding defence (issue 10): a page on another site whose name was re-pointed at
 * 127.0.0.1 sends its own name in `Host`. Only `127.0.0.1:PORT` and `localhost:PORT` are served.
 */
function hostAllowed(request: IncomingMessage, port: number): boolean {
  const host = (request.headers.host ?? '').toLowerCase();
  return port !== 0 && (host === `127.0.0.1:${port}` || host === `localhost:${port}`);
}

function isAuthorised(request: IncomingMessage, cookieName: string, token: string): boolean {
  const presented = requestToken(request, cookieName);
  return presented !== undefined && tokensMatch(presented, token);
}

function requestToken(request: IncomingMessage, cookieName: string): string | undefined {
  const fromQuery = new URL(request.url ?? '/', 'http://host').searchParams.get('token');
  if (fromQuery) return fromQuery;
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookieName) return value.join('=');
  }
  return undefined;
}

function tokensMatch(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  response.end(text);
}
