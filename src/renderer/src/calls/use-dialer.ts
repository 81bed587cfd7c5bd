import { useCallback, useState } from 'react';
import type { CallRecord } from '../../../shared/calls.ts';
import { useBridge } from '../bridge-context.tsx';
import { errorMessage } from '../use-async.ts';

export interface Dialer {
  readonly placing: boolean;
  /** Why the last call could not be placed, in words for the user. */
  readonly error: string | null;
  /** Places one call (Hoiio rings real phones: never call this from an effect). Resolves true if placed. */
  dial(number: string, contactId: string | null): Promise<boolean>;
  clearError(): void;
  /** Shows a message in the dialer's error area (e.g. why a tel: link could not be used). */
}

/** Placing calls, shared by the dialer form and every click-to-call button. */
export function useDialer(remember: (call: CallRecord) => void): Dialer {
  const hoiio = useBridge();
  const [placing, setPlacing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const dial = useCallback(
    async (number: string, contactId: string | null) => {
      setPlacing(true);
      setError(null);
      try {
        remember(await hoiio.calls.place({ dest2: number, contactId }));
        return true;
      } catch (failure) {
        setError(errorMessage(failure));
        return false;
      } finally {
        setPlacing(false);
      }
    },
    [hoiio, remember],
  );
  const clearError = useCallback(() => setError(null), []);
  return { placing, error, dial, clearError };
}
