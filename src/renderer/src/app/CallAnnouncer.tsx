import { useEffect, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import type { CallRecord } from '../../../shared/calls.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { useBridge } from '../bridge-context.tsx';
import { useDescribeCall } from '../calls/describe-call.ts';
import styles from './App.module.css';

/**
 * The one persistent polite live region: says each change of a call's state (placed, in
 * progress, ended with its outcome), whatever view is open. It is in the page from the start,
 * so screen readers register it before the first announcement.
 */
export function CallAnnouncer() {
  const hoiio = useBridge();
  const intl = useIntl();
  const describe = useDescribeCall();
  const [text, setText] = useState('');
  const lastState = useRef(new Map<string, string>());
  const describeRef = useRef(describe);
  useEffect(() => {
    describeRef.current = describe;
  });

  useEffect(
    () =>
      hoiio.on.callUpdated((call: CallRecord) => {
        const said = `${call.state}:${call.outcome ?? ''}`;
        if (lastState.current.get(call.id) === said) return;
        lastState.current.set(call.id, said);
        setText(
          intl.formatMessage(
            { id: 'live.callChanged' },
            { party: formatPhoneNumber(call.dest2), status: describeRef.current(call) },
          ),
        );
      }),
    [hoiio, intl],
  );

  return (
    <div
      className={styles.visuallyHidden}
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-testid="live-region"
    >
      {text}
    </div>
  );
}
