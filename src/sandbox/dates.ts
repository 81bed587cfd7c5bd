/**
 * Dates on the wire: `YYYY-MM-DD HH:mm:ss` in GMT+8 (Singapore, no daylight saving), with an optional
 * `.digits` fraction that parsers accept and ignore (hoiio-api.md §1).
 */

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)?$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DD HH:mm:ss` (plus `.0` when `fraction`) for a UTC instant in milliseconds. */
export function formatDateTime(ms: number, fraction = false): string {
  const d = new Date(ms + OFFSET_MS);
  const text =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return fraction ? `${text}.0` : text;
}

/** `YYYY-MM-DD` in GMT+8 for a UTC instant in milliseconds. */
export function formatDate(ms: number): string {
  return formatDateTime(ms).slice(0, 10);
}

/**
 * Parses a GMT+8 date-time into a UTC instant in milliseconds (the fraction is ignored), or null when
 * the text is not in the format or names a date that does not exist (2024-02-30, 25:00:00).
 */
export function parseDateTime(text: string): number | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(local);
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    back.getUTCHours() !== hour ||
    back.getUTCMinutes() !== minute ||
    back.getUTCSeconds() !== second
  ) {
    return null;
  }
  return local - OFFSET_MS;
}
