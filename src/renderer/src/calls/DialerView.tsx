import { useCallback, useEffect, useRef } from 'react';
import { FormattedMessage } from 'react-intl';
import { ViewHeading, useNavigatedHere } from '../app/view-heading.tsx';
import { CallCard } from './CallCard.tsx';
import { DialForm } from './DialForm.tsx';
import { isActiveCall } from './describe-call.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { useFormat } from '../i18n/format.ts';
import { useSessionCalls, type Dialer } from './use-dialer.ts';
import styles from './calls.module.css';

interface DialerProps {
  dialer: Dialer;
  /** The number to start with (from a tel: link); give the view a new `key` to apply a new one. */
  initialNumber?: string | undefined;
}

export function DialerView({ dialer, initialNumber = '' }: DialerProps) {
  const { t } = useFormat();
  const calls = useSessionCalls();
  const navigated = useNavigatedHere();
  const focusCall = useFocusEndedCall();

  const active = calls.filter(isActiveCall);
  const recent = calls.filter((call) => !isActiveCall(call)).slice(0, 5);

  return (
    <section className="view" aria-labelledby="dialer-heading">
      <ViewHeading id="dialer-heading">
        <FormattedMessage id="dialer.title" />
      </ViewHeading>
      {/* On first load the number field is where the user starts; after navigation the heading has focus. */}
      <DialForm dialer={dialer} initialNumber={initialNumber} autoFocus={!navigated} />

      <h2>
        <FormattedMessage id="dialer.inProgress" />
      </h2>
      {active.length === 0 ? (
        <EmptyState title={t('dialer.noCalls')}>
          <FormattedMessage id="dialer.noCallsHint" />
        </EmptyState>
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
            {recent.map((call) => (
              <CallCard key={call.id} call={call} />
            ))}
          </ul>
        </>
      )}
    </section>
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
