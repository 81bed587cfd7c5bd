/** user/get_balance (§2.6), user/get_info (§2.7) and number/get_active (§2.8). */
import { formatMoney } from '../billing.ts';
import { formatDate } from '../dates.ts';
import { callingCodeOf, countryOf } from '../numbers.ts';
import { type Endpoint } from './types.ts';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

export const getBalance: Endpoint = {
  name: 'user/get_balance',
  rateLimited: true,
  handle(state) {
    const points = formatMoney(state.account.balance);
    return (
      state.fault(this.name) ?? {
        status: 'success_ok',
        currency: state.options.currency,
        balance: points,
        points,
        bonus: '0.000',
      }
    );
  },
};

export const getInfo: Endpoint = {
  name: 'user/get_info',
  rateLimited: false,
  handle(state) {
    const number = state.options.registeredNumber;
    return (
      state.fault(this.name) ?? {
        status: 'success_ok',
        uid: 'AA-1',
        name: 'Sandbox Demo',
        mobile_number: number,
        caller_ids: state.callerIds(),
        country: countryOf(number),
        prefix: `+${callingCodeOf(number)}`,
        currency: state.options.currency,
        time_zone: 'GMT+0800SG',
        user_status: state.account.trial ? 'trial' : 'active',
      }
    );
  },
};

export const getActive: Endpoint = {
  name: 'number/get_active',
  rateLimited: false,
  handle(state) {
    const numbers = state.options.hoiioNumbers;
    const expiry = formatDate(state.startedAt + YEAR_MS);
    return (
      state.fault(this.name) ?? {
        status: 'success_ok',
        total_entries_count: String(numbers.length),
        entries_count: String(numbers.length),
        entries: numbers.map((number) => ({
          number,
          mode: 'voice',
          expiry,
          auto_extend_status: 'enabled',
          country: countryOf(number),
          capabilities: ['VOICE'],
        })),
      }
    );
  },
};
