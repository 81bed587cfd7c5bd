import { useEffect, useRef, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { OutcomeBadge, badgeOutcome } from '../components/OutcomeBadge.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import styles from './call-log.module.css';
import { TeamNotes } from './TeamNotes.tsx';

/**
 * A call another team member placed (issue 16), known on this desktop only from the team server
 * (`team.getCall`: no local call row), in the same drawer as CallDetails: who placed it, its
 * outcome, legs, Hoiio facts and timeline, and the team's notes on it (read-only: a note is edited
 * by its author, on a desktop that has the call). Call again; no delete (the call is not in this
 * desktop's log). `party`: the row's words for the other side (contact name or number).
 */
export function TeamCallDetails({
  teamId,
  party,
  onClose,
  onCall,
}: {
  teamId: string;
  party: string;
  onClose: () => void;
  onCall: (e164: string, contactId: string | null) => void;
}) {
  const { t, dateTime, money } = useFormat();
  const call = useHoiioQuery('team', 'getCall', { callId: teamId });
  const dialogRef = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    opener.current = document.activeElement;
    dialogRef.current?.showModal();
    return () => {
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    };
  }, []);
  const none = t('common.none');
  return (
    <dialog
      ref={dialogRef}
      className={styles.drawer}
      aria-labelledby="team-call-details-title"
      onClose={onClose}
      data-testid="team-call-details"
      data-team-id={teamId}
    >
      <QueryView query={call} label={t('callLog.details.loadingLabel')}>
        {(teamCall) => {
          const entry = teamCall.call;
          const item = (label: string, value: ReactNode) => (
            <>
              <dt>{label}</dt>
              <dd>{value ?? none}</dd>
            </>
          );
          const timeline = [
            ['callLog.details.created', entry.createdAt],
            ['callLog.details.answered', entry.answeredAt],
            // An unknown outcome's end time is when the app gave up on the call (e.g. at a restart), not when it ended.
            [
              badgeOutcome(entry) === 'unknown' ? 'callLog.details.markedUnknown' : 'callLog.details.ended',
              entry.endedAt,
            ],
            ['callLog.details.updated', entry.updatedAt],
          ].filter((step): step is [string, string] => step[1] !== null);
          return (
            <>
              <header className={styles.drawerHeader}>
                <h2 id="team-call-details-title">
                  <FormattedMessage id="callLog.details.title" values={{ party }} />
                </h2>
                <button type="button" className="small" onClick={() => dialogRef.current?.close()}>
                  <FormattedMessage id="common.close" />
                </button>
              </header>
              <p className={styles.inline}>
                <OutcomeBadge outcome={badgeOutcome(entry)} />
                <span>{t('callLog.placedBy.named', { member: teamCall.placedBy })}</span>
              </p>
              <p className="muted">
                <FormattedMessage id="teamCall.elsewhere" values={{ member: teamCall.placedBy }} />
              </p>
              <div className="row">
                <button type="button" className="primary" onClick={() => onCall(entry.dest2, null)}>
                  <FormattedMessage id="callLog.callAgain" />
                </button>
              </div>
              <TeamNotes callId={teamCall.id} localCallId={teamCall.localCallId} />
              <h3>
                <FormattedMessage id="callLog.details.legs" />
              </h3>
              <dl className={styles.facts}>
                {item(t('teamCall.callerLeg', { number: formatPhoneNumber(entry.dest1) }), entry.statusDest1)}
                {item(t('callLog.details.theirLeg', { number: formatPhoneNumber(entry.dest2) }), entry.statusDest2)}
              </dl>
              <h3>
                <FormattedMessage id="callLog.details.billing" />
              </h3>
              <dl className={styles.facts}>
                {item(t('callLog.details.txnRef'), entry.txnRef)}
                {item(t('callLog.details.callerId'), entry.callerId ? formatPhoneNumber(entry.callerId) : null)}
                {item(
                  t('callLog.details.rate'),
                  entry.rate && entry.currency ? money(entry.rate, entry.currency) : null,
                )}
                {item(
                  t('callLog.details.debit'),
                  entry.debit && entry.currency ? money(entry.debit, entry.currency) : null,
                )}
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
        }}
      </QueryView>
    </dialog>
  );
}
