import { AppError } from '../../../shared/errors.ts';
import { OPERATION_NAMES } from '../../../shared/channels.ts';
import type { CoreApi } from '../../../shared/contract.ts';
import { upgradePercent, type StartupState } from '../../../shared/startup.ts';
import type { CoreEvents } from '../events.ts';
import { currentActivity } from '../request-activity.ts';
import type { UpgradeProgress } from '../workers/protocol.ts';

/**
 * Where start-up is (shared/startup.ts): set by createCore as it goes, published on the bus as
 * `startupChanged`, read with `app.getStartup`.
 */
export class StartupTracker {
  #state: StartupState = { phase: 'starting' };
  readonly #events: CoreEvents;

  constructor(events: CoreEvents) {
    this.#events = events;
  }

  get state(): StartupState {
    return this.#state;
  }

  set(next: StartupState): void {
    this.#state = next;
    this.#events.emit('startupChanged', next);
  }

  /** The upgrade worker's report, as the start-up screen shows it. */
  upgradeProgress(progress: UpgradeProgress): void {
    if (progress.phase === 'checking') return this.set({ phase: 'checking' });
    const { step, steps, rowsDone, rowsTotal } = progress;
    this.set({ phase: 'upgrading', step, steps, rowsDone, rowsTotal, percent: upgradePercent(progress) });
  }

  failed(error: unknown): void {
    const known =
      error instanceof AppError
        ? error
        : new AppError('internal', 'An unexpected error stopped the app from starting. The log says more.');
    this.set({ phase: 'failed', error: known.toIpcError() });
  }
}

/**
 * The contract's operations from the first moment of start-up: `app.getStartup` answers at once
 * from `startup`; every other operation waits for `ready` and runs on the core it resolves to (or
 * rejects with start-up's error). The shells dispatch to this while the core starts. A request
 * waiting here is still making progress at each `startupChanged` (an upgrade's steps): its
 * request timeout (request-activity.ts) is renewed, so a long upgrade is not reported as a failure.
 */
export function waitingApi(ready: Promise<{ api: CoreApi }>, startup: StartupTracker, events: CoreEvents): CoreApi {
  const namespaces = Object.entries(OPERATION_NAMES).map(([namespace, names]) => {
    const operations = (names as readonly string[]).map((name) => {
      if (namespace === 'app' && name === 'getStartup') return [name, async () => startup.state] as const;
      const forward = async (input: unknown): Promise<unknown> => {
        const { api } = await waitFollowingStartup(ready, events);
        const target = (api as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[
          namespace
        ]!;
        return target[name]!(input);
      };
      return [name, forward] as const;
    });
    return [namespace, Object.fromEntries(operations)] as const;
  });
  return Object.fromEntries(namespaces) as unknown as CoreApi;
}

/** `ready`, telling the current request (request-activity.ts) at each start-up step that it is still waiting. */
async function waitFollowingStartup<T>(ready: Promise<T>, events: CoreEvents): Promise<T> {
  const onActivity = currentActivity();
  const unsubscribe = events.on('startupChanged', () => onActivity());
  try {
    return await ready;
  } finally {
    unsubscribe();
  }
}
