/** voice/call: the two-leg call-back (hoiio-api.md §2.1). */
import { callRate, talktimeMinutes } from '../billing.ts';
import { parseNotifyUrl } from '../notifier.ts';
import { isNotSupported, isValidE164 } from '../numbers.ts';
import { error, type Endpoint } from './types.ts';

const MAX_TAG_CODE_POINTS = 256;
const MAX_DURATION_SECONDS = 86_400;

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export const voiceCall: Endpoint = {
  name: 'voice/call',
  rateLimited: true,
  async handle(state, params) {
    const { options, account, telephony } = state;

    // 8. Required parameters.
    const dest2 = params.get('dest2');
    if (dest2 === undefined) return error('error_dest2_param_missing');

    // 9. Formats.
    const dest1Param = params.get('dest1');
    if (dest1Param !== undefined && !isValidE164(dest1Param)) return error('error_dest1_invalid');
    if (!isValidE164(dest2)) return error('error_dest2_invalid');

    const callerId = params.get('caller_id') ?? options.registeredNumber;
    if (!state.callerIds().includes(callerId)) return error('error_caller_id_invalid');

    let maxDuration: number | undefined;
    const maxDurationParam = params.get('max_duration');
    if (maxDurationParam !== undefined) {
      maxDuration = /^[0-9]+$/.test(maxDurationParam) ? Number(maxDurationParam) : NaN;
      if (!(maxDuration >= 1 && maxDuration <= MAX_DURATION_SECONDS)) return error('error_invalid_max_duration');
    }

    const tag = params.raw('tag');
    if (tag !== undefined && codePoints(tag) > MAX_TAG_CODE_POINTS) return error('error_tag_invalid_length');

    const notifyUrl = params.get('notify_url');
    if (notifyUrl !== undefined) {
      const url = parseNotifyUrl(notifyUrl);
      if (url === null) return error('error_invalid_notify_url');
      const problem = await state.notifier.check(url);
      if (problem !== null) return error(problem);
      if (state.closed) return error('error_call_service_not_available');
    }

    // 10. Same number, on the effective dest1.
    const dest1 = dest1Param ?? options.registeredNumber;
    if (dest1 === dest2) return error('error_same_dest1_dest2');

    // 11. Not supported.
    if (isNotSupported(dest1)) return error('error_dest1_not_supported');
    if (isNotSupported(dest2)) return error('error_dest2_not_supported');

    // 12. Trial allowance, each effective leg.
    if (account.trial) {
      for (const number of [dest1, dest2]) {
        if (number !== options.registeredNumber && !options.trialAllowed.includes(number)) {
          return error('error_not_allowed_for_trial');
        }
      }
    }

    // 13. Credit: at least one minute at this call's rate.
    const rate = callRate(dest1, dest2);
    if (account.balance < rate) return error('error_insufficient_credit');

    // 14. Concurrency.
    if (telephony.liveCount >= options.maxConcurrentCalls) return error('error_concurrent_call_limit_reached');

    // 15. Armed fault. 16. Success.
    const fault = state.fault(this.name);
    if (fault) return fault;
    const call = telephony.create({
      dest1,
      dest2,
      callerId,
      tag,
      notifyUrl,
      maxDuration,
      rate,
      talktime: talktimeMinutes(account.balance, rate),
    });
    state.log(`${call.txnRef} accepted: ${dest1} -> ${dest2}`);
    return { txn_ref: call.txnRef, status: 'success_ok' };
  },
};
