import { useCallback } from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import { callOutcome, lostCallReason, type CallRecord } from '../../../shared/calls.ts';
import { formatMoney, type Locale } from '../../../shared/i18n/index.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { describeCallError } from '../i18n/format.ts';
import { describeOutcome } from '../../../shared/call-outcome-words.ts';

/** A short status line for a call, in words a caller understands (catalogue `call.state.*`). */
export function describeCallState(intl: IntlShape, call: CallRecord): string {
  switch (call.state) {
    case 'placing':
      return intl.formatMessage({ id: 'call.state.placing' });
    case 'live':
      return intl.formatMessage({ id: 'call.state.live' }, { dest1: formatPhoneNumber(call.dest1) });
    case 'unknown':
      return intl.formatMessage({ id: 'call.state.unknown' });
    case 'failed':
      // Why the app lost a call is ours to word, in every locale alike; Hoiio's own errors come next.
      if (lostCallReason(call)) return intl.formatMessage({ id: failedCallKey(call) });
      return describeCallError(intl, call) ?? intl.formatMessage({ id: failedCallKey(call) });
    case 'ended':
      return describeEndedCall(intl, call);
  }
}

/**
 * The catalogue key for a failed call Hoiio's status does not explain: why the app lost it
 * (`call.lost.<reason>`), else "outcome unknown" for a call Hoiio had accepted (it has a
 * reference, so it was placed), else "could not be placed". Never "could not be placed" for a
 * call that was placed.
 */
export function failedCallKey(
  call: Pick<CallRecord, 'state' | 'errorStatus' | 'txnRef' | 'statusDest1' | 'statusDest2' | 'hangupRequestedAt'>,
): string {
  const reason = lostCallReason(call);
  if (reason) return `call.lost.${reason}`;
  return callOutcome(call) === 'unknown' ? 'call.lost.untracked' : 'call.state.failed';
}

/** Words per leg and cause (shared/call-outcome-words.ts, catalogue `outcome.*`), with the cost in the locale's money format. */
function describeEndedCall(intl: IntlShape, call: CallRecord): string {
  const words = describeOutcome(call);
  const cost =
    words.key === 'connected' && call.debit && call.currency
      ? formatMoney(intl.locale as Locale, call.debit, call.currency)
      : 'none';
  return intl.formatMessage(
    { id: `outcome.${words.key}` },
    words.key === 'connected' ? { ...words.params, cost } : words.params,
  );
}

/** The outcome word of a call ("Connected", "Busy", "In progress"…). */
export function outcomeLabel(intl: IntlShape, call: Pick<CallRecord, 'outcome' | 'state'>): string {
  if (call.outcome) return intl.formatMessage({ id: `call.outcome.${call.outcome}` });
  return intl.formatMessage({
    id: call.state === 'live' || call.state === 'placing' ? 'call.outcome.in_progress' : 'call.outcome.checking',
  });
}

/** `describeCallState` bound to the current locale. */
export function useDescribeCall(): (call: CallRecord) => string {
  const intl = useIntl();
  return useCallback((call: CallRecord) => describeCallState(intl, call), [intl]);
}

export function isActiveCall(call: CallRecord): boolean {
  return call.state === 'placing' || call.state === 'live' || call.state === 'unknown';
}
