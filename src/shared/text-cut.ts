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
