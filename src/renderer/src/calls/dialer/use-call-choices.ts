import { useMemo, useState } from 'react';
import { localPresenceCallerId, type AccountNumbers } from '../../../../shared/account.ts';
import { interpretDestination, type Destination } from '../../../../shared/destination.ts';
import { formatPhoneNumber, type CountryCode } from '../../../../shared/phone.ts';
import type { Settings } from '../../../../shared/settings.ts';
import { readWholeNumber } from '../../../../shared/whole-number.ts';

/** The Caller ID choice "local presence": your Hoiio Number in the callee's country. */
export const LOCAL_PRESENCE = '@local-presence';
/** hoiio-api.md §8: the hidden caller ID is always sent as `private`. */
export const PRIVATE = 'private';
/** The longest per-call limit the Dialer offers: 24 h, Hoiio's max_duration bound (§2.1, 86,400 s). */
export const MAX_DURATION_MINUTES = 1440;

/** The per-call choices of the Dialer and what they send (calls.place `dest1`, `callerId`, `maxDurationSeconds`). */
export interface CallChoices {
  /** The "Call from" field's text (the Settings default, formatted, until edited). */
  readonly callFromText: string;
  readonly setCallFromText: (text: string) => void;
  /** Your phone for this call (E.164), or null: Hoiio's default, the registered number. */
  readonly dest1: string | null;
  /** The "Call from" option the text is, if any. */
  readonly dest1Key: string | null;
  /** The "Call from" text is not a number Hoiio can ring. */
  readonly dest1Problem: boolean;
  /** Why, as `interpretDestination` said it (null when there is no problem), and the country it was read in. */
  readonly dest1Failure: {
    readonly destination: Extract<Destination, { ok: false }>;
    readonly country: CountryCode | undefined;
  } | null;
  /** Your numbers besides the registered one (the Settings default), with the catalogue id of their description. */
  readonly ownNumbers: readonly { readonly e164: string; readonly detail: string }[];
  /** The "Caller ID" option shown as chosen: a caller ID, PRIVATE or LOCAL_PRESENCE. */
  readonly callerIdChoice: string | null;
  readonly setCallerIdChoice: (choice: string | null) => void;
  /** Settings' default caller ID, else the registered number (Hoiio's default). */
  readonly callerIdDefault: string | null;
  /** What is sent as caller_id: the choice, local presence's pick or the default; null = Hoiio's default. */
  readonly callerId: string | null;
  /** Local presence's pick for the callee's country, or null when you have no Hoiio Number there. */
  readonly localPresence: string | null;
  readonly maxMinutesText: string;
  readonly setMaxMinutesText: (text: string) => void;
  readonly maxMinutesProblem: boolean;
  /** Seconds, or null: the Settings default applies. */
  readonly maxDurationSeconds: number | null;
}

interface Inputs {
  readonly settings: Settings | undefined;
  readonly numbers: AccountNumbers | undefined;
  readonly destination: Destination;
  readonly country: CountryCode | undefined;
}

/**
 * Per-call choices: start at the Settings defaults (Call from: Settings' own phone, else the
 * registered number; Caller ID: Settings' default, else the registered number), change for the
 * calls placed from this Dialer visit only.
 */
export function useCallChoices({ settings, numbers, destination, country }: Inputs): CallChoices {
  const [editedCallFrom, setCallFromText] = useState<string | null>(null);
  const [chosenCallerId, setCallerIdChoice] = useState<string | null>(null);
  const [maxMinutesText, setMaxMinutesText] = useState('');

  const defaultDest1 = settings?.defaultDest1 ?? numbers?.registeredNumber ?? null;
  const callFromText = editedCallFrom ?? (defaultDest1 ? formatPhoneNumber(defaultDest1) : '');
  const callFrom = useMemo(() => interpretDestination(callFromText, country), [callFromText, country]);
  const dest1 = callFrom.ok ? callFrom.e164 : null;
  const dest1Problem = !callFrom.ok && callFrom.problem !== 'empty';

  const settingsDest1 = settings?.defaultDest1 ?? null;
  const registeredNumber = numbers?.registeredNumber ?? null;
  const ownNumbers = useMemo(
    () =>
      settingsDest1 && settingsDest1 !== registeredNumber
        ? [{ e164: settingsDest1, detail: 'dialer.number.settingsDefault' }]
        : [],
    [settingsDest1, registeredNumber],
  );

  // Both sources already say `private` for a hidden number (the core reads `p` as `private`, §9 C8).
  const callerIdDefault = settings?.defaultCallerId ?? numbers?.registeredNumber ?? null;
  const callerIdChoice = chosenCallerId ?? callerIdDefault;
  const localPresence = numbers && destination.ok ? localPresenceCallerId(numbers, destination.country) : null;
  const callerId = callerIdChoice === LOCAL_PRESENCE ? (localPresence ?? callerIdDefault) : callerIdChoice;

  const maxMinutes = maxMinutesText.trim();
  const maxMinutesRead = maxMinutes === '' ? null : readWholeNumber(maxMinutes, { min: 1, max: MAX_DURATION_MINUTES });
  const maxMinutesValid = maxMinutesRead === null || maxMinutesRead.ok;

  return {
    callFromText,
    setCallFromText,
    dest1,
    dest1Key: dest1,
    dest1Problem,
    dest1Failure: !callFrom.ok && dest1Problem ? { destination: callFrom, country } : null,
    ownNumbers,
    callerIdChoice,
    setCallerIdChoice,
    callerIdDefault,
    callerId,
    localPresence,
    maxMinutesText,
    setMaxMinutesText,
    maxMinutesProblem: !maxMinutesValid,
    maxDurationSeconds: maxMinutesRead?.ok ? maxMinutesRead.value * 60 : null,
  };
}
