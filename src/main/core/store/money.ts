import { AppError } from '../../../shared/errors.ts';
import { moneyToThousandths as wireMoneyToThousandths, WireFormatError } from '../hoiio/wire.ts';

/**
 * The store keeps money as integer thousandths (exact, summable). The conversion itself is
 * defined once, in hoiio/wire.ts (the wire's "0.000" strings, hoiio-api.md §1); here a bad
 * amount becomes the store's AppError('invalid_input').
 */
export function moneyToThousandths(money: string): number {
  try {
    return wireMoneyToThousandths(money);
  } catch (error) {
    if (!(error instanceof WireFormatError)) throw error;
    throw new AppError('invalid_input', `"${money}" is not an amount with exactly 3 decimals that can be stored.`);
  }
}

export { thousandthsToMoney } from '../hoiio/wire.ts';
