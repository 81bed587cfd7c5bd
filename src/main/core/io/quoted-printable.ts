import { TextDecoder } from 'node:util';

/**
 * Quoted-printable (RFC 2045) as vCard 2.1 writers use it (Outlook, older Android): `=XX` is
 * one byte, the bytes are text in `charset`. Soft line breaks (`=` at the end of a line) must
 * already be joined by the caller. An unknown charset falls back to UTF-8.
 */
export function decodeQuotedPrintable(encoded: string, charset = 'utf-8'): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (const match of encoded.matchAll(/=([0-9A-Fa-f]{2})|[^=]+|=/g)) {
    if (match[1] !== undefined) bytes.push(Number.parseInt(match[1], 16));
    else bytes.push(...encoder.encode(match[0]));
  }
  return textDecoderFor(charset).decode(new Uint8Array(bytes));
}

function textDecoderFor(charset: string): TextDecoder {
  try {
    return new TextDecoder(charset);
  } catch {
    return new TextDecoder('utf-8');
  }
}
