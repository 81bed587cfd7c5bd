import { AppError } from '../../../shared/errors.ts';

/** "12.345" -> 12345 (integer thousandths). Exact: no floating point involved. */
export function moneyToThousandths(money: string): number {
  const match = /^(-?)(\d+)\.(\d{3})$/.exec(money);
  if (!match) throw new AppError('invalid_input', `"${money}" is not an amount with exactly 3 decimals.`);
  const [, sign, whole, fraction] = match;
  const value = Number(whole) * 1000 + Number(fraction);
  if (!Number.isSafeInteger(value)) throw new AppError('invalid_input', `The amount "${money}" is too large to store.`);
  return sign === '-' ? -value : value;
}

/** 12345 -> "12.345"; -5 -> "-0.005". The inverse of moneyToThousandths (except "-0.000" -> "0.000"). */
export function thousandthsToMoney(thousandths: number): string {
  if (!Number.isSafeInteger(thousandths))
    throw new AppError('internal', `Stored amount ${thousandths} is not an integer.`);
  const sign = thousandths < 0 ? '-' : '';
  const magnitude = Math.abs(thousandths);
  return `${sign}${Math.trunc(magnitude / 1000)}.${String(magnitude % 1000).padStart(3, '0')}`;
}
