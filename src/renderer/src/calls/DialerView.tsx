import { FormattedMessage } from 'react-intl';
import { ViewHeading, useNavigatedHere } from '../app/view-heading.tsx';
import { DialForm } from './DialForm.tsx';
import { LiveCalls } from './LiveCalls.tsx';
import type { Dialer } from './use-dialer.ts';

interface DialerProps {
  dialer: Dialer;
  /** The number to start with (from a tel: link); give the view a new `key` to apply a new one. */
  initialNumber?: string | undefined;
}

/** The Dialer: the number and its choices (DialForm), then this session's live and ended calls. */
export function DialerView({ dialer, initialNumber = '' }: DialerProps) {
  const navigated = useNavigatedHere();
  return (
    <section className="view" aria-labelledby="dialer-heading">
      <ViewHeading id="dialer-heading">
        <FormattedMessage id="dialer.title" />
      </ViewHeading>
      {/* On first load the number field is where the user starts; after navigation the heading has focus. */}
      <DialForm dialer={dialer} initialNumber={initialNumber} autoFocus={!navigated} />
      <LiveCalls />
    </section>
  );
}
