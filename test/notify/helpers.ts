/** Shared pieces of the notify tests: signing, sending notifications, bounded waits. */
import { createHmac } from 'node:crypto';
import { httpRequest, type HttpResponse } from '../../src/main/core/notify/loopback-http.ts';
import type { NotificationEvent, NotificationListener, RejectionEvent } from '../../src/main/core/notify/listener.ts';

/** hoiio-api.md §5 test vector. */
export const VECTOR = {
  key: 'example-access-token',
  body:
    'txn_ref=AA-C-1000001&tag=order-42&dest1=%2B6591234567&dest2=%2B14155550100&call_status_dest1=answered' +
    '&call_status_dest2=answered&date=2024-05-01+10%3A00%3A00&duration=1&currency=USD&rate=0.029&debit=0.029',
  signature: '801b687282f0796f28ed678a80e1d3a3a4a14aa85a71f54557e26e9cd2a769ac',
};

export const FORM = 'application/x-www-form-urlencoded';

export function sign(key: string, body: string | Buffer): string {
  return createHmac('sha256', key).update(body).digest('hex');
}

/** A notification body like the sandbox sends, with fields overridden or removed (`null`). */
export function notificationBody(overrides: Record<string, string | null> = {}): string {
  const fields: Record<string, string | null> = {
    txn_ref: 'AA-C-1000001',
    tag: 'call-1',
    dest1: '+6591234567',
    dest2: '+6581234567',
    call_status_dest1: 'answered',
    call_status_dest2: 'answered',
    date: '2024-05-01 10:00:00',
    duration: '1',
    currency: 'USD',
    rate: '0.030',
    debit: '0.030',
    ...overrides,
  };
  const pairs = Object.entries(fields).filter((pair): pair is [string, string] => pair[1] !== null);
  return new URLSearchParams(pairs).toString();
}

export interface SendOptions {
  method?: string;
  contentType?: string | null;
  signature?: string | null;
  headers?: Record<string, string>;
}

/** POSTs a body to the listener, signed with `key` unless `signature` says otherwise. */
export function send(
  origin: string,
  path: string,
  body: string | Buffer,
  key: string,
  options: SendOptions = {},
): Promise<HttpResponse> {
  const headers: Record<string, string> = { ...options.headers };
  const contentType = options.contentType === undefined ? FORM : options.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  const signature = options.signature === undefined ? sign(key, body) : options.signature;
  if (signature !== null) headers['x-hoiio-signature'] = signature;
  return httpRequest(origin + path, { method: options.method ?? 'POST', headers, body, timeoutMs: 5000 });
}

/** Records what a listener emits. */
export function recordEvents(listener: NotificationListener): {
  notifications: NotificationEvent[];
  rejections: RejectionEvent[];
} {
  const notifications: NotificationEvent[] = [];
  const rejections: RejectionEvent[] = [];
  listener.on('notification', (event) => notifications.push(event));
  listener.on('rejected', (event) => rejections.push(event));
  return { notifications, rejections };
}

/** Polls `condition` every 20 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
