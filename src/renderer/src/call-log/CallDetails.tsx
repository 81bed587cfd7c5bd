import { useEffect, useRef, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { formatHash } from '../app/route.ts';
import { OutcomeBadge, badgeOutcome } from '../components/OutcomeBadge.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { useHoiioQuery } from '../data/query.ts';
import { describeCallError, useFormat } from '../i18n/format.ts';
import styles from './call-log.module.css';
import { NoteEditor } from './NoteEditor.tsx';
import { TeamNotes } from './TeamNotes.tsx';

/**
 * One call in full, in a drawer (a modal <dialog>: focus stays inside, Escape closes, focus goes
 * back to the opener): its legs and their statuses, txn_ref, caller ID, rate, debit, where the
 * final state came from, and its timeline; the user's note (NoteEditor) and, in a team, the other
 * members' notes and the own note's earlier versions (TeamNotes); Call again, Add to
 * contacts for an unknown number, and Delete (`onDelete`, asked to confirm by the log) once ended.
 */
export function CallDetails({
  callId,
  onClose,
  onCall,
  onAddContact,
  onDelete,
}: {
  callId: string;
  onClose: () => void;
  onCall: (e164: string, contactId: string | null) => void;
  onAddContact: (e164: string) => void;
  onDelete?: (callId: string, party: string, hasNote: boolean) => void;
}) {
  const { t, intl, dateTime, money, number } = useFormat();
  const call = useHoiioQuery('callLog', 'get', { id: callId });
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
      aria-labelledby="call-details-title"
      onClose={onClose}
      data-testid="call-details"
      data-call-id={callId}
    >
      <QueryView query={call} label={t('callLog.details.loadingLabel')}>
        {(entry) => {
          const party = entry.contactName ?? formatPhoneNumber(entry.dest2);
          const error = describeCallError(intl, entry);
          const item = (label: string, value: ReactNode) => (
            <>
              <dt>{label}</dt>
              <dd>{value ?? none}</dd>
            </>
          );
          const timeline = [
            ['callLog.details.created', entry.createdAt],
            ['callLog.details.answered', entry.answeredAt],
            ['callLog.details.hangup', entry.hangupRequestedAt ?? null],
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
                <h2 id="call-details-title">
                  <FormattedMessage id="callLog.details.title" values={{ party }} />
                </h2>
                <button type="button" className="small" onClick={() => dialogRef.current?.close()}>
                  <FormattedMessage id="common.close" />
                </button>
              </header>
              <p className={styles.inline}>
                {/* The badge says the outcome (icon + word): not repeated as text. */}
                <OutcomeBadge outcome={badgeOutcome(entry)} />
                <span>{entry.mode === 'sandbox' ? t('callLog.details.simulated') : t('callLog.details.live')}</span>
              </p>
              <div className="row">
                <button type="button" className="primary" onClick={() => onCall(entry.dest2, entry.contactId)}>
                  <FormattedMessage id="callLog.callAgain" />
                </button>
                {entry.contactId && entry.contactName ? (
                  <a className={styles.linkButton} href={formatHash('contacts', [entry.contactId])}>
                    <FormattedMessage id="callLog.details.openContact" values={{ name: entry.contactName }} />
                  </a>
                ) : (
                  <button type="button" onClick={() => onAddContact(entry.dest2)}>
                    <FormattedMessage id="callLog.addToContacts" />
                  </button>
                )}
                {onDelete && entry.state !== 'placing' && entry.state !== 'live' && (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => onDelete(entry.id, party, entry.note !== null)}
                  >
                    <FormattedMessage id="callDelete.delete" />
                  </button>
                )}
              </div>
              <NoteEditor callId={entry.id} />
              <TeamNotes callId={entry.id} localCallId={entry.id} />
              <h3>
                <FormattedMessage id="callLog.details.legs" />
              </h3>
              <dl className={styles.facts}>
                {item(t('callLog.details.yourLeg', { number: formatPhoneNumber(entry.dest1) }), entry.statusDest1)}
                {item(t('callLog.details.theirLeg', { number: formatPhoneNumber(entry.dest2) }), entry.statusDest2)}
                {entry.extension && item(t('callLog.details.extension'), entry.extension)}
              </dl>
              <h3>
                <FormattedMessage id="callLog.details.billing" />
              </h3>
              <dl className={styles.facts}>
                {item(t('callLog.details.txnRef'), entry.txnRef)}
                {/* Whole minutes billed (Hoiio's duration); none until the call has ended. */}
                {item(
                  t('callLog.details.duration'),
                  entry.durationMinutes === null
                    ? null
                    : t('callLog.minutes', { minutes: number(entry.durationMinutes) }),
                )}
                {item(t('callLog.details.callerId'), entry.callerId ? formatPhoneNumber(entry.callerId) : null)}
                {item(
                  t('callLog.details.rate'),
                  entry.rate && entry.currency ? money(entry.rate, entry.currency) : null,
                )}
                {item(
                  t('callLog.details.debit'),
                  entry.debit && entry.currency ? money(entry.debit, entry.currency) : null,
                )}
                {item(t('callLog.details.source'), entry.finalSource ? t(`callLog.source.${entry.finalSource}`) : null)}
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
        }}
      </QueryView>
    </dialog>
  );
}
