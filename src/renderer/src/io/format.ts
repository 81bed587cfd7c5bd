const numbers = new Intl.NumberFormat();

/** 12345 → "12,345" in the user's locale. */
export function formatNumber(value: number): string {
  return numbers.format(value);
}

/** (1, ['call', 'calls']) → "1 call"; (2000, …) → "2,000 calls". */
export function countOf(count: number, [one, other]: readonly [string, string]): string {
  return `${formatNumber(count)} ${count === 1 ? one : other}`;
}
