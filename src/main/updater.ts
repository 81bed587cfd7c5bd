/**
 * electron-updater wiring: a generic feed fixed at build time, checked at start and daily, a
 * newer version downloaded in the background; "Restart to update" is offered (tray and a
 * notification) once the download is complete. Every decision is in ./updater-policy.ts.
 */
import electronUpdater, { type AppUpdater } from 'electron-updater';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  isUpdate,
  shouldCheckForUpdates,
  UPDATE_CHECK_INTERVAL_MS,
  updateChannel,
  updateConfigYaml,
  updateFeedUrl,
  type UpdaterState,
} from './updater-policy.ts';

/** Replaced at build time (electron.vite.config.ts `define`): the feed folder's address, or ''. */
declare const __HOIIO_UPDATE_FEED_URL__: string;

export interface Updater {
  readonly state: () => UpdaterState;
  /** Checks now (also done at start and daily); resolves when the check (not the download) is done. */
  check(): Promise<void>;
  restartToUpdate(): void;
  stop(): void;
}

interface UpdaterOptions {
  readonly currentVersion: string;
  /** Where the app writes its app-update.yml (the user data folder). */
  readonly configDir: string;
  readonly onStateChanged: (state: UpdaterState) => void;
  readonly logger: Pick<Console, 'info' | 'warn' | 'error'>;
}

/** The app's updater, or an inactive one when there is no feed or the build cannot update itself. */
export function startUpdater(options: UpdaterOptions & { isPackaged: boolean; platform: NodeJS.Platform }): Updater {
  const feedUrl = updateFeedUrl(typeof __HOIIO_UPDATE_FEED_URL__ === 'string' ? __HOIIO_UPDATE_FEED_URL__ : '');
  const isAppImage = Boolean(process.env.APPIMAGE);
  if (
    !feedUrl ||
    !shouldCheckForUpdates({ feedUrl, isPackaged: options.isPackaged, platform: options.platform, isAppImage })
  ) {
    return {
      state: () => ({ kind: 'idle' }),
      check: async () => undefined,
      restartToUpdate: () => undefined,
      stop: () => undefined,
    };
  }
  const updater = controlUpdater(electronUpdater.autoUpdater, feedUrl, options);
  void updater.check();
  const timer = setInterval(() => void updater.check(), UPDATE_CHECK_INTERVAL_MS);
  timer.unref();
  return { ...updater, stop: () => clearInterval(timer) };
}

/**
 * Drives one electron-updater instance against the generic feed at `feedUrl`: our policy, not
 * electron-updater's defaults, decides whether an offered version is downloaded.
 */
export function controlUpdater(autoUpdater: AppUpdater, feedUrl: string, options: UpdaterOptions): Updater {
  let state: UpdaterState = { kind: 'idle' };
  const set = (next: UpdaterState) => {
    state = next;
    options.onStateChanged(next);
  };
  autoUpdater.logger = options.logger;
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = updateChannel(options.currentVersion) !== 'latest';
  const configPath = path.join(options.configDir, 'app-update.yml');
  writeFileSync(configPath, updateConfigYaml(feedUrl));
  autoUpdater.updateConfigPath = configPath;
  autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
  autoUpdater.on('download-progress', (progress) => {
    if (state.kind === 'downloading') set({ ...state, percent: progress.percent });
  });
  autoUpdater.on('update-downloaded', (info) => set({ kind: 'ready', version: info.version }));
  autoUpdater.on('error', (error) => set({ kind: 'failed', message: error.message }));
  return {
    state: () => state,
    async check() {
      if (state.kind === 'ready' || state.kind === 'downloading' || state.kind === 'checking') return;
      set({ kind: 'checking' });
      try {
        const result = await autoUpdater.checkForUpdates();
        const offered = result?.updateInfo.version;
        if (!offered || !isUpdate(options.currentVersion, offered)) return set({ kind: 'idle' });
        set({ kind: 'downloading', version: offered, percent: 0 });
        void autoUpdater.downloadUpdate().catch((error: unknown) => {
          set({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
        });
      } catch (error) {
        options.logger.warn('[updater] check failed:', error);
        set({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    },
    restartToUpdate: () => {
      if (state.kind === 'ready') autoUpdater.quitAndInstall();
    },
    stop: () => undefined,
  };
}
