/**
 * How a call ended, in words per leg and per cause (issue 9 item 6): who was busy, who did not
 * answer, who could not be reached, and that you hung up. Hoiio's leg statuses cannot tell your
 * hang-up from the callee's (both read `unanswered` on a leg still ringing), so the app records
 * when its own Hang up was used (`hangupRequestedAt`) and words from that.
 *
 * Wording: src/shared/i18n/locales/<locale>/outcomes.json (keys `outcome.*`, ICU MessageFormat).
 * `describeOutcome` gives the key and arguments, worded by the renderer's and main's FormatJS
 * catalogues; `englishOutcome` (call-outcome-english.ts) the English sentence for logs and tests.
 * This module imports no catalogue: the renderer bundles it, and a static import of a locale file
 * would put that locale into the first-screen chunk for every language.
 */
import type { CallRecord, LegStatus } from './calls.ts';

export interface OutcomeWords {
  /** Catalogue key without the `outcome.` prefix, e.g. `otherSide.busy`. */
  readonly key: string;
  readonly params: Record<string, string | number>;
}

type EndedFields = Pick<
  CallRecord,
  'statusDest1' | 'statusDest2' | 'durationMinutes' | 'debit' | 'currency' | 'hangupRequestedAt'
>;

/** The words for an ended call: connected with minutes and cost, else the leg that decided it and why. */
export function describeOutcome(call: EndedFields): OutcomeWords {
  const { statusDest1: leg1, statusDest2: leg2 } = call;
  if (leg1 === 'answered' && leg2 === 'answered') {
    const cost = call.debit && call.currency ? `${call.currency} ${call.debit}` : 'none';
    return { key: 'connected', params: { minutes: call.durationMinutes ?? 0, cost } };
  }
  const hungUp = call.hangupRequestedAt !== null && call.hangupRequestedAt !== undefined;
  if (leg1 !== 'answered') return { key: `yourPhone.${cause(leg1, hungUp)}`, params: {} };
  return { key: `otherSide.${cause(leg2, hungUp)}`, params: {} };
}

/** Busy and failed are Hoiio's word; "not answered" while you had pressed Hang up is your hang-up. */
function cause(status: LegStatus | null, hungUp: boolean): string {
  if (status === 'busy' || status === 'failed') return status;
  return hungUp ? 'hungUp' : 'unanswered';
}
