import { useQuery } from '@tanstack/react-query';
import { useBridge } from '../../bridge-context.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useDebounced } from '../../use-debounced.ts';
import styles from './dialer.module.css';

/** Prices change rarely; the minutes the balance covers change after each call (a new query then). */
const PRICE_STALE_MS = 60_000;

interface PriceLineProps {
  /** The callee, E.164, or null while the typed number cannot be dialled. */
  readonly dest2: string | null;
  /** Your phone for this call, E.164; null = Hoiio's default (the core uses Settings, then the registered number). */
  readonly dest1: string | null;
}

/**
 * The price before dialling, for the chosen legs: voice/get_rate's per-minute rate of the whole call
 * (both legs, hoiio-api.md §2.4) and the minutes the balance covers, looked up through the core
 * (`rates.get`, cached) once the number has stayed the same for a moment.
 */
export function PriceLine({ dest2, dest1 }: PriceLineProps) {
  const hoiio = useBridge();
  const { t, money, number, error: word } = useFormat();
  // A string, not an object: a new object every render would restart the wait each time.
  const key = JSON.stringify([dest2, dest1]);
  const settledKey = useDebounced(key, 300);
  const settled = settledKey === key;
  const [settledDest2, settledDest1] = JSON.parse(settledKey) as [string | null, string | null];
  const legs = { dest2: settledDest2, dest1: settledDest1 };
  const rate = useQuery({
    queryKey: ['rates', 'get', { dest2: legs.dest2, dest1: legs.dest1 }],
    queryFn: () => hoiio.rates.get({ dest2: legs.dest2 ?? '', dest1: legs.dest1 }),
    enabled: legs.dest2 !== null,
    staleTime: PRICE_STALE_MS,
  });
  let text: string | null = null;
  if (dest2 !== null && settled && rate.data) {
    text = t('dialer.rate', {
      price: money(rate.data.ratePerMinute, rate.data.currency),
      minutes: number(rate.data.talktimeMinutes),
    });
  } else if (dest2 !== null && settled && rate.error) {
    text = t('dialer.price.unavailable', { reason: word(rate.error) });
  } else if (dest2 !== null) {
    text = t('dialer.price.loading');
  }
  return (
    <p className={styles.price} data-testid="dialer-price" aria-live="off">
      {text}
    </p>
  );
}
