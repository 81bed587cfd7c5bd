/**
 * The HTTP server: /open/<service>/<method> (the Hoiio API) and /sandbox/… (the control API).
 * /open answers HTTP 200 with a JSON `status` for every API result, errors included (hoiio-api.md §1);
 * steps 1–7 of the validation order (§3) run here, the rest in each endpoint.
 */
import http, { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { handleControl } from './control.ts';
import { ENDPOINTS, type Endpoint } from './endpoints/index.ts';
import { MAX_BODY_BYTES, readBody, sendJson } from './http-util.ts';
import { decodeForm, Params } from './params.ts';
import type { ApiResult, SandboxState } from './state.ts';

const OPEN_PREFIX = '/open/';
const CONTROL_PREFIX = '/sandbox/';

/** Splits a request target into path and raw query; absolute-form targets are reduced to their path. */
function splitTarget(target: string): { path: string; query: string } {
  let rest = target;
  if (!rest.startsWith('/')) {
    try {
      const url = new URL(rest);
      rest = `${url.pathname}${url.search}`;
    } catch {
      return { path: '', query: '' };
    }
  }
  const q = rest.indexOf('?');
  return q < 0 ? { path: rest, query: '' } : { path: rest.slice(0, q), query: rest.slice(q + 1) };
}

async function handleOpen(
  state: SandboxState,
  endpoint: Endpoint,
  req: IncomingMessage,
  res: ServerResponse,
  query: string,
): Promise<void> {
  const answer = (result: ApiResult, extraHeaders?: Record<string, string>): void =>
    sendJson(res, 200, result, extraHeaders);

  // 1. Method.
  if (req.method !== 'GET' && req.method !== 'POST') {
    answer({ status: 'error_invalid_http_method' });
    return;
  }

  // 2. Malformed parameters or oversized body.
  const body = await readBody(req);
  if (body === null) return;
  const queryParams = query.length > MAX_BODY_BYTES ? null : decodeForm(Buffer.from(query, 'latin1'));
  const bodyParams = body.tooLarge ? null : decodeForm(body.bytes);
  if (queryParams === null || bodyParams === null) {
    answer({ status: 'error_malformed_params' }, body.abandoned ? { Connection: 'close' } : undefined);
    return;
  }
  const params = new Params(queryParams, bodyParams);

  // 3–6. Credentials.
  const appId = params.get('app_id');
  if (appId === undefined) return answer({ status: 'error_app_id_param_missing' });
  const accessToken = params.get('access_token');
  if (accessToken === undefined) return answer({ status: 'error_access_token_param_missing' });
  if (appId !== state.options.appId) return answer({ status: 'error_invalid_app_id' });
  if (accessToken !== state.accessToken) return answer({ status: 'error_invalid_access_token' });

  // 7. Rate limit: every request reaching this step counts.
  if (endpoint.rateLimited && !state.limiter.hit(`${appId}\n${endpoint.name}`)) {
    return answer({ status: 'error_rate_limit_exceeded' });
  }

  // 8–16.
  answer(await endpoint.handle(state, params));
}

function logInternalError(state: SandboxState, path: string, error: unknown): void {
  state.log(`internal error on ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

async function handle(state: SandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { path, query } = splitTarget(req.url ?? '');
  if (path.startsWith(OPEN_PREFIX)) {
    const endpoint = ENDPOINTS.get(path.slice(OPEN_PREFIX.length));
    if (endpoint) {
      try {
        await handleOpen(state, endpoint, req, res, query);
      } catch (error) {
        logInternalError(state, path, error);
        sendJson(res, 200, { status: 'error_internal_server_error' });
      }
      return;
    }
  } else if (path.startsWith(CONTROL_PREFIX)) {
    try {
      await handleControl(state, req, res, path.slice(CONTROL_PREFIX.length));
    } catch (error) {
      logInternalError(state, path, error);
      sendJson(res, 500, { error: 'internal error' });
    }
    return;
  }
  sendJson(res, 404, { status: 'error_not_found' });
}

/** Answers unparseable HTTP with a bare 4xx and closes the connection; never throws. */
function onClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node's default handler: no bare 4xx after a response has started on this connection.
  const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || current?.headersSent) {
    socket.destroy();
    return;
  }
  const code = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  socket.end(`HTTP/1.1 ${code} ${STATUS_CODES[code]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function createSandboxServer(state: SandboxState): http.Server {
  const server = http.createServer(
    {
      // Room for a GET carrying a long notify_url or tag in its query string.
      maxHeaderSize: 2 * MAX_BODY_BYTES,
      requestTimeout: 60_000,
      headersTimeout: 30_000,
      keepAliveTimeout: 5_000,
    },
    (req, res) => {
      res.on('error', () => undefined);
      handle(state, req, res).catch(() => res.destroy());
    },
  );
  server.on('clientError', onClientError);
  return server;
}
