import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../main/core/index.ts';
import { dispatch, forwardPushEvents } from '../main/ipc.ts';
import {
  HOST_MAX_FRAME_BYTES,
  HOST_SESSION_COOKIE,
  HOST_WEBSOCKET_PATH,
  HostRequestFrameSchema,
  type HostServerFrame,
} from './protocol.ts';
import { CONTENT_SECURITY_POLICY } from '../shared/security-policy.ts';

export interface BrowserHostOptions {
  readonly core: Core;
  /** The built renderer (`out/renderer`). */
  readonly rendererDir: string;
  readonly port: number;
  readonly logger?: Pick<Console, 'error' | 'warn'>;
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
  const token = randomBytes(24).toString('base64url');
  const logger = options.logger ?? console;
  const rendererDir = path.resolve(options.rendererDir);
  const server = createServer((request, response) => {
    serveStatic(request, response, { token, rendererDir, cookieName }).catch((error: unknown) => {
      logger.error('[host] request failed:', error);
      if (!response.headersSent) sendText(response, 500, 'Internal error');
      else response.destroy();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: HOST_MAX_FRAME_BYTES });
  let origin = '';
  // Cookies are not isolated by port; naming it per port keeps two hosts from clobbering each other.
  let cookieName = HOST_SESSION_COOKIE;

  server.on('upgrade', (request, socket, head) => {
    const authorised =
      new URL(request.url ?? '/', 'http://host').pathname === HOST_WEBSOCKET_PATH &&
      request.headers.origin === origin &&
      isAuthorised(request, cookieName, token);
    if (!authorised) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => serveWebSocket(webSocket, options.core, logger));
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
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
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

function serveWebSocket(webSocket: WebSocket, core: Core, logger: Pick<Console, 'error' | 'warn'>): void {
  webSocket.on('message', (data, isBinary) => {
    void answerFrame(webSocket, core, logger, isBinary ? null : data.toString());
  });
  webSocket.on('error', (error) => logger.warn('[host] websocket error:', error.message));
}

async function answerFrame(
  webSocket: WebSocket,
  core: Core,
  logger: Pick<Console, 'error' | 'warn'>,
  text: string | null,
): Promise<void> {
  const frame = HostRequestFrameSchema.safeParse(parseJson(text));
  if (!frame.success) {
    // Without a valid id there is nobody to answer; a well-behaved page never sends this.
    logger.warn('[host] dropped a malformed frame');
    return;
  }
  const result = await dispatch(core.api, frame.data.channel, frame.data.input, logger);
  send(webSocket, { id: frame.data.id, result });
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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
