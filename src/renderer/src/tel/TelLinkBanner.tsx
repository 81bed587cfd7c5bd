import { useEffect, useState } from 'react';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { useBridge } from '../bridge-context.tsx';

type Pending =
  { kind: 'number'; number: string; extension: string | null } | { kind: 'rejected'; uri: string; reason: string };

/**
 * Offers a tel: link's number without acting on it: the link never switches views, never
 * replaces what the user typed, never takes focus, and never places a call. Only a click on
 * "Call …" (or "Open in Dialer", then Call) does. A bad link says why, naming the link.
 * The outcome is taken from the core on start (the link may be what started the app) and
 * whenever a push event says there is a new one.
 */
export function TelLinkBanner({
  onCall,
  onOpenInDialer,
}: {
  onCall: (number: string) => void;
  onOpenInDialer: (number: string) => void;
}) {
  const hoiio = useBridge();
  const [pending, setPending] = useState<Pending | null>(null);

  useEffect(() => {
    const take = () => {
      hoiio.telLinks.takePending().then(
        (taken) => {
          if (!taken) return;
          setPending(
            taken.event === 'dialRequested'
              ? { kind: 'number', number: taken.payload.number, extension: taken.payload.extension }
              : { kind: 'rejected', uri: taken.payload.uri, reason: taken.payload.reason },
          );
        },
        () => setPending({ kind: 'rejected', uri: '', reason: 'The app could not read the phone link. Try it again.' }),
      );
    };
    take();
    const offs = [hoiio.on.dialRequested(take), hoiio.on.telLinkRejected(take)];
    return () => offs.forEach((off) => off());
  }, [hoiio]);

  if (!pending) return null;
  const dismiss = () => setPending(null);
  if (pending.kind === 'rejected') {
    return (
      <div className="mode-banner tel-banner notice-banner" role="alert" data-testid="tel-link-banner">
        <span>
          This phone link cannot be called{pending.uri ? ` (${pending.uri})` : ''}: {pending.reason}
        </span>
        <button type="button" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  const shown = formatPhoneNumber(pending.number);
  return (
    <div className="mode-banner tel-banner" role="status" data-testid="tel-link-banner">
      <span>
        Phone link: {shown}
        {pending.extension && (
          <span data-testid="tel-link-extension">
            {' '}
            · extension {pending.extension}: Hoiio cannot dial it, so when the call connects, then dial{' '}
            {pending.extension}
          </span>
        )}
      </span>
      <button
        type="button"
        className="primary"
        onClick={() => {
          dismiss();
          onCall(pending.number);
        }}
      >
        Call {shown}
      </button>
      <button
        type="button"
        onClick={() => {
          dismiss();
          onOpenInDialer(pending.number);
        }}
      >
        Open in Dialer
      </button>
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
