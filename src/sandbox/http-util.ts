/** Small HTTP helpers shared by the /open API and the /sandbox control API. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The largest accepted body (hoiio-api.md §1); larger ones are `error_malformed_params`. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Beyond this a body is not even drained: the response goes out and the connection closes. */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

export interface Body {
  bytes: Buffer;
  /** Over MAX_BODY_BYTES (the bytes are then empty). */
  tooLarge: boolean;
  /** Over MAX_DRAIN_BYTES: the rest was not read, so the connection cannot be reused. */
  abandoned: boolean;
}

/**
 * Reads the request body, keeping at most MAX_BODY_BYTES; resolves null if the client went away.
 * The emulator keeps its own reader on purpose (the core's is src/main/core/notify/capped-body.ts):
 * it must stay independent of the client it tests, and it drains an oversized body to answer
 * `error_malformed_params` as Hoiio did, where the core refuses at once.
 */
export function readBody(req: IncomingMessage): Promise<Body | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (body: Body | null): void => {
      if (settled) return;
      settled = true;
      resolve(body);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        if (size > MAX_DRAIN_BYTES) {
          req.pause();
          settle({ bytes: Buffer.alloc(0), tooLarge: true, abandoned: true });
        }
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () =>
      settle({
        bytes: size > MAX_BODY_BYTES ? Buffer.alloc(0) : Buffer.concat(chunks),
        tooLarge: size > MAX_BODY_BYTES,
        abandoned: false,
      }),
    );
    req.on('error', () => settle(null));
    req.on('close', () => settle(null));
  });
}

/** Sends a JSON response (once; later calls and calls on a destroyed response are ignored). */
export function sendJson(
  res: ServerResponse,
  httpStatus: number,
  value: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(value);
  res.writeHead(httpStatus, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...extraHeaders,
  });
  res.end(body);
}
