/**
 * The app's settings as a service every other one reads (calls, contacts, tel: links, the account
 * runtime): the settings file (settings-store.ts) plus the one rule that spans services, the base
 * URL lock. Changes run on the queue shared with account changes (serial-queue.ts).
 */
import { AppError } from '../../../shared/errors.ts';
import type { Settings, SettingsPatch } from '../../../shared/settings.ts';
import type { SerialQueue } from '../serial-queue.ts';
import type { SettingsRecovery, SettingsStore } from './settings-store.ts';

export const BASE_URL_LOCKED_MESSAGE =
  'Remove your Hoiio credentials before changing the API address, then enter them again ' +
  'so they are checked against the new address.';

export class SettingsService {
  readonly #store: SettingsStore;
  readonly #changes: SerialQueue;

  constructor(options: { readonly store: SettingsStore; readonly changes: SerialQueue }) {
    this.#store = options.store;
    this.#changes = options.changes;
  }

  /** Where an unreadable settings file was moved at start-up (defaults were used); null normally. */
  get recoveredFrom(): SettingsRecovery | null {
    return this.#store.recoveredFrom;
  }

  get(): Settings {
    return this.#store.get();
  }

  /**
   * Changes settings; listeners (onChange) run before this resolves, so a new tunnel preference
   * takes effect at once. Throws AppError 'conflict' when the base URL would change while
   * credentials are saved: the token was verified against the current address, and every request
   * to a new one would carry it there unchecked. 'invalid_input' for a bad patch, 'storage' when
   * the file cannot be written.
   */
  update(patch: SettingsPatch): Promise<Settings> {
    return this.#changes.run(() => {
      const previous = this.#store.get();
      // Account changes run on the same queue and set the App ID before going live and clear it
      // before leaving live mode, so here "an App ID is saved" is "credentials are saved".
      if (patch.baseUrl !== undefined && patch.baseUrl !== previous.baseUrl && this.#store.getAppId() !== null) {
        throw new AppError('conflict', BASE_URL_LOCKED_MESSAGE);
      }
      return this.#store.update(patch);
    });
  }

  /** The Hoiio App ID, or null before credentials are saved (the token is in the keychain, never here). */
  appId(): string | null {
    return this.#store.getAppId();
  }

  /** Saves or forgets the App ID; only the account service calls this, on the shared queue. */
  setAppId(appId: string | null): void {
    this.#store.setAppId(appId);
  }

  /** Called after every change of the settings (not of the App ID); returns the unsubscribe function. */
  onChange(listener: (settings: Settings, previous: Settings) => void): () => void {
    return this.#store.onChange(listener);
  }
}
