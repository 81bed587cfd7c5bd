import { useMemo } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import type { AccountNumbers } from '../../../../shared/account.ts';
import type { Destination } from '../../../../shared/destination.ts';
import { formatPhoneNumber, type CountryCode } from '../../../../shared/phone.ts';
import { phoneProblemMessage } from '../../../../shared/phone-problem-words.ts';
import { ComboField, type ComboOption } from '../../components/ComboField.tsx';
import { describeError } from '../../i18n/format.ts';
import { useCountryName } from './countries.ts';
import { Flag } from './Flag.tsx';
import { LOCAL_PRESENCE, PRIVATE, type CallChoices } from './use-call-choices.ts';
import styles from './dialer.module.css';

interface CallOptionsProps {
  readonly choices: CallChoices;
  readonly numbers: AccountNumbers | undefined;
  readonly numbersError: unknown;
  /** The callee as interpreted (local presence needs its country). */
  readonly destination: Destination;
  readonly maxDurationDefaultSeconds: number | null;
  readonly idPrefix: string;
}

/**
 * Per-call choices, sent with this call only (Settings keeps the defaults): the combobox "Call from"
 * (your phone, rung first: the registered number or any number of yours), the combobox "Caller ID"
 * (user/get_info's caller_ids, `private`, or local presence) and an optional maximum duration.
 */
export function CallOptions(props: CallOptionsProps) {
  const { choices, numbers, destination } = props;
  const intl = useIntl();
  const nameOf = useCountryName();
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);

  const callFromOptions = useMemo<ComboOption[]>(() => {
    const options: ComboOption[] = [];
    if (numbers) {
      options.push({
        id: numbers.registeredNumber,
        text: formatPhoneNumber(numbers.registeredNumber),
        detail: intl.formatMessage({ id: 'dialer.number.registered' }),
      });
    }
    for (const number of choices.ownNumbers) {
      if (options.some((option) => option.id === number.e164)) continue;
      options.push({
        id: number.e164,
        text: formatPhoneNumber(number.e164),
        detail: intl.formatMessage({ id: number.detail }),
      });
    }
    return options;
  }, [numbers, choices.ownNumbers, intl]);

  const callerIdOptions = useMemo<ComboOption[]>(() => {
    const countryOf = new Map(numbers?.hoiioNumbers.map((entry) => [entry.number, entry.country]));
    const options: ComboOption[] = (numbers?.callerIds ?? []).map((callerId) => {
      if (callerId === PRIVATE) {
        return {
          id: PRIVATE,
          text: intl.formatMessage({ id: 'dialer.callerId.private' }),
          detail: intl.formatMessage({ id: 'dialer.callerId.privateDetail' }),
        };
      }
      const country = countryOf.get(callerId);
      return {
        id: callerId,
        text: formatPhoneNumber(callerId),
        icon: country ? <Flag country={country} /> : undefined,
        detail:
          callerId === numbers?.registeredNumber
            ? intl.formatMessage({ id: 'dialer.number.registered' })
            : country
              ? intl.formatMessage({ id: 'dialer.callerId.hoiioNumber' }, { country: nameOf(country) })
              : undefined,
      };
    });
    if (choices.callerIdDefault && !options.some((option) => option.id === choices.callerIdDefault)) {
      options.push({
        id: choices.callerIdDefault,
        text: formatPhoneNumber(choices.callerIdDefault),
        detail: intl.formatMessage({ id: 'dialer.number.settingsDefault' }),
      });
    }
    if (numbers && numbers.hoiioNumbers.length > 0) {
      options.push({
        id: LOCAL_PRESENCE,
        text: intl.formatMessage({ id: 'dialer.callerId.local' }),
        detail: intl.formatMessage({ id: 'dialer.callerId.localDetail' }),
      });
    }
    return options;
  }, [numbers, choices.callerIdDefault, intl, nameOf]);

  // The same words as the core and Settings (phone-problem-words.ts): "# (character 10) cannot be dialled".
  const failure = choices.dest1Failure;
  const callFromHint = failure
    ? describeDest1Problem(intl, failure.destination, choices.callFromText, failure.country, nameOf(failure.country))
    : t('dialer.callFrom.hint');
  const calleeCountry = destination.ok ? destination.country : undefined;
  const localHint =
    choices.callerIdChoice !== LOCAL_PRESENCE
      ? null
      : !destination.ok
        ? t('dialer.callerId.localWaiting')
        : choices.localPresence
          ? t('dialer.callerId.localPick', {
              number: formatPhoneNumber(choices.localPresence),
              country: nameOf(calleeCountry),
            })
          : t('dialer.callerId.localNone', {
              country: nameOf(calleeCountry) || t('dialer.unknownCountry'),
              number:
                choices.callerId === null
                  ? t('dialer.callerId.hoiioDefault')
                  : describeCallerId(intl, choices.callerId),
            });

  return (
    <fieldset className={styles.options}>
      <legend className={styles.optionsLegend}>
        <FormattedMessage id="dialer.options" />
      </legend>
      <div className={styles.optionsGrid}>
        <ComboField
          label={t('dialer.callFrom')}
          options={callFromOptions}
          value={choices.dest1Key}
          onChange={(id) => id && choices.setCallFromText(formatPhoneNumber(id))}
          allowsCustomValue
          inputValue={choices.callFromText}
          onInputChange={choices.setCallFromText}
          description={callFromHint}
          isInvalid={choices.dest1Problem}
          testId="dialer-call-from"
        />
        <ComboField
          label={t('dialer.callerId')}
          options={callerIdOptions}
          value={choices.callerIdChoice}
          onChange={(id) => choices.setCallerIdChoice(id)}
          description={localHint ?? t('dialer.callerId.hint')}
          placeholder={t('dialer.callerId.hoiioDefault')}
          testId="dialer-caller-id"
        />
        <div className={styles.maxDuration}>
          <label htmlFor={`${props.idPrefix}-max`} className={styles.fieldLabel}>
            <FormattedMessage id="dialer.maxDuration" />
          </label>
          <input
            id={`${props.idPrefix}-max`}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={choices.maxMinutesText}
            onChange={(event) => choices.setMaxMinutesText(event.target.value)}
            placeholder={
              props.maxDurationDefaultSeconds === null
                ? t('dialer.maxDuration.none')
                : t('dialer.maxDuration.default', { minutes: Math.ceil(props.maxDurationDefaultSeconds / 60) })
            }
            aria-invalid={choices.maxMinutesProblem}
            aria-describedby={`${props.idPrefix}-max-hint`}
          />
          <span
            id={`${props.idPrefix}-max-hint`}
            className={choices.maxMinutesProblem ? 'error-text small-text' : 'hint'}
          >
            {choices.maxMinutesProblem ? t('error.settings.maxDuration') : t('dialer.maxDuration.hint')}
          </span>
        </div>
      </div>
      {props.numbersError !== null && props.numbersError !== undefined && (
        <p className="error-text small-text" data-testid="dialer-numbers-error">
          {t('dialer.numbersError', { reason: describeError(intl, props.numbersError) })}
        </p>
      )}
    </fieldset>
  );
}

function describeCallerId(intl: ReturnType<typeof useIntl>, callerId: string): string {
  return callerId === PRIVATE ? intl.formatMessage({ id: 'dialer.callerId.private' }) : formatPhoneNumber(callerId);
}

/** Why the "Call from" text cannot ring your phone, in the core's words for dest1. */
function describeDest1Problem(
  intl: IntlShape,
  destination: Extract<Destination, { ok: false }>,
  text: string,
  country: CountryCode | undefined,
  countryName: string,
): string {
  const { key, params } = phoneProblemMessage(destination, text, 'dest1', country, countryName);
  return intl.formatMessage({ id: `error.${key}` }, params);
}
