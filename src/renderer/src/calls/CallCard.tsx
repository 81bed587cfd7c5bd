import { useEffect, useRef, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import type { CallRecord } from '../../../shared/calls.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { useHoiioMutation } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import { describeCallState, isActiveCall, outcomeLabel } from './describe-call.ts';
import styles from './calls.module.css';

/**
 * One call: who, what is happening, the time since it was placed (while live) or its outcome, and Hang up.
 * After Hang up, focus stays on the card (the button goes away), so the keyboard user hears the end.
 */
export function CallCard({
  call,
  contactName,
  onHangup,
}: {
  call: CallRecord;
  contactName?: string | undefined;
  /** Called when Hang up is pressed: the card moves to the ended list, and focus should follow it there. */
  onHangup?: ((id: string) => void) | undefined;
}) {
  const { intl, error } = useFormat();
  const cardRef = useRef<HTMLLIElement>(null);
  // A refused hang-up leaves the card where it is: focus it so the error is read in context.
  const hangup = useHoiioMutation('calls', 'hangup', { onError: () => cardRef.current?.focus() });
  const active = isActiveCall(call);
  const party = contactName ?? formatPhoneNumber(call.dest2);

  return (
    <li
      ref={cardRef}
      tabIndex={-1}
      className={`${styles.card} ${styles[`state-${call.state}`] ?? ''}`}
      data-testid="call-card"
      data-call-id={call.id}
      data-state={call.state}
    >
      <div className={styles.cardMain}>
        <div>
          <strong>{party}</strong>
          {contactName && <span className="muted"> {formatPhoneNumber(call.dest2)}</span>}
          {call.extension && (
            // Hoiio cannot dial an extension (issue 9 item 3): the card says what to dial once answered.
            <span className="muted" data-testid="call-extension">
              <FormattedMessage id="call.thenDial" values={{ extension: call.extension }} />
            </span>
          )}
        </div>
        <div className={styles.status} data-testid="call-status">
          {describeCallState(intl, call)}
        </div>
        {hangup.error && (
          <div className="error-text" role="alert">
            {error(hangup.error)}
          </div>
        )}
      </div>
      <div className={styles.cardSide}>
        {active ? <Elapsed since={call.createdAt} /> : <span className={styles.badge}>{outcomeLabel(intl, call)}</span>}
        {call.state === 'live' && (
          <button
            type="button"
            className="danger"
            onClick={() => {
              if (hangup.isPending) return;
              onHangup?.(call.id);
              hangup.mutate({ id: call.id });
            }}
            aria-disabled={hangup.isPending}
          >
            <FormattedMessage id={hangup.isPending ? 'call.hangingUp' : 'call.hangUp'} />
          </button>
        )}
      </div>
    </li>
  );
}

function Elapsed({ since }: { since: string }) {
  const { t } = useFormat();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <span className={styles.elapsed} role="timer" aria-label={t('call.elapsed', { seconds })}>
      {text}
    </span>
  );
}
