import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * "The request being answered is still making progress", for a shell whose request timeout
 * applies to silence, not to total duration (the browser host, src/host/server.ts). A shell runs
 * each request under `runWithActivity(onActivity, …)` (via `dispatch`'s `onActivity` option);
 * code doing long work on the request's behalf captures `currentActivity()` while it runs inside
 * that request (the async context follows every `await`) and calls it at each step:
 * - the database worker client on every progress message of that request
 *   (workers/database-worker-client.ts: imports, exports, backups, restores, clear older than);
 * - the start-up api while the request waits for an upgrade that reports steps (app/startup-state.ts).
 * Outside a request (retention, start-up checks, Electron's ipcMain, which has no timeout) it is a no-op.
 */
const activity = new AsyncLocalStorage<() => void>();

const nothing = (): void => undefined;

/** Runs `run` as one request whose progress calls `onActivity` (which must not throw). */
export function runWithActivity<T>(onActivity: () => void, run: () => T): T {
  return activity.run(onActivity, run);
}

/** The current request's progress signal (a no-op outside a request): capture it, then call it per step. */
export function currentActivity(): () => void {
  return activity.getStore() ?? nothing;
}
