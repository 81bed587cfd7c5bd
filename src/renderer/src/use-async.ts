import { errorSentence } from '../../shared/error-messages.ts';
import { useCallback, useEffect, useState } from 'react';

export type AsyncState<T> =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; value: T };

/** Runs `load` on mount, when `deps` change and when `reload` is called; tracks loading and error states. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  // A refresh keeps showing the current value (no flicker, scroll and focus kept) until the new
  // one arrives; only a retry after an error shows the spinner again.
  const reload = useCallback(() => {
    setState((current) => (current.status === 'error' ? { status: 'loading' } : current));
    setGeneration((value) => value + 1);
  }, []);

  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setState({ status: 'ready', value }),
      (error: unknown) => current && setState({ status: 'error', message: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists what `load` depends on
  }, [...deps, generation]);

  return [state, reload];
}

export function errorMessage(error: unknown): string {
  return errorSentence(error);
}
