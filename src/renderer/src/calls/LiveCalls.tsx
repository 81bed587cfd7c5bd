import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import type { CallRecord } from '../../../shared/calls.ts';
import { useFormat } from '../i18n/format.ts';
import { CallCard } from './CallCard.tsx';
import { isActiveCall } from './describe-call.ts';
import { useSessionCalls } from './use-dialer.ts';
import styles from './calls.module.css';

/** Calls ended in this session that stay on screen under the live ones. */
const RECENTLY_ENDED_SHOWN = 5;

/**
 * The live calls area of the Dialer: the list "Calls in progress" (one card per call, at most 8 as
 * Hoiio allows, hoiio-api.md §6) and the calls that just ended, each with its outcome. With no call in
 * progress it says what to do. `note` renders a call's note editor on ended cards (issue 13).
 */
export function LiveCalls({ note }: { note?: (callId: string) => ReactNode }) {
  const { t } = useFormat();
  const calls = useSessionCalls();
  const focusCall = useFocusEndedCall();
  const active = calls.filter(isActiveCall);
  const recent = calls.filter((call) => !isActiveCall(call)).slice(0, RECENTLY_ENDED_SHOWN);
  return (
    <div className={styles.liveCalls}>
      <h2 id="live-calls-heading">
        <FormattedMessage id="dialer.inProgress" />
      </h2>
      {active.length === 0 ? (
        <div className={styles.emptyCalls} data-testid="no-live-calls">
          <p className={styles.emptyTitle}>
            <FormattedMessage id="dialer.noCalls" />
          </p>
          <p className="muted">
            <FormattedMessage id="dialer.noCallsHint" />
          </p>
          <p>
            <FormattedMessage
              id="liveCalls.emptyAction"
              values={{ contacts: (text: ReactNode) => <a href="#/contacts">{text}</a> }}
            />
          </p>
        </div>
      ) : (
        <ul className={styles.callList} aria-label={t('dialer.inProgress')}>
          {active.map((call) => (
            <CallCard key={call.id} call={call} onHangup={focusCall} />
          ))}
        </ul>
      )}
      {recent.length > 0 && (
        <>
          <h2>
            <FormattedMessage id="dialer.justEnded" />
          </h2>
          <ul className={styles.callList} aria-label={t('dialer.recentlyEnded')}>
            {recent.map((call: CallRecord) => (
              <CallCard key={call.id} call={call} note={note?.(call.id)} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/**
 * After Hang up, focus goes to the call's card once it shows the end (it moves from the live list to
 * the ended one, a new element): checked after every render until then.
 */
function useFocusEndedCall(): (id: string) => void {
  const pending = useRef<string | null>(null);
  useEffect(() => {
    if (!pending.current) return;
    const card = document.querySelector<HTMLElement>(`[data-call-id="${CSS.escape(pending.current)}"]`);
    if (card && !['placing', 'live', 'unknown'].includes(card.dataset.state ?? '')) {
      card.focus();
      pending.current = null;
    }
  });
  return useCallback((id: string) => {
    pending.current = id;
  }, []);
}
