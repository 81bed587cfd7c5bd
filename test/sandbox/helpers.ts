/** Helpers for the sandbox tests: real HTTP against instances started with startSandbox(). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { startSandbox, type Delivery, type SandboxHandle, type StartSandboxOptions } from '../../src/sandbox/index.ts';

const started: SandboxHandle[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((sandbox) => sandbox.close()));
});

/** Starts a sandbox on a random port with timeScale 0.01 (closed after each test). */
export async function start(options: StartSandboxOptions = {}): Promise<SandboxHandle> {
  const sandbox = await startSandbox({ timeScale: 0.01, ...options });
  started.push(sandbox);
  return sandbox;
}

/** Every /open endpoint the sandbox serves (hoiio-api.md §2.1–§2.8). */
export const ENDPOINTS: readonly string[] = [
  'voice/call',
  'voice/query_status',
  'voice/get_history',
  'voice/get_rate',
  'voice/hangup',
  'user/get_balance',
  'user/get_info',
  'number/get_active',
];

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One HTTP request on a fresh connection (no keep-alive, so nothing lingers between tests). */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers };
    if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
    const req = http.request(url, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export type Fields = Record<string, string | undefined>;

export function form(fields: Fields): string {
  const pairs = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return new URLSearchParams(pairs).toString();
}

export function credentials(sandbox: SandboxHandle): Fields {
  return { app_id: sandbox.appId, access_token: sandbox.accessToken };
}

export interface ApiResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: Record<string, unknown> & { status: string };
}

/**
 * Calls an /open endpoint with the sandbox's credentials plus `fields` (a field set to undefined is
 * left out, so `{ app_id: undefined }` omits it). POST sends a form body; GET a query string.
 */
export async function api(
  sandbox: SandboxHandle,
  endpoint: string,
  fields: Fields = {},
  method: 'GET' | 'POST' = 'POST',
): Promise<ApiResponse> {
  const body = form({ ...credentials(sandbox), ...fields });
  const response =
    method === 'GET'
      ? await request(`${sandbox.baseUrl}/${endpoint}?${body}`)
      : await request(`${sandbox.baseUrl}/${endpoint}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body,
        });
  return { status: response.status, headers: response.headers, json: JSON.parse(response.text) };
}

/** The `status` of an /open call, asserting HTTP 200 on the way. */
export async function apiStatus(sandbox: SandboxHandle, endpoint: string, fields: Fields = {}): Promise<string> {
  const response = await api(sandbox, endpoint, fields);
  if (response.status !== 200) throw new Error(`HTTP ${response.status} from ${endpoint}`);
  return response.json.status;
}

/** Places a call that must succeed; returns its txn_ref. */
export async function placeCall(sandbox: SandboxHandle, fields: Fields = {}): Promise<string> {
  const { json } = await api(sandbox, 'voice/call', { dest2: '+6581234567', ...fields });
  if (json.status !== 'success_ok') throw new Error(`voice/call answered ${json.status}`);
  return json.txn_ref as string;
}

export interface ControlLeg {
  leg: 1 | 2;
  number: string;
  phase: 'pending' | 'ringing' | 'connected' | 'ended';
  status: string;
}

/** A call as the control API shows it (hoiio-api.md §7.9). */
export interface ControlCall {
  txn_ref: string;
  dest1: string;
  dest2: string;
  caller_id: string;
  tag: string | null;
  notify_url: string | null;
  max_duration: number | null;
  date: string;
  state: 'live' | 'ended';
  rate: string;
  legs: [ControlLeg, ControlLeg];
  duration: number | null;
  debit: string | null;
  endedBy: string | null;
}

export type { Delivery };

/** Control API JSON, typed loosely: tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

/** A control API request; `body` is sent as JSON. */
export async function control(
  sandbox: SandboxHandle,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Loose }> {
  const response = await request(`${sandbox.controlUrl}/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: JSON.parse(response.text) };
}

export async function controlCall(sandbox: SandboxHandle, txnRef: string): Promise<ControlCall> {
  const { status, json } = await control(sandbox, 'GET', `calls/${txnRef}`);
  if (status !== 200) throw new Error(`control API: HTTP ${status}`);
  return json;
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The notification log. */
export async function deliveries(sandbox: SandboxHandle): Promise<Delivery[]> {
  return (await control(sandbox, 'GET', 'notifications')).json.deliveries as Delivery[];
}

/** Waits until the call has ended (control API) and returns its control view. */
export function waitForEnd(sandbox: SandboxHandle, txnRef: string, timeoutMs = 5000): Promise<ControlCall> {
  return waitFor(async () => {
    const call = await controlCall(sandbox, txnRef);
    return call.state === 'ended' ? call : undefined;
  }, timeoutMs);
}

/** Waits until the call's leg `leg` is in `phase`. */
export function waitForPhase(sandbox: SandboxHandle, txnRef: string, leg: 1 | 2, phase: string): Promise<ControlCall> {
  return waitFor(async () => {
    const call = await controlCall(sandbox, txnRef);
    return call.legs[leg - 1]!.phase === phase ? call : undefined;
  });
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

/** A notification receiver on 127.0.0.1; `respond` decides the answer (default 200 "ok"). */
export async function startReceiver(
  respond: (req: ReceivedRequest, res: http.ServerResponse) => void = (_req, res) => res.end('ok'),
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
        at: Date.now(),
      };
      requests.push(received);
      respond(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  receivers.push(receiver);
  return receiver;
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
