/**
 * Quoting what a user typed, pasted or imported inside a message, so that what the message
 * complains about can be seen: a tab, a no-break space, a zero-width space, a bidi mark or a line
 * break would otherwise show as a plain space or as nothing, and "“9123 4567” is not a number"
 * would look like a complaint about a good number. Every error that quotes input uses this one
 * helper (phone problems, import reports, settings).
 *
 * Marking: a tab is `⟨tab⟩`, a line break (LF, CR, CRLF, U+2028, U+2029) `⟨newline⟩`, every other
 * control (Unicode Cc), format (Cf) or non-ASCII space/separator character (Zs, Zl, Zp) `⟨U+XXXX⟩`
 * (its code point, e.g. `⟨U+00A0⟩` for a no-break space, `⟨U+200B⟩` for a zero-width space): the
 * same in every UI language. The ordinary space U+0020 is kept.
 */

/** Characters a reader cannot see or tell from a space (see the module note). */
const HIDDEN = /\r\n|[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}]/gu;
/** Default length limit of a quote, in UTF-16 code units (the marker counts with its own length). */
export const QUOTE_LIMIT = 64;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The visible marker of one hidden character (or CRLF), as described in the module note. */
export function visibleCharacter(character: string): string {
  if (character === '\t') return '⟨tab⟩';
  if (/^(?:\r\n|[\n\r\u2028\u2029])$/.test(character)) return '⟨newline⟩';
  if (character === ' ' || !new RegExp(HIDDEN.source, 'u').test(character)) return character;
  const codePoint = character.codePointAt(0) ?? 0;
  return `⟨U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/**
 * `text` as it may be quoted in a message: every hidden character replaced by its visible marker
 * (`visibleCharacter`), cut to at most `limit` UTF-16 code units with "…" at a grapheme or marker
 * boundary (never inside an emoji or a marker). Leading and trailing ordinary whitespace that
 * the reader would not notice is NOT removed: callers trim what their rule trims first.
 */
export function quoteInput(text: string, limit = QUOTE_LIMIT): string {
  const pieces: string[] = [];
  for (const { segment } of graphemes.segment(text)) {
    // A grapheme that contains a hidden character (CRLF, or a mark joined to a letter) is shown piece by piece.
    pieces.push(segment.replace(HIDDEN, (hidden) => (hidden === ' ' ? ' ' : visibleCharacter(hidden))));
  }
  const whole = pieces.join('');
  if (whole.length <= limit) return whole;
  let kept = '';
  for (const piece of pieces) {
    if (kept.length + piece.length > limit - 1) break;
    kept += piece;
  }
  return `${kept}…`;
}
