import { leaveIsHeld } from './leave-guard.ts';

/**
 * The view state kept in the URL's hash, so Back and Forward restore it: `#/<view>[/<id>][?<params>]`
 * (`#/contacts/<id>` is a contact's page, `#/calls?range=7d&outcome=busy` the log with its filter).
 */
export interface Route {
  readonly view: string;
  /** Path segments after the view (`['<id>']` for a contact page). */
  readonly path: readonly string[];
  readonly params: URLSearchParams;
}

export function parseHash(hash: string = location.hash): Route {
  const [pathPart = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const [view = '', ...path] = pathPart.split('/').map((segment) => decodeURIComponent(segment));
  return { view, path, params: new URLSearchParams(query) };
}

/** The hash for a view, path and params (empty params left out). */
export function formatHash(view: string, path: readonly string[] = [], params: Record<string, string> = {}): string {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== '')).toString();
  return `#/${[view, ...path].map(encodeURIComponent).join('/')}${query ? `?${query}` : ''}`;
}

/**
 * Goes to a new view state (a history entry: Back returns here); the shell follows through popstate.
 * Held (nothing happens yet) while a leave guard asks the user first (app/leave-guard.ts).
 */
export function navigate(hash: string): void {
  if (location.hash === hash) return;
  const go = () => {
    history.pushState(null, '', hash);
    window.dispatchEvent(new PopStateEvent('popstate'));
  };
  if (!leaveIsHeld(go)) go();
}

/** Records the view's current filter in its history entry (no new entry: Back still leaves the view). */
export function replaceParams(view: string, params: Record<string, string>, path: readonly string[] = []): void {
  const hash = formatHash(view, path, params);
  if (location.hash !== hash) history.replaceState(null, '', hash);
}
