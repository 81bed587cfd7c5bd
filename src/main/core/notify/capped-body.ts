/**
 * Reading an HTTP message body with a size cap: the one reader of the core, in its two shapes: a
 * node:http message (the notification listener's requests, loopback-http's responses) and a fetch
 * Response (the Hoiio client's answers). The sandbox keeps its own (sandbox/http-util.ts) so that
 * the emulator stays independent of the client it tests.
 */
import type { IncomingMessage } from 'node:http';

/** Why a body could not be read: `tooLarge` (over the cap), or the message ended early. */
export class BodyReadError extends Error {
  readonly reason: 'tooLarge' | 'truncated' | 'failed';
  constructor(reason: BodyReadError['reason'], message: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * The whole body of `message`, at most `maxBytes` bytes (a declared Content-Length over the cap
 * fails before reading). Rejects with BodyReadError: 'tooLarge' (reading stops, the stream is
 * paused: the caller ends the connection), 'truncated' (closed before the end), 'failed' (stream
 * error).
 */
export function readCappedBody(message: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = (): BodyReadError => new BodyReadError('tooLarge', `body larger than ${maxBytes} bytes`);
  const declared = Number(message.headers['content-length'] ?? 0);
  if (declared > maxBytes) return Promise.reject(tooLarge());
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    message.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received > maxBytes) {
        message.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    message.once('end', () => resolve(Buffer.concat(chunks)));
    message.once('error', () => reject(new BodyReadError('failed', 'body not received')));
    message.once('close', () => {
      if (!message.complete) reject(new BodyReadError('truncated', 'body truncated'));
    });
  });
}

/**
 * The body of a fetch `response` as UTF-8 text (as `Response.text()` decodes it), at most
 * `maxBytes` bytes. A declared Content-Length over the cap fails before reading; a body that grows
 * past it (chunked, endless) stops being read at the first chunk over it. Either way the body
 * stream is cancelled, which makes fetch drop the connection, and the promise rejects with
 * BodyReadError('tooLarge'). Other stream failures reject as fetch's own errors do.
 */
export async function readCappedResponseText(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = (): BodyReadError => new BodyReadError('tooLarge', `body larger than ${maxBytes} bytes`);
  const body = response.body;
  if (!body) return '';
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await body.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
