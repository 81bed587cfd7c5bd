/** voice/query_status (hoiio-api.md §2.2) and voice/hangup (§2.5). */
import { error, type Endpoint } from './types.ts';

export const queryStatus: Endpoint = {
  name: 'voice/query_status',
  rateLimited: true,
  handle(state, params) {
    const txnRef = params.get('txn_ref');
    if (txnRef === undefined) return error('error_txn_ref_param_missing');
    const call = state.telephony.get(txnRef);
    if (call === undefined) return error('error_invalid_txn_ref');
    return state.fault(this.name) ?? { status: 'success_ok', ...state.callRecord(call) };
  },
};

export const hangup: Endpoint = {
  name: 'voice/hangup',
  rateLimited: true,
  handle(state, params) {
    const txnRef = params.get('txn_ref');
    if (txnRef === undefined) return error('error_txn_ref_param_missing');
    const call = state.telephony.get(txnRef);
    if (call === undefined) return error('error_invalid_txn_ref');
    const fault = state.fault(this.name);
    if (fault) return fault;
    state.telephony.hangup(call, 'hangup');
    return { status: 'success_ok' };
  },
};
