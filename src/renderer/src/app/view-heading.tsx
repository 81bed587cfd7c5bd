import { createContext, useCallback, useContext, useRef, type ReactNode, type RefObject } from 'react';

/** Set by the shell when the user navigates; the next view heading to mount takes focus once. */
const HeadingFocus = createContext<{ current: boolean }>({ current: false });

export function HeadingFocusProvider({
  pendingRef,
  children,
}: {
  pendingRef: { current: boolean };
  children: ReactNode;
}) {
  return <HeadingFocus.Provider value={pendingRef}>{children}</HeadingFocus.Provider>;
}

/**
 * A view's <h1>: after navigation it takes focus (so a screen reader says where you are and Tab
 * starts from the top of the view); on first load the view decides (the Dialer focuses its field).
 */
export function ViewHeading({
  id,
  focusRef,
  children,
}: {
  id: string;
  /** Receives the heading element, for a view that moves focus to it later (e.g. after a save). */
  focusRef?: RefObject<HTMLHeadingElement | null>;
  children: ReactNode;
}) {
  const pendingRef = useContext(HeadingFocus);
  const seen = useRef(false);
  const ref = useCallback(
    (element: HTMLHeadingElement | null) => {
      if (focusRef) focusRef.current = element;
      if (!element || seen.current) return;
      seen.current = true;
      if (pendingRef.current) {
        pendingRef.current = false;
        element.focus();
      }
    },
    [pendingRef, focusRef],
  );
  return (
    <h1 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

/** True while the heading of a view the user just navigated to is about to take focus. */
export function useNavigatedHere(): boolean {
  return useContext(HeadingFocus).current;
}
