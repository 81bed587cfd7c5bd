/** voice/query_status (hoiio-api.md §2.2) and voice/hangup (§2.5). */
import type { Params } from '../params.ts';
import type { ApiResult, SandboxState } from '../state.ts';
import type { Call } from '../telephony.ts';
import { error, type Endpoint } from './types.ts';

/** Steps 8–9 shared by both: `txn_ref` present, then known to this account. */
function findCall(state: SandboxState, params: Params): Call | ApiResult {
  const txnRef = params.get('txn_ref');
  if (txnRef === undefined) return error('error_txn_ref_param_missing');
  return state.telephony.get(txnRef) ?? error('error_invalid_txn_ref');
}

export const queryStatus: Endpoint = {
  name: 'voice/query_status',
  rateLimited: true,
  handle(state, params) {
    const call = findCall(state, params);
    if ('status' in call) return call;
    return state.fault(this.name) ?? { status: 'success_ok', ...state.callRecord(call) };
  },
};

export const hangup: Endpoint = {
  name: 'voice/hangup',
  rateLimited: true,
  handle(state, params) {
    const call = findCall(state, params);
    if ('status' in call) return call;
    const fault = state.fault(this.name);
    if (fault) return fault;
    state.telephony.hangup(call, 'hangup');
    return { status: 'success_ok' };
  },
};
