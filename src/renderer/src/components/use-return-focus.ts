import { useCallback, useState } from 'react';

/**
 * Remembers what had focus when a panel or form opened (read on its first render, while the button
 * that opened it still has focus) and returns a function that puts focus back there.
 */
export function useReturnFocus(): () => void {
  const [opener] = useState(() => document.activeElement);
  return useCallback(() => {
    // After React has removed the panel: focus moved into it would otherwise fall to the body.
    requestAnimationFrame(() => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    });
  }, [opener]);
}
