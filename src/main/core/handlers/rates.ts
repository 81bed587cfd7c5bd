import type { CoreApi } from '../../../shared/contract.ts';
import type { RateService } from '../calls/rate-service.ts';

/** `rates.*`: the price of a call before placing it (calls/rate-service.ts). */
export function ratesHandlers(rates: RateService): CoreApi['rates'] {
  return {
    get: (input) => rates.rate(input),
  };
}
