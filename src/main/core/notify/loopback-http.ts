/**
 * One small HTTP(S) client for the tunnel supervisor and the tests: a request to a URL with a hard
 * deadline (a request to a closed tunnel hangs instead of failing), a response size cap, and
 * `localhost` / `*.localhost` sent to 127.0.0.1 with the URL's Host header kept. Node's resolver does
 * not resolve `*.localhost` (RFC 6761 reserves it for loopback) and a local tunnel server routes by
 * the Host header.
 */
import http from 'node:http';
import https from 'node:https';
import { BodyReadError, readCappedBody } from './capped-body.ts';

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Deadline for the whole exchange, connect to last byte. */
  timeoutMs: number;
  /** Responses larger than this fail the request (default 1 MiB). */
  maxResponseBytes?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const LOOPBACK = '127.0.0.1';
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** True for `localhost` and any name under `.localhost`, which always mean this machine. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** Where to connect for a URL's host name: 127.0.0.1 for loopback names, else the name itself. */
export function connectHostFor(hostname: string): string {
  return isLoopbackName(hostname) ? LOOPBACK : hostname.replace(/^\[|\]$/g, '');
}

export function httpRequest(target: string | URL, options: HttpRequestOptions): Promise<HttpResponse> {
  const url = new URL(target);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
  }
  const transport = url.protocol === 'https:' ? https : http;
  const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
  const headers: Record<string, string> = { host: url.host, ...options.headers };
  if (body) headers['content-length'] = String(body.byteLength);
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  return new Promise<HttpResponse>((resolve, reject) => {
    const request = transport.request({
      protocol: url.protocol,
      host: connectHostFor(url.hostname),
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: options.method ?? 'GET',
      headers,
      servername: isIpLiteral(url.hostname) ? undefined : url.hostname,
      agent: false, // no keep-alive pool: nothing stays open after the exchange
      signal: options.signal,
    });
    const deadline = setTimeout(() => {
      request.destroy(new Error(`timed out after ${options.timeoutMs} ms: ${options.method ?? 'GET'} ${url.origin}`));
    }, options.timeoutMs);
    const settle = (outcome: () => void): void => {
      clearTimeout(deadline);
      outcome();
    };
    const fail = (error: Error): void => {
      settle(() => reject(error));
      request.destroy(); // a failed exchange must not leave its socket open
    };

    request.once('error', fail);
    request.once('response', (response) => {
      readCappedBody(response, maxBytes).then(
        (body) => settle(() => resolve({ status: response.statusCode ?? 0, headers: response.headers, body })),
        (error: unknown) => fail(responseError(error, maxBytes)),
      );
    });
    request.end(body);
  });
}

/** What reading a response body failed with, worded for the tunnel's log. */
function responseError(error: unknown, maxBytes: number): Error {
  if (!(error instanceof BodyReadError)) return error instanceof Error ? error : new Error(String(error));
  if (error.reason === 'tooLarge') return new Error(`response larger than ${maxBytes} bytes`);
  return new Error('connection closed before the response ended');
}

function isIpLiteral(hostname: string): boolean {
  return /^[\d.]+$/.test(hostname) || hostname.startsWith('[');
}
