/**
 * In-app notifications (issue 12): a toast when a call ends or fails while another view than the
 * Dialer is open (the Dialer shows the card itself), honouring Settings → Notifications
 * (`notifications.callEnded` for a call that ended, `notifications.callFailed` for one that could not
 * be placed or failed). React Aria's toast region: a landmark reachable with F6, each toast an alert
 * (read out at once), focus never taken; a toast closes itself after 8 s (paused while hovered or
 * focused) or with its close button.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import {
  Button,
  I18nProvider,
  Text,
  UNSTABLE_Toast as Toast,
  UNSTABLE_ToastContent as ToastContent,
  UNSTABLE_ToastQueue as ToastQueue,
  UNSTABLE_ToastRegion as ToastRegion,
} from 'react-aria-components';
import { useIntl } from 'react-intl';
import type { CallRecord } from '../../../shared/calls.ts';
import { FINAL_CALL_STATES } from '../../../shared/calls.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import type { Settings } from '../../../shared/settings.ts';
import { useBridge } from '../bridge-context.tsx';
import { OutcomeBadge, badgeOutcome } from '../components/OutcomeBadge.tsx';
import { describeCallState } from '../calls/describe-call.ts';
import { queryKey } from '../data/query.ts';
import styles from './CallToasts.module.css';

/** How long a toast stays (ms); React Aria pauses it while the region is hovered or focused. */
const TOAST_TIMEOUT_MS = 8000;

interface CallToast {
  readonly call: CallRecord;
  readonly party: string;
}

/** Which notification setting governs a finished call: a failure (not placed, or failed) or an ordinary end. */
export function toastKind(call: Pick<CallRecord, 'state' | 'outcome'>): keyof Settings['notifications'] {
  return call.state === 'failed' || call.outcome === 'failed' ? 'callFailed' : 'callEnded';
}

export function CallToasts({ dialerOpen }: { dialerOpen: boolean }) {
  const hoiio = useBridge();
  const intl = useIntl();
  const queryClient = useQueryClient();
  const [queue] = useState(() => new ToastQueue<CallToast>({ maxVisibleToasts: 3 }));
  const dialerOpenRef = useRef(dialerOpen);
  useEffect(() => {
    dialerOpenRef.current = dialerOpen;
  });

  useEffect(() => {
    const finished = new Set<string>();
    return hoiio.on.callUpdated((call) => {
      if (!FINAL_CALL_STATES.has(call.state) || finished.has(call.id)) return;
      finished.add(call.id);
      if (dialerOpenRef.current) return;
      const settings = queryClient.getQueryData<Settings>(queryKey('settings', 'get'));
      if (settings && !settings.notifications[toastKind(call)]) return;
      void partyOf(call).then((party) => queue.add({ call, party }, { timeout: TOAST_TIMEOUT_MS }));
    });

    /** The contact's name (through the cache) or the number as shown. */
    async function partyOf(call: CallRecord): Promise<string> {
      if (!call.contactId) return formatPhoneNumber(call.dest2);
      const input = { id: call.contactId };
      const contact = await queryClient
        .fetchQuery({ queryKey: queryKey('contacts', 'get', input), queryFn: () => hoiio.contacts.get(input) })
        .catch(() => null);
      return contact?.name ?? formatPhoneNumber(call.dest2);
    }
  }, [hoiio, queryClient, queue]);

  return (
    <I18nProvider locale={intl.locale}>
      <ToastRegion queue={queue} className={styles.region} aria-label={intl.formatMessage({ id: 'toast.region' })}>
        {({ toast }) => (
          <Toast toast={toast} className={styles.toast} data-testid="call-toast">
            <ToastContent className={styles.content}>
              <Text slot="title" className={styles.title}>
                {intl.formatMessage(
                  { id: toast.content.call.state === 'failed' ? 'toast.callNotPlaced' : 'toast.callEnded' },
                  { party: toast.content.party },
                )}
              </Text>
              <Text slot="description" className={styles.description}>
                {describeCallState(intl, toast.content.call)}
              </Text>
            </ToastContent>
            <OutcomeBadge outcome={badgeOutcome(toast.content.call)} />
            <Button slot="close" className={styles.close}>
              <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
                <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
              </svg>
            </Button>
          </Toast>
        )}
      </ToastRegion>
    </I18nProvider>
  );
}
