/**
 * The one cleaning rule for text a user types, pastes or imports as a name, a company, a note (a
 * contact's or a call's), a phone label or a search query: what is stored and searched is what the
 * user sees. Phone numbers have their own, stricter reading (`cleanPhoneText` in phone.ts).
 *
 * Removed: invisible format characters that carry no meaning in such text, i.e. every Unicode
 * format character (Cf) that is also Default_Ignorable_Code_Point: the zero-width space U+200B,
 * the word joiner U+2060 and the invisible operators U+2061–U+2064, the BOM / zero-width no-break
 * space U+FEFF, the soft hyphen U+00AD, the bidi controls (U+200E, U+200F, U+061C, U+202A–U+202E,
 * U+2066–U+2069), the Mongolian vowel separator U+180E, deprecated format controls U+206A–U+206F,
 * shorthand and musical format controls, language tags; plus the two stand-alone Hangul fillers
 * U+3164 and U+FFA0 (invisible letters, the classic "blank name").
 *
 * Kept, because scripts or emoji need them:
 * - ZWNJ U+200C and ZWJ U+200D between two visible characters of a word (letters, marks, digits,
 *   emoji, skin-tone modifiers): Persian "می‌خواهم", Devanagari half forms "क्‍ष", Malayalam chillu,
 *   emoji sequences "👩‍💻", "👨‍👩‍👧". At the ends of the text, beside a space or another
 *   invisible character they do nothing and are removed.
 * - Tag characters U+E0020–U+E007F right after U+1F3F4 (or a tag): emoji tag sequences such as
 *   the flags of England, Scotland and Wales.
 * - Variation selectors (U+FE00–U+FE0F: emoji vs text presentation; they are marks, not Cf),
 *   combining marks, and the Cf characters that are visible or structural (Arabic number signs
 *   U+0600–U+0605, Egyptian hieroglyph format controls…).
 *
 * Then leading and trailing white space (every Unicode space, tab, line break) is trimmed. Inside
 * the text spaces and line breaks are kept as typed. Pure; the same in the renderer and the core.
 */

/** Characters removed (see the module note); joiners and tags are decided by their neighbours first. */
const REMOVED = /(?=\p{Default_Ignorable_Code_Point})\p{Cf}|[\u3164\uFFA0]/u;
/** A visible character a joiner may join: a letter, mark, digit, emoji or emoji modifier. */
const JOINABLE = /[\p{L}\p{M}\p{N}\p{Extended_Pictographic}\p{Emoji_Modifier}]/u;
/** Tag characters (U+E0020–U+E007F), used after U+1F3F4 in emoji tag sequences. */
const TAG = /[\u{E0020}-\u{E007F}]/u;
const BLACK_FLAG = '\u{1F3F4}';

/** `text` by the cleaning rule of the module note: meaningless invisible characters removed, ends trimmed. */
export function cleanUserText(text: string): string {
  // Fast path: most text holds none of the characters the rule looks at.
  if (!/[\p{Cf}\u3164\uFFA0]/u.test(text)) return text.trim();
  const points = Array.from(text);
  const kept: string[] = [];
  for (let index = 0; index < points.length; index++) {
    const point = points[index]!;
    if (point === '\u200C' || point === '\u200D') {
      const before = points[index - 1];
      const after = points[index + 1];
      if (before !== undefined && after !== undefined && JOINABLE.test(before) && JOINABLE.test(after)) kept.push(point);
    } else if (TAG.test(point)) {
      const previous = kept.at(-1);
      if (previous !== undefined && (previous === BLACK_FLAG || TAG.test(previous))) kept.push(point);
    } else if (!REMOVED.test(point)) kept.push(point);
  }
  return kept.join('').trim();
}

/** True when `text` shows nothing once cleaned (empty, spaces, zero-width characters only). */
export function isBlankUserText(text: string): boolean {
  return cleanUserText(text) === '';
}
