/**
 * Cutting text to a length limit without splitting a character: limits count UTF-16 code units
 * (what the contract's zod `max()` and SQLite's length checks count), but the cut falls on a
 * grapheme-cluster boundary (Intl.Segmenter, Unicode UAX #29), so an emoji, a flag, a letter with
 * its combining accents or a surrogate pair is kept whole or left out whole, never halved into
 * U+FFFD.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The longest prefix of `text` of at most `maxLength` UTF-16 code units that ends on a grapheme boundary. */
export function cutAtGraphemeBoundary(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > maxLength) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

const ELLIPSIS = '…';

/**
 * `text` shortened to fit `limit`, with "…" at the end: whole when `measure(text) <= limit`, else its
 * longest start of whole graphemes (trailing spaces trimmed) plus "…" that measures at most `limit`.
 * For labels that cannot wrap (chart axis ticks, SVG text) and echoes of untrusted input (a refused
 * tel: link). `measure` is in the caller's units: graphemes by default, pixels when the view passes a
 * canvas's measureText. Binary search: about log2(graphemes) measures.
 */
export function fitText(
  text: string,
  limit: number,
  measure: (value: string) => number = (value) => Array.from(graphemes.segment(value)).length,
): string {
  if (measure(text) <= limit) return text;
  const parts = Array.from(graphemes.segment(text), ({ segment }) => segment);
  const start = (count: number) => parts.slice(0, count).join('').trimEnd() + ELLIPSIS;
  let low = 0;
  let high = parts.length;
  // Bounded: halves [low, high] each turn.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measure(start(middle)) <= limit) low = middle;
    else high = middle - 1;
  }
  return start(low);
}
