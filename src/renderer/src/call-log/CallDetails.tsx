import { FormattedMessage } from 'react-intl';
import type { CallLogEntry } from '../../../shared/call-log.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { formatHash } from '../app/route.ts';
import { OutcomeBadge, badgeOutcome } from '../components/OutcomeBadge.tsx';
import { useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import { CallDrawer } from './CallDrawer.tsx';
import styles from './call-log.module.css';
import { CallFacts } from './CallFacts.tsx';
import { NoteEditor } from './NoteEditor.tsx';
import { TeamNotes } from './TeamNotes.tsx';

/** The other side of a call in words: the linked contact's name, else the number. */
function partyOf(entry: CallLogEntry): string {
  return entry.contactName ?? formatPhoneNumber(entry.dest2);
}

/**
 * One call in full, in a drawer (CallDrawer: a modal <dialog>: focus stays inside, Escape closes,
 * focus goes back to the opener): its facts (CallFacts: legs and their statuses, txn_ref, caller
 * ID, rate, debit, where the final state came from, and its timeline); the user's note
 * (NoteEditor) and, in a team, the other members' notes and the own note's earlier versions
 * (TeamNotes); Call again, Add to contacts for an unknown number, and Delete (`onDelete`, asked to
 * confirm by the log) once ended.
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
  const { t } = useFormat();
  const call = useHoiioQuery('callLog', 'get', { id: callId });
  return (
    <CallDrawer
      query={call}
      titleId="call-details-title"
      party={partyOf}
      attributes={{ 'data-testid': 'call-details', 'data-call-id': callId }}
      onClose={onClose}
    >
      {(entry) => (
        <>
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
                onClick={() => onDelete(entry.id, partyOf(entry), entry.note !== null)}
              >
                <FormattedMessage id="callDelete.delete" />
              </button>
            )}
          </div>
          <NoteEditor callId={entry.id} />
          <TeamNotes callId={entry.id} localCallId={entry.id} />
          <CallFacts call={entry} placedHere />
        </>
      )}
    </CallDrawer>
  );
}
