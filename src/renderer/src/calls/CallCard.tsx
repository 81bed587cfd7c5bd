import { useId, useRef, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import type { CallRecord } from '../../../shared/calls.ts';
import { OutcomeBadge, badgeOutcome } from '../components/OutcomeBadge.tsx';
import { useHoiioMutation } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import { useNow } from './clock.ts';
import { useHostConnection } from '../app/host-connection.ts';
import { describeCallState, isActiveCall } from './describe-call.ts';
import { useCallParty } from './use-call-party.ts';
import styles from './calls.module.css';

/**
 * One call: who (the contact's name, else the number), what is happening, the time since it was placed
 * (while live) or its outcome in words, and Hang up. Hoiio says nothing between placing and the end (both
 * legs `ongoing`, hoiio-api.md §4), so a live card says only that: in progress, your phone rings first.
 * The list item is named by the party, so it can be found by the callee's name or number.
 * After Hang up, focus stays on the card (the button goes away), so the keyboard user hears the end.
 */
export function CallCard({
  call,
  onHangup,
  note,
}: {
  call: CallRecord;
  /** Called when Hang up is pressed: the card moves to the ended list, and focus should follow it there. */
  onHangup?: ((id: string) => void) | undefined;
  /** The call's note editor (issue 13), shown under the outcome once given. */
  note?: ReactNode;
}) {
  const { intl, error } = useFormat();
  const cardRef = useRef<HTMLLIElement>(null);
  const nameId = useId();
  // A refused hang-up leaves the card where it is: focus it so the error is read in context.
  const hangup = useHoiioMutation('calls', 'hangup', { onError: () => cardRef.current?.focus() });
  // Set in the press's handler: `hangup.isPending` reaches only a later render, after a double click's second press.
  const hangingUp = useRef(false);
  const active = isActiveCall(call);
  const party = useCallParty(call);
  // With the core out of reach the call may have ended: its clock stops rather than count on (issue: host died).
  const connection = useHostConnection();
  const stateUnknown = active && connection.status !== 'connected';

  return (
    <li
      ref={cardRef}
      tabIndex={-1}
      aria-labelledby={nameId}
      className={`${styles.card} ${styles[`state-${call.state}`] ?? ''}`}
      data-testid="call-card"
      data-call-id={call.id}
      data-state={call.state}
    >
      <div className={styles.cardHead}>
        <div className={styles.party}>
          <strong id={nameId}>{party.name}</strong>
          {party.number && <span className="muted">{party.number}</span>}
          {call.extension && (
            // Hoiio cannot dial an extension (issue 9 item 3): the card says what to dial once answered.
            <span className="muted" data-testid="call-extension">
              <FormattedMessage id="call.thenDial" values={{ extension: call.extension }} />
            </span>
          )}
        </div>
        <div className={styles.cardSide}>
          <OutcomeBadge outcome={badgeOutcome(call)} />
          {active && !stateUnknown && <Elapsed since={call.createdAt} />}
          {call.state === 'live' && (
            <button
              type="button"
              className="danger"
              onClick={() => {
                if (hangingUp.current || hangup.isPending) return;
                hangingUp.current = true;
                onHangup?.(call.id);
                hangup.mutate(
                  { id: call.id },
                  {
                    onSettled: () => {
                      hangingUp.current = false;
                    },
                  },
                );
              }}
              aria-disabled={hangup.isPending}
            >
              <FormattedMessage id={hangup.isPending ? 'call.hangingUp' : 'call.hangUp'} />
            </button>
          )}
        </div>
      </div>
      <p className={styles.status} data-testid="call-status">
        {describeCallState(intl, call)}
      </p>
      {stateUnknown && (
        <p className="error-text" data-testid="call-state-unknown">
          <FormattedMessage id="call.stateUnknownDisconnected" />
        </p>
      )}
      {hangup.error && (
        <p className="error-text" role="alert">
          {error(hangup.error)}
        </p>
      )}
      {note !== undefined && !active && <div className={styles.noteSlot}>{note}</div>}
    </li>
  );
}

/** Minutes:seconds since the call was placed, ticking on the shared clock (only this element re-renders). */
function Elapsed({ since }: { since: string }) {
  const { t } = useFormat();
  const now = useNow();
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <span className={styles.elapsed} role="timer" aria-label={t('call.elapsed', { seconds })}>
      {text}
    </span>
  );
}
