/**
 * Strict `application/x-www-form-urlencoded` decoding (hoiio-api.md §1). Node's URLSearchParams is
 * lenient (it keeps a stray `%` and replaces invalid UTF-8 with U+FFFD); Hoiio answered
 * `error_malformed_params` instead, so this decoder works on bytes and rejects both.
 *
 * The emulator keeps its own decoder on purpose (the core's is src/main/core/notify/notification.ts
 * `decodeForm`): it must stay independent of the client it tests, so a bug in the client's
 * decoding cannot hide in both.
 */

const PLUS = 0x2b;
const PERCENT = 0x25;
const AMPERSAND = 0x26;
const EQUALS = 0x3d;
const SPACE = 0x20;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/** Decodes one key or value: `+` is a space, `%XX` a byte; the bytes must be UTF-8. Null if malformed. */
function decodeComponent(bytes: Uint8Array, start: number, end: number): string | null {
  let plain = true;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b === PERCENT || b === PLUS || b >= 0x80) {
      plain = false;
      break;
    }
  }
  if (plain) return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');

  const out = new Uint8Array(end - start);
  let n = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b === PERCENT) {
      const hi = hexValue(bytes[i + 1]);
      const lo = i + 2 < end ? hexValue(bytes[i + 2]) : -1;
      if (hi < 0 || lo < 0 || i + 1 >= end) return null;
      out[n++] = hi * 16 + lo;
      i += 2;
    } else {
      out[n++] = b === PLUS ? SPACE : b;
    }
  }
  try {
    return utf8.decode(out.subarray(0, n));
  } catch {
    return null;
  }
}

/**
 * Decodes a form (a request body, or a query string as bytes). Pairs are split on `&`, then at the first
 * `=`; empty pairs are skipped; within one source the first occurrence of a key wins.
 * Returns null when any key or value is malformed.
 */
export function decodeForm(bytes: Uint8Array): Map<string, string> | null {
  const params = new Map<string, string>();
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(AMPERSAND, start);
    if (end < 0) end = bytes.length;
    if (end > start) {
      let eq = bytes.indexOf(EQUALS, start);
      if (eq < 0 || eq > end) eq = end;
      const key = decodeComponent(bytes, start, eq);
      const value = eq < end ? decodeComponent(bytes, eq + 1, end) : '';
      if (key === null || value === null) return null;
      if (!params.has(key)) params.set(key, value);
    }
    start = end + 1;
  }
  return params;
}

/** The request's parameters: query string and body merged, the body winning on a duplicate key. */
export class Params {
  readonly #values: Map<string, string>;

  constructor(query: Map<string, string>, body: Map<string, string>) {
    this.#values = new Map(query);
    for (const [key, value] of body) this.#values.set(key, value);
  }

  /** The value, or undefined when the parameter is absent or empty (an empty value counts as absent). */
  get(name: string): string | undefined {
    const value = this.#values.get(name);
    return value === '' ? undefined : value;
  }

  /** The value even when empty (only `tag` distinguishes empty from absent), or undefined when absent. */
  raw(name: string): string | undefined {
    return this.#values.get(name);
  }
}
