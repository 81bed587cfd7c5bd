import type { CallOutcome, CallRecord } from '../../../shared/calls.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { describeOutcome, englishOutcome } from '../../../shared/call-outcome-words.ts';

const OUTCOME_LABELS: Record<CallOutcome, string> = {
  connected: 'Connected',
  busy: 'Busy',
  no_answer: 'No answer',
  failed: 'Failed',
  error: 'Not placed',
  unknown: 'Outcome unknown',
};

/** A short status line for a call, in words a caller understands. */
export function describeCallState(call: CallRecord): string {
  switch (call.state) {
    case 'placing':
      return 'Placing the call…';
    case 'live':
      return `In progress: Hoiio rings your phone (${formatPhoneNumber(call.dest1)}), then connects you.`;
    case 'unknown':
      return 'Checking with Hoiio whether the call went through…';
    case 'failed':
      return call.errorMessage ?? 'The call could not be placed.';
    case 'ended':
      return describeEndedCall(call);
  }
}

function describeEndedCall(call: CallRecord): string {
  return englishOutcome(describeOutcome(call));
}

export function outcomeLabel(call: CallRecord): string {
  if (call.outcome) return OUTCOME_LABELS[call.outcome];
  return call.state === 'live' || call.state === 'placing' ? 'In progress' : 'Checking';
}

export function isActiveCall(call: CallRecord): boolean {
  return call.state === 'placing' || call.state === 'live' || call.state === 'unknown';
}
