/**
 * English sentences from a catalogue outside React (logs, the `message` of every AppError, the
 * last-resort text): ICU MessageFormat through FormatJS's intl-messageformat, each message
 * compiled once. The renderer and main word the user's own locale through `createIntlFor`.
 */
import { IntlMessageFormat } from 'intl-messageformat';

const compiled = new Map<string, IntlMessageFormat>();

/**
 * The English sentence of message `id` in `catalogue` with its ICU arguments; undefined when the
 * catalogue has no such id. A missing argument yields the unfilled pattern (it still says what is
 * wrong), never a throw.
 */
export function englishMessage(
  catalogue: Readonly<Record<string, string>>,
  id: string,
  params: Record<string, string | number> = {},
): string | undefined {
  const source = catalogue[id];
  if (source === undefined) return undefined;
  let format = compiled.get(source);
  if (!format) {
    format = new IntlMessageFormat(source, 'en');
    compiled.set(source, format);
  }
  try {
    return String(format.format(params));
  } catch {
    return source;
  }
}
