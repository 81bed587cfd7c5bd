/**
 * What About shows and the renderer re-reads when the mode changes: name, version, mode, data
 * folder, log file, and the notices start-up left for the user (a repaired database or settings
 * file). Publishes `appInfoChanged` when the account changes mode and when a notice is added.
 */
import type { AppInfo, Notice } from '../../../shared/contract.ts';
import packageJson from '../../../../package.json' with { type: 'json' };
import type { CoreEvents } from '../events.ts';

export class AppInfoService {
  readonly #notices: Notice[] = [];
  readonly #options: AppInfoServiceOptions;
  readonly #stopListening: () => void;

  constructor(options: AppInfoServiceOptions) {
    this.#options = options;
    this.#stopListening = options.events.on('accountChanged', () => this.#publish());
  }

  info(): AppInfo {
    return {
      name: packageJson.productName,
      version: packageJson.version,
      mode: this.#options.mode(),
      platform: process.platform,
      shell: this.#options.shell,
      dataDir: this.#options.dataDir,
      logFile: this.#options.logFile(),
      notices: [...this.#notices],
    };
  }

  /** Adds a notice for the user; `publish` false while starting (nothing listens yet). */
  addNotice(notice: Notice, { publish = true }: { readonly publish?: boolean } = {}): void {
    this.#notices.push(notice);
    if (publish) this.#publish();
  }

  close(): void {
    this.#stopListening();
  }

  #publish(): void {
    this.#options.events.emit('appInfoChanged', this.info());
  }
}

export interface AppInfoServiceOptions {
  readonly shell: AppInfo['shell'];
  readonly dataDir: string;
  readonly events: CoreEvents;
  /** Where calls go now (the account service's mode). */
  readonly mode: () => AppInfo['mode'];
  /** The log file being written now (it rotates). */
  readonly logFile: () => string;
}
