import { validatePhoneNumberLength } from 'libphonenumber-js';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import type { Destination } from '../../../../shared/destination.ts';
import { formatPhoneNumber, readsAsName, type CountryCode } from '../../../../shared/phone.ts';
import { phoneProblemMessage } from '../../../../shared/phone-problem-words.ts';
import { Flag } from './Flag.tsx';
import { useCountryName } from './countries.ts';
import styles from './dialer.module.css';

/** The contract's limit on an extension carried with a call (calls.place `extension`: 1–20 digits). */
const MAX_EXTENSION_DIGITS = 20;

interface NumberPreviewProps {
  readonly id: string;
  /** What the user typed. */
  readonly text: string;
  readonly destination: Destination;
  /** Why a tel:/callto: link in the field cannot be used (call-link.ts `readCallLinkText`), or null. */
  readonly linkProblem?: string | null;
  /** The country national numbers are read as (the "Country" combobox). */
  readonly country: string;
  /** The contact the number belongs to, when there is one. */
  readonly contactName: string | null;
  /** Show the problem as an alert (after Call was pressed), not as a quiet hint. */
  readonly alert: boolean;
}

/**
 * What the Dialer will do, before Call: the number in international format with its country's
 * name and flag, the extension kept with the call, or in plain words why it cannot be dialled.
 */
export function NumberPreview({
  id,
  text,
  destination,
  linkProblem = null,
  country,
  contactName,
  alert,
}: NumberPreviewProps) {
  const intl = useIntl();
  const nameOf = useCountryName();
  if (!destination.ok) {
    const problem =
      linkProblem === null
        ? problemWords(intl, destination, text, country, nameOf(country), alert)
        : intl.formatMessage({ id: 'dialer.linkRefused' }, { reason: linkProblem });
    if (problem === null) {
      return (
        <p id={id} className={styles.preview} data-testid="dialer-preview">
          <span className="muted">
            <FormattedMessage id="dialer.typeHint" />
          </span>
        </p>
      );
    }
    return (
      <p
        id={id}
        // Quiet while typing (a name being searched is "not a number" too); red once Call was pressed.
        className={`${styles.preview} ${alert ? 'error-text' : ''}`}
        role={alert ? 'alert' : undefined}
        data-testid={alert ? 'dialer-error' : 'dialer-problem'}
      >
        {problem}
      </p>
    );
  }
  const formatted = formatPhoneNumber(destination.e164);
  const countryName = nameOf(destination.country);
  const extension = destination.extension;
  return (
    <div id={id} className={styles.previewBlock}>
      <p className={styles.preview} data-testid="dialer-interpreted">
        <Flag country={destination.country} />
        <span>
          <FormattedMessage
            id={contactName ? 'dialer.willCallContact' : 'dialer.willCall'}
            values={{
              number: <strong className={styles.previewNumber}>{formatted}</strong>,
              country: countryName || intl.formatMessage({ id: 'dialer.unknownCountry' }),
              name: contactName ?? '',
            }}
          />
        </span>
      </p>
      {!destination.valid && (
        <p className={`${styles.previewNote} ${styles.warning}`} data-testid="dialer-warning">
          <FormattedMessage id="error.phone.possibleNotValid" values={{ number: formatted }} />
        </p>
      )}
      {extension && (
        <p className={styles.previewNote} data-testid="dialer-extension">
          <FormattedMessage
            id={extension.length > MAX_EXTENSION_DIGITS ? 'dialer.extensionTooLong' : 'dialer.extension'}
            values={{ extension, max: MAX_EXTENSION_DIGITS }}
          />
        </p>
      )}
    </div>
  );
}

/** Refusals that, for digits alone, may only mean the number is not finished. */
const TOO_FEW_DIGITS_PROBLEMS = new Set<string>(['notValidForCountry', 'notANumber', 'notPossible']);

/** Why the typed text cannot be dialled, in the words the core would use (phone-problem-words.ts); null when empty and not yet tried. */
function problemWords(
  intl: IntlShape,
  destination: Extract<Destination, { ok: false }>,
  text: string,
  country: string,
  countryName: string,
  alert: boolean,
): string | null {
  if (destination.problem === 'empty' && !alert) return null;
  // Text with a letter reads as a name being searched (the hint invites names; "Person 1" has a digit
  // too): suggestions, no number error until Call is pressed.
  if (!alert && readsAsName(text)) return null;
  // Digits that are too few for a number of the country (or the one after +code) are a number
  // still being typed, not a number of another country.
  // ("Did you mean +65 …?" is kept when the digits are a whole number of another country.)
  const digitsOnly = /^[\s\d()+.-]+$/u.test(text.trim());
  if (TOO_FEW_DIGITS_PROBLEMS.has(destination.problem) && destination.suggestions.length === 0 && digitsOnly) {
    if (validatePhoneNumberLength(text, country as CountryCode) === 'TOO_SHORT') {
      return intl.formatMessage({ id: 'dialer.numberIncomplete' }, { text: text.trim(), countryName });
    }
  }
  const { key, params } = phoneProblemMessage(destination, text, 'dest2', country as CountryCode, countryName);
  return intl.formatMessage({ id: `error.${key}` }, params);
}
