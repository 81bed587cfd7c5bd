import { useCallUnavailable } from '../app/connectivity.ts';
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type RefObject,
} from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { readCallLinkText } from '../../../shared/call-link.ts';
import { interpretDestination } from '../../../shared/destination.ts';
import type { CountryCode } from '../../../shared/phone.ts';
import { useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import { Keypad } from './dialer/Keypad.tsx';
import { NumberField } from './dialer/NumberField.tsx';
import { NumberPreview } from './dialer/NumberPreview.tsx';
import { PriceLine } from './dialer/PriceLine.tsx';
import { useCallChoices } from './dialer/use-call-choices.ts';
import { suggestionText, type Suggestion } from './dialer/use-suggestions.ts';
import type { Dialer } from './use-dialer.ts';
import styles from './dialer/dialer.module.css';

// The comboboxes (React Aria, ~70 KB gzipped) load right after the first paint: the number field,
// the preview and Call do not wait for them.
const CountryPicker = lazy(() =>
  import('./dialer/CountryPicker.tsx').then((module) => ({ default: module.CountryPicker })),
);
const CallOptions = lazy(() => import('./dialer/CallOptions.tsx').then((module) => ({ default: module.CallOptions })));

/** The contract's bound on an extension carried with a call (calls.place: 1–20 digits). */
const MAX_EXTENSION_DIGITS = 20;
/** Until Settings has loaded (a moment at start-up), national numbers are read as Singapore's, the Settings default. */
const FALLBACK_COUNTRY = 'SG';

/** What typing on the Dialer page (outside a text field) adds to the number. */
const DIAL_KEY = /^[0-9*#+]$/;

/**
 * The keyboard dials anywhere on the Dialer: a digit, *, # or + typed while focus is not in a text
 * field (the heading after navigation, a button) goes to the number field, which takes focus.
 */
function useTypeToDial(inputRef: RefObject<HTMLInputElement | null>, onKey: (key: string) => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || !DIAL_KEY.test(event.key)) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], dialog, [role="listbox"]')) return;
      event.preventDefault();
      onKey(event.key);
      inputRef.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [inputRef, onKey]);
}

interface DialFormProps {
  readonly dialer: Dialer;
  /** The number to start with (from a tel: link). */
  readonly initialNumber: string;
  /** Focus the number field on mount (first load; after navigation the heading has focus). */
  readonly autoFocus: boolean;
}

/**
 * The Dialer's form: the number (with suggestions and the keypad), the country it is read in, what
 * will be dialled (or why it cannot be), its price, and this call's Call from, Caller ID and
 * maximum duration.
 */
export function DialForm({ dialer, initialNumber, autoFocus }: DialFormProps) {
  const intl = useIntl();
  const { error: word } = useFormat();
  const id = useId();
  const settings = useHoiioQuery('settings', 'get').data;
  const numbers = useHoiioQuery('account', 'getNumbers');
  const [text, setText] = useState(initialNumber);
  const [picked, setPicked] = useState<{ readonly id: string | null; readonly name: string | null } | null>(null);
  const [chosenCountry, setChosenCountry] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const country = (chosenCountry ?? settings?.defaultCountry ?? FALLBACK_COUNTRY) as CountryCode;
  // A pasted (or typed) tel:/callto: link is read by the link handler's own parser; a link it
  // refuses says why, in its words.
  const link = useMemo(() => readCallLinkText(text, country), [text, country]);
  const destination = useMemo(
    () => interpretDestination(link?.ok ? link.number : text, country),
    [link, text, country],
  );
  const matched = useHoiioQuery(
    'contacts',
    'findByNumber',
    { e164: destination.ok ? destination.e164 : '+10000000000' },
    { enabled: destination.ok && picked === null },
  ).data;
  const contactName = picked?.name ?? (destination.ok ? (matched?.name ?? null) : null);
  const choices = useCallChoices({ settings, numbers: numbers.data, destination, country });
  const { placing, error, clearError } = dialer;
  const unavailable = useCallUnavailable();

  useEffect(() => {
    if (autoFocus) inputRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on mount
  }, []);

  const edit = useCallback(
    (update: (previous: string) => string) => {
      setText(update);
      setPicked(null);
      setAttempted(false);
      clearError();
    },
    [clearError],
  );
  const onKey = useCallback((key: string) => edit((previous) => previous + key), [edit]);
  const onDelete = useCallback(() => edit((previous) => [...previous].slice(0, -1).join('')), [edit]);
  const onPick = useCallback(
    (suggestion: Suggestion) => {
      edit(() => suggestionText(suggestion));
      setPicked({ id: suggestion.contactId, name: suggestion.name });
    },
    [edit],
  );
  const onCountry = useCallback((next: string) => setChosenCountry(next), []);
  useTypeToDial(inputRef, onKey);

  // Set in the press's own handler: `placing` only changes on a later render, after a double click's second press.
  const pressed = useRef(false);
  const place = async (event: FormEvent) => {
    event.preventDefault();
    if (pressed.current || placing || unavailable) return;
    if (!destination.ok || choices.dest1Problem || choices.maxMinutesProblem) {
      setAttempted(true);
      inputRef.current?.focus();
      return;
    }
    const extension =
      destination.extension && destination.extension.length <= MAX_EXTENSION_DIGITS ? destination.extension : null;
    pressed.current = true;
    const placed = await dialer
      .dial(destination.e164, picked?.id ?? null, {
        dest1: choices.dest1,
        callerId: choices.callerId,
        maxDurationSeconds: choices.maxDurationSeconds,
        extension,
      })
      .finally(() => {
        pressed.current = false;
      });
    if (placed) edit(() => '');
    inputRef.current?.focus();
  };

  const previewId = `${id}-preview`;
  const priceId = `${id}-price`;
  return (
    <form className={styles.dialer} onSubmit={place} noValidate data-testid="dialer-form">
      <div className={styles.main}>
        <div className={styles.numberRow}>
          <Suspense fallback={<div className={styles.comboPlaceholder} />}>
            <CountryPicker
              value={country}
              onChange={onCountry}
              description={intl.formatMessage({ id: 'dialer.country.hint' })}
            />
          </Suspense>
          <NumberField
            id={`${id}-number`}
            inputRef={inputRef}
            value={text}
            onChange={(next) => edit(() => next)}
            onPick={onPick}
            describedBy={`${previewId} ${priceId}`}
            invalid={attempted || error !== null}
            country={country}
          />
          <button
            type="submit"
            className={`primary ${styles.callButton}`}
            aria-disabled={placing || unavailable !== null || text.trim() === ''}
            aria-describedby={unavailable ? `${id}-unavailable` : undefined}
          >
            <FormattedMessage id={placing ? 'dialer.calling' : 'dialer.call'} />
          </button>
        </div>
        <NumberPreview
          id={previewId}
          text={text}
          destination={destination}
          linkProblem={link?.ok === false ? link.reason : null}
          country={country}
          contactName={contactName}
          alert={attempted}
        />
        <div id={priceId}>
          <PriceLine dest2={destination.ok ? destination.e164 : null} dest1={choices.dest1} />
        </div>
        {unavailable && (
          <p id={`${id}-unavailable`} className="error-text" data-testid="call-unavailable">
            <FormattedMessage id={unavailable} />
          </p>
        )}
        {error && (
          <p className="error-text" role="alert" data-testid="dialer-error">
            {word(error)}
          </p>
        )}
        <Suspense fallback={<div className={styles.optionsPlaceholder} />}>
          <CallOptions
            choices={choices}
            numbers={numbers.data}
            numbersError={numbers.error}
            destination={destination}
            maxDurationDefaultSeconds={settings?.maxDurationSeconds ?? null}
            idPrefix={id}
          />
        </Suspense>
      </div>
      <Keypad onKey={onKey} onDelete={onDelete} />
    </form>
  );
}
