/** voice/get_rate (hoiio-api.md §2.4): a price lookup; places no call, so no same-number/trial/credit check. */
import { callRate, formatMoney, talktimeMinutes } from '../billing.ts';
import { isNotSupported, isValidE164 } from '../numbers.ts';
import { error, type Endpoint } from './types.ts';

export const getRate: Endpoint = {
  name: 'voice/get_rate',
  rateLimited: true,
  handle(state, params) {
    const dest1 = params.get('dest1');
    if (dest1 === undefined) return error('error_dest1_param_missing');
    const dest2 = params.get('dest2');
    if (dest2 === undefined) return error('error_dest2_param_missing');
    if (!isValidE164(dest1)) return error('error_dest1_invalid');
    if (!isValidE164(dest2)) return error('error_dest2_invalid');
    if (isNotSupported(dest1)) return error('error_dest1_not_supported');
    if (isNotSupported(dest2)) return error('error_dest2_not_supported');
    const fault = state.fault(this.name);
    if (fault) return fault;
    const rate = callRate(dest1, dest2);
    return {
      status: 'success_ok',
      currency: state.options.currency,
      rate: formatMoney(rate),
      talktime: String(talktimeMinutes(state.account.balance, rate)),
    };
  },
};
