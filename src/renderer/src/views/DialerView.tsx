import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CallRecord } from '../../../shared/calls.ts';
import { useBridge } from '../bridge-context.tsx';
import { CallCard } from '../calls/CallCard.tsx';
import { isActiveCall } from '../calls/describe-call.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { useAsync } from '../use-async.ts';
import type { Dialer } from '../calls/use-dialer.ts';

interface DialerProps {
  calls: CallRecord[];
  dialer: Dialer;
  /** The number to start with (from a tel: link); give the view a new `key` to apply a new one. */
  initialNumber?: string;
}

export function DialerView({ calls, dialer, initialNumber = '' }: DialerProps) {
  const hoiio = useBridge();
  const inputId = useId();
  const [number, setNumber] = useState(initialNumber);
  const [settings] = useAsync(() => hoiio.settings.get(), [hoiio]);
  const rate = useRateEstimate(number);
  const inputRef = useRef<HTMLInputElement>(null);
  const { placing, error } = dialer;

  useEffect(() => inputRef.current?.focus(), []);

  const place = async (event: FormEvent) => {
    event.preventDefault();
    if (placing) return;
    if (await dialer.dial(number, null)) setNumber('');
    inputRef.current?.focus();
  };

  const active = calls.filter(isActiveCall);
  const recent = calls.filter((call) => !isActiveCall(call)).slice(0, 5);
  const country = settings.status === 'ready' ? settings.value.defaultCountry : null;

  return (
    <section className="view" aria-labelledby="dialer-heading">
      <h1 id="dialer-heading">Dialer</h1>
      <form className="dialer" onSubmit={place} noValidate>
        <label htmlFor={inputId}>Number to call</label>
        <div className="dialer-row">
          <input
            id={inputId}
            ref={inputRef}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            placeholder="+1 415 555 0100"
            value={number}
            maxLength={64}
            onChange={(event) => {
              setNumber(event.target.value);
              dialer.clearError();
            }}
            aria-describedby={`${inputId}-hint`}
            aria-invalid={error !== null}
          />
          <button type="submit" className="primary" disabled={placing || number.trim() === ''}>
            {placing ? 'Calling…' : 'Call'}
          </button>
        </div>
        <p id={`${inputId}-hint`} className="hint">
          {rate ?? (country ? `Numbers without a + are treated as ${country} numbers (change it in Settings).` : ' ')}
        </p>
        {error && (
          <p className="error-text" role="alert" data-testid="dialer-error">
            {error}
          </p>
        )}
      </form>

      <h2>Calls in progress</h2>
      {active.length === 0 ? (
        <EmptyState title="No calls in progress">
          Your phone rings first; when you answer, Hoiio calls the number.
        </EmptyState>
      ) : (
        <ul className="call-list" aria-label="Calls in progress">
          {active.map((call) => (
            <CallCard key={call.id} call={call} />
          ))}
        </ul>
      )}
      {recent.length > 0 && (
        <>
          <h2>Just ended</h2>
          <ul className="call-list" aria-label="Recently ended calls">
            {recent.map((call) => (
              <CallCard key={call.id} call={call} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The per-minute price for the typed number, looked up once typing pauses. */
function useRateEstimate(number: string): string | null {
  const hoiio = useBridge();
  const [estimate, setEstimate] = useState<{ number: string; text: string } | null>(null);
  useEffect(() => {
    if (number.replace(/\D/g, '').length < 6) return;
    let current = true;
    const timer = setTimeout(() => {
      hoiio.rates.get({ dest2: number }).then(
        (rate) =>
          current &&
          setEstimate({
            number,
            text: `${rate.currency} ${rate.ratePerMinute} per minute; your balance covers ${rate.talktimeMinutes} min.`,
          }),
        () => current && setEstimate(null),
      );
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [hoiio, number]);
  return estimate?.number === number ? estimate.text : null;
}
