/**
 * tel: and callto: links the OS hands over (RFC 3966; parsing in shared/call-link.ts). A link
 * never places a call: it publishes `dialRequested` (the number for the Dialer) or
 * `telLinkRejected` (why not), and keeps that outcome until a window takes it, because the link
 * can arrive before any window listens (it may be what started the app).
 */
import type { PendingTelLink } from '../../../shared/contract.ts';
import { parseCallLink } from '../../../shared/call-link.ts';
import type { CountryCode } from '../../../shared/phone.ts';
import { cutAtGraphemeBoundary } from '../../../shared/text-cut.ts';
import type { CoreEvents } from '../events.ts';

/** A rejected link is echoed back this long at most (characters, never half a grapheme). */
const TEL_LINK_ECHO_LENGTH = 200;

export class TelLinkService {
  readonly #events: CoreEvents;
  readonly #defaultCountry: () => CountryCode;
  #pending: PendingTelLink | null = null;

  /** `defaultCountry`: the user's (Settings → Calling), read when a link arrives; local numbers are read in it. */
  constructor(options: { readonly events: CoreEvents; readonly defaultCountry: () => CountryCode }) {
    this.#events = options.events;
    this.#defaultCountry = options.defaultCountry;
  }

  /** Reads a link and publishes its outcome; the outcome waits for `takePending`. */
  open(uri: string): void {
    const text = String(uri);
    const parsed = parseCallLink(text, this.#defaultCountry());
    const pending: PendingTelLink = parsed.ok
      ? {
          event: 'dialRequested',
          payload: {
            number: parsed.number,
            extension: parsed.extension,
            assumedCountry: parsed.assumedCountry,
            source: 'tel-link',
          },
        }
      : {
          event: 'telLinkRejected',
          payload: { uri: cutAtGraphemeBoundary(text, TEL_LINK_ECHO_LENGTH), reason: parsed.reason },
        };
    this.#pending = pending;
    if (pending.event === 'dialRequested') this.#events.emit('dialRequested', pending.payload);
    else this.#events.emit('telLinkRejected', pending.payload);
  }

  /** The last link's outcome not yet taken, or null; taking it clears it. */
  takePending(): PendingTelLink | null {
    const taken = this.#pending;
    this.#pending = null;
    return taken;
  }
}
