/**
 * The desktop shell's state in the core (issue 14): the shell reports what it learns (the
 * updater's state, the OS's tel:/callto: handler, the global shortcut's registration) and the
 * core pushes it to every window as `desktopStateChanged`, through the same validated push path
 * as every other event (forwardPushEvents). The core never imports electron: the shell passes
 * its actions (restart to update) in. A shell without them (the browser host) keeps
 * BROWSER_HOST_DESKTOP_STATE and answers 'unsupported'. The `desktop.*` operations are
 * handlers/desktop.ts.
 */
import { BROWSER_HOST_DESKTOP_STATE, DesktopStateSchema, type DesktopState } from '../../shared/desktop.ts';
import { AppError } from '../../shared/errors.ts';
import { englishErrorMessage } from '../../shared/error-messages.ts';
import type { CoreEvents } from './events.ts';

/** What the shell does on the renderer's behalf. */
export interface DesktopShellActions {
  /** Quits and installs the downloaded update (electron-updater's quitAndInstall). */
  restartToUpdate(): void;
}

export interface DesktopShellOptions {
  /** The state at start (the shell reports changes with `report`). */
  readonly initial: DesktopState;
  readonly actions: DesktopShellActions;
}

const NO_UPDATE_KEY = 'desktop.noUpdate';

export class DesktopStateHub {
  readonly #events: CoreEvents;
  readonly #actions: DesktopShellActions | null;
  #state: DesktopState;

  constructor(events: CoreEvents, options: DesktopShellOptions | undefined) {
    this.#events = events;
    this.#actions = options?.actions ?? null;
    this.#state = options ? DesktopStateSchema.parse(options.initial) : BROWSER_HOST_DESKTOP_STATE;
  }

  get state(): DesktopState {
    return this.#state;
  }

  /**
   * The shell learned something: merges `patch` and pushes the new state when it changed.
   * Throws (zod) when the patch is outside DesktopStateSchema: the shell's bug, never shown.
   */
  report(patch: Partial<DesktopState>): void {
    const next = DesktopStateSchema.parse({ ...this.#state, ...patch });
    if (JSON.stringify(next) === JSON.stringify(this.#state)) return;
    this.#state = next;
    this.#events.emit('desktopStateChanged', next);
  }

  /**
   * Asks the shell to quit and install the downloaded update; returns the state it had.
   * Refused ('unsupported', keyed) when no update is ready or the shell has no updater.
   */
  restartToUpdate(): DesktopState {
    if (this.#state.update.kind !== 'ready' || !this.#actions)
      throw new AppError('unsupported', englishErrorMessage(NO_UPDATE_KEY), undefined, { key: NO_UPDATE_KEY });
    this.#actions.restartToUpdate();
    return this.#state;
  }
}
