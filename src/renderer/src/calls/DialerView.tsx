import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import { useQuery } from '@tanstack/react-query';
import { useBridge } from '../bridge-context.tsx';
import { ViewHeading, useNavigatedHere } from '../app/view-heading.tsx';
import { LiveCalls } from './LiveCalls.tsx';
import { useCallUnavailable } from '../app/connectivity.ts';
import { useHoiioQuery } from '../data/query.ts';
import { useDebounced } from '../use-debounced.ts';
import { useFormat } from '../i18n/format.ts';
import type { Dialer } from './use-dialer.ts';
import styles from './calls.module.css';

interface DialerProps {
  dialer: Dialer;
  /** The number to start with (from a tel: link); give the view a new `key` to apply a new one. */
  initialNumber?: string | undefined;
}

export function DialerView({ dialer, initialNumber = '' }: DialerProps) {
  const { t, error: word } = useFormat();
  const inputId = useId();
  const [number, setNumber] = useState(initialNumber);
  const settings = useHoiioQuery('settings', 'get').data;
  const rate = useRateEstimate(number);
  const inputRef = useRef<HTMLInputElement>(null);
  const navigated = useNavigatedHere();
  const { placing, error } = dialer;
  const unavailable = useCallUnavailable();

  // On first load the field is where the user starts; after navigation the heading has focus.
  useEffect(() => {
    if (!navigated) inputRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on mount
  }, []);

  const place = async (event: FormEvent) => {
    event.preventDefault();
    if (placing || unavailable || number.trim() === '') return;
    if (await dialer.dial(number, null)) setNumber('');
    inputRef.current?.focus();
  };

  const country = settings?.defaultCountry;

  return (
    <section className="view" aria-labelledby="dialer-heading">
      <ViewHeading id="dialer-heading">
        <FormattedMessage id="dialer.title" />
      </ViewHeading>
      <form className={styles.dialer} onSubmit={place} noValidate>
        <label htmlFor={inputId}>
          <FormattedMessage id="dialer.number" />
        </label>
        <div className={styles.dialerRow}>
          <input
            id={inputId}
            ref={inputRef}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            placeholder={t('dialer.placeholder')}
            value={number}
            maxLength={64}
            onChange={(event) => {
              setNumber(event.target.value);
              dialer.clearError();
            }}
            aria-describedby={`${inputId}-hint`}
            aria-invalid={error !== null}
          />
          <button
            type="submit"
            className="primary"
            aria-disabled={placing || unavailable !== null || number.trim() === ''}
            aria-describedby={unavailable ? `${inputId}-unavailable` : undefined}
          >
            <FormattedMessage id={placing ? 'dialer.calling' : 'dialer.call'} />
          </button>
        </div>
        <p id={`${inputId}-hint`} className="hint">
          {rate ?? (country ? t('dialer.countryHint', { country }) : null)}
        </p>
        {unavailable && (
          <p id={`${inputId}-unavailable`} className="error-text" data-testid="call-unavailable">
            <FormattedMessage id={unavailable} />
          </p>
        )}
        {error && (
          <p className="error-text" role="alert" data-testid="dialer-error">
            {word(error)}
          </p>
        )}
      </form>

      <LiveCalls />
    </section>
  );
}

/** The per-minute price for the typed number, looked up (through the cache) once typing pauses. */
function useRateEstimate(number: string): string | null {
  const hoiio = useBridge();
  const { t, money, number: formatNumber } = useFormat();
  const settled = useDebounced(number, 400);
  const enough = settled.replace(/\D/g, '').length >= 6;
  const rate = useQuery({
    queryKey: ['rates', 'get', { dest2: settled }],
    queryFn: () => hoiio.rates.get({ dest2: settled }),
    enabled: enough,
    staleTime: 5 * 60_000,
  });
  if (!enough || settled !== number || !rate.data) return null;
  return t('dialer.rate', {
    price: money(rate.data.ratePerMinute, rate.data.currency),
    minutes: formatNumber(rate.data.talktimeMinutes),
  });
}
