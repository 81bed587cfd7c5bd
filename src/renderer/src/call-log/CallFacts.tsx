import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import type { CallRecord } from '../../../shared/calls.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { badgeOutcome } from '../components/OutcomeBadge.tsx';
import { describeCallError, useFormat } from '../i18n/format.ts';
import styles from './call-log.module.css';

/**
 * The facts of one call, as both call drawers list them (CallDetails for a call of this desktop's
 * log, TeamCallDetails for a call another team member placed): its legs and their statuses, its
 * Hoiio billing facts (txn_ref, caller ID, rate and debit in the call's currency) and its timeline
 * (created, answered, ended, last updated), each under its heading. A fact not known yet reads
 * "None".
 *
 * `placedHere`: the call is in this desktop's log (CallDetails). The first leg then reads as the
 * user's own ("Your leg") instead of the caller's, and the list adds what the log keeps of its own
 * calls: the extension dialled after the answer, the whole minutes billed, where the final state
 * came from, the error Hoiio gave, and when Hang up was used. Without it (a team call) these stay
 * out, as the team drawer has always shown them.
 */
export function CallFacts({ call, placedHere }: { call: Omit<CallRecord, 'contactId'>; placedHere: boolean }) {
  const { t, intl, dateTime, money, number } = useFormat();
  const none = t('common.none');
  const item = (label: string, value: ReactNode) => (
    <>
      <dt>{label}</dt>
      <dd>{value ?? none}</dd>
    </>
  );
  const error = placedHere ? describeCallError(intl, call) : null;
  const timeline = [
    ['callLog.details.created', call.createdAt],
    ['callLog.details.answered', call.answeredAt],
    ['callLog.details.hangup', placedHere ? (call.hangupRequestedAt ?? null) : null],
    // An unknown outcome's end time is when the app gave up on the call (e.g. at a restart), not when it ended.
    [badgeOutcome(call) === 'unknown' ? 'callLog.details.markedUnknown' : 'callLog.details.ended', call.endedAt],
    ['callLog.details.updated', call.updatedAt],
  ].filter((step): step is [string, string] => step[1] !== null);
  const firstLeg = placedHere ? 'callLog.details.yourLeg' : 'teamCall.callerLeg';
  return (
    <>
      <h3>
        <FormattedMessage id="callLog.details.legs" />
      </h3>
      <dl className={styles.facts}>
        {item(t(firstLeg, { number: formatPhoneNumber(call.dest1) }), call.statusDest1)}
        {item(t('callLog.details.theirLeg', { number: formatPhoneNumber(call.dest2) }), call.statusDest2)}
        {placedHere && call.extension && item(t('callLog.details.extension'), call.extension)}
      </dl>
      <h3>
        <FormattedMessage id="callLog.details.billing" />
      </h3>
      <dl className={styles.facts}>
        {item(t('callLog.details.txnRef'), call.txnRef)}
        {/* Whole minutes billed (Hoiio's duration); none until the call has ended. */}
        {placedHere &&
          item(
            t('callLog.details.duration'),
            call.durationMinutes === null ? null : t('callLog.minutes', { minutes: number(call.durationMinutes) }),
          )}
        {item(t('callLog.details.callerId'), call.callerId ? formatPhoneNumber(call.callerId) : null)}
        {item(t('callLog.details.rate'), call.rate && call.currency ? money(call.rate, call.currency) : null)}
        {item(t('callLog.details.debit'), call.debit && call.currency ? money(call.debit, call.currency) : null)}
        {placedHere &&
          item(t('callLog.details.source'), call.finalSource ? t(`callLog.source.${call.finalSource}`) : null)}
        {error && item(t('callLog.details.error'), error)}
      </dl>
      <h3>
        <FormattedMessage id="callLog.details.timeline" />
      </h3>
      <ol className={styles.timeline}>
        {timeline.map(([label, at]) => (
          <li key={label}>
            <time dateTime={at}>{dateTime(at)}</time>
            <span className={styles.step}>{t(label)}</span>
          </li>
        ))}
      </ol>
    </>
  );
}
