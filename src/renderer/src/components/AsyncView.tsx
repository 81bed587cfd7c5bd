import type { ReactNode } from 'react';
import type { AsyncState } from '../use-async.ts';

/** Shows a spinner while loading, the error with a retry button, or the content. */
export function AsyncView<T>({
  state,
  retry,
  label,
  children,
}: {
  state: AsyncState<T>;
  retry: () => void;
  label: string;
  children: (value: T) => ReactNode;
}) {
  if (state.status === 'loading') {
    return (
      <div className="loading" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" /> Loading {label}…
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="error-panel" role="alert">
        <p>
          Could not load {label}: {state.message}
        </p>
        <button type="button" onClick={retry}>
          Try again
        </button>
      </div>
    );
  }
  return <>{children(state.value)}</>;
}
