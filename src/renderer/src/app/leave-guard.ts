import { useEffect } from 'react';

/**
 * Asked before the view changes (a sidebar link, a view shortcut, an in-app link, Back or
 * Forward): returns true when it holds the change (unsaved edits: it asks the user first and
 * calls `proceed` if they choose to leave), false to let it go ahead at once.
 */
export type LeaveGuard = (proceed: () => void) => boolean;

const guards = new Set<LeaveGuard>();

/**
 * Whether a mounted guard holds this change of view; `proceed` makes the change once the user
 * agrees. Called by the one place each kind of change happens (App's setView and its popstate
 * handler, route.ts navigate).
 */
export function leaveIsHeld(proceed: () => void): boolean {
  for (const guard of guards) if (guard(proceed)) return true;
  return false;
}

/** Registers `guard` while the component is mounted (null: nothing to guard now). */
export function useLeaveGuard(guard: LeaveGuard | null): void {
  useEffect(() => {
    if (!guard) return;
    guards.add(guard);
    return () => {
      guards.delete(guard);
    };
  }, [guard]);
}
