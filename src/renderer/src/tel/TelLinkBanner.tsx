import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { useBridge } from '../bridge-context.tsx';
import { fitText } from '../../../shared/text-cut.ts';
import { regionName } from '../i18n/format.ts';
import styles from './tel.module.css';

type Pending =
  | { kind: 'number'; number: string; extension: string | null; assumedCountry: string | null }
  | { kind: 'rejected'; uri: string; reason: string };

/** Characters of a refused link the banner shows (the rest behind "…", the whole in its tooltip). */
const SHOWN_URI_LENGTH = 100;

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
  const intl = useIntl();
  const [pending, setPending] = useState<Pending | null>(null);

  useEffect(() => {
    const take = () => {
      hoiio.telLinks.takePending().then(
        (taken) => {
          if (!taken) return;
          setPending(
            taken.event === 'dialRequested'
              ? {
                  kind: 'number',
                  number: taken.payload.number,
                  extension: taken.payload.extension,
                  assumedCountry: taken.payload.assumedCountry,
                }
              : { kind: 'rejected', uri: taken.payload.uri, reason: taken.payload.reason },
          );
        },
        () => setPending({ kind: 'rejected', uri: '', reason: intl.formatMessage({ id: 'tel.unreadable' }) }),
      );
    };
    take();
    const offs = [hoiio.on.dialRequested(take), hoiio.on.telLinkRejected(take)];
    return () => offs.forEach((off) => off());
  }, [hoiio, intl]);

  if (!pending) return null;
  const dismiss = () => setPending(null);
  if (pending.kind === 'rejected') {
    return (
      <div className={`${styles.banner} ${styles.rejected}`} role="alert" data-testid="tel-link-banner">
        <span>
          <FormattedMessage
            id={pending.uri ? 'tel.rejectedUri' : 'tel.rejected'}
            values={{
              // A link of any length is echoed: shortened to keep the banner one or two lines, whole in the tooltip.
              uri: (
                <span title={pending.uri} data-testid="tel-link-uri">
                  {fitText(pending.uri, SHOWN_URI_LENGTH)}
                </span>
              ),
              reason: pending.reason,
            }}
          />
        </span>
        <button type="button" onClick={dismiss}>
          <FormattedMessage id="common.dismiss" />
        </button>
      </div>
    );
  }
  const shown = formatPhoneNumber(pending.number);
  return (
    <div className={styles.banner} role="status" data-testid="tel-link-banner">
      <span>
        <FormattedMessage id="tel.offered" values={{ number: shown }} />
        {pending.assumedCountry && (
          // A local number read in the default country: which country was assumed, before anything is dialled.
          <span className={styles.extension} data-testid="tel-link-assumed-country">
            <FormattedMessage id="tel.assumedCountry" values={{ country: regionName(intl, pending.assumedCountry) }} />
          </span>
        )}
        {pending.extension && (
          // Hoiio's voice/call cannot dial an extension: it is shown, never dropped (issue 9 item 3).
          <span className={styles.extension} data-testid="tel-link-extension">
            <FormattedMessage id="tel.extension" values={{ extension: pending.extension }} />
          </span>
        )}
      </span>
      <button
        type="button"
        className="primary"
        onClick={() => {
          dismiss();
          // The extension travels in RFC 3966 form; the core keeps it on the call record.
          onCall(withExtension(pending.number, pending.extension));
        }}
      >
        <FormattedMessage id="tel.call" values={{ number: shown }} />
      </button>
      <button
        type="button"
        onClick={() => {
          dismiss();
          onOpenInDialer(withExtension(pending.number, pending.extension));
        }}
      >
        <FormattedMessage id="tel.openInDialer" />
      </button>
      <button type="button" onClick={dismiss}>
        <FormattedMessage id="common.dismiss" />
      </button>
    </div>
  );
}

/** A number with its extension as RFC 3966 writes it ("+12015550123;ext=1234"), which the Dialer and the core read. */
function withExtension(number: string, extension: string | null): string {
  return extension ? `${number};ext=${extension}` : number;
}
