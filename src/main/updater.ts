/**
 * electron-updater wiring: a generic feed fixed at build time, checked at start and daily,
 * downloaded in the background; "Restart to update" is offered once the download is complete.
 * Every decision is in ./updater-policy.ts.
 */
import electronUpdater from 'electron-updater';
import { shouldCheckForUpdates, UPDATE_CHECK_INTERVAL_MS, updateFeedUrl, type UpdaterState } from './updater-policy.ts';

/** Replaced at build time (electron.vite.config.ts `define`): the feed folder's address, or ''. */
declare const __HOIIO_UPDATE_FEED_URL__: string;

export interface Updater {
  readonly state: () => UpdaterState;
  restartToUpdate(): void;
  stop(): void;
}

export function startUpdater(options: {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  onStateChanged: (state: UpdaterState) => void;
  logger: Pick<Console, 'info' | 'warn' | 'error'>;
}): Updater {
  const feedUrl = updateFeedUrl(typeof __HOIIO_UPDATE_FEED_URL__ === 'string' ? __HOIIO_UPDATE_FEED_URL__ : '');
  let state: UpdaterState = { kind: 'idle' };
  const set = (next: UpdaterState) => {
    state = next;
    options.onStateChanged(next);
  };
  const inactive: Updater = { state: () => state, restartToUpdate: () => undefined, stop: () => undefined };
  const isAppImage = Boolean(process.env.APPIMAGE);
  if (!feedUrl || !shouldCheckForUpdates({ feedUrl, isPackaged: options.isPackaged, platform: options.platform, isAppImage })) {
    return inactive;
  }
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = options.logger;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
  autoUpdater.on('checking-for-update', () => set({ kind: 'checking' }));
  autoUpdater.on('update-not-available', () => set({ kind: 'idle' }));
  autoUpdater.on('download-progress', (progress) =>
    set({ kind: 'downloading', version: state.kind === 'downloading' ? state.version : '', percent: progress.percent }),
  );
  autoUpdater.on('update-available', (info) => set({ kind: 'downloading', version: info.version, percent: 0 }));
  autoUpdater.on('update-downloaded', (info) => set({ kind: 'ready', version: info.version }));
  autoUpdater.on('error', (error) => set({ kind: 'failed', message: error.message }));
  const check = () => {
    if (state.kind === 'ready' || state.kind === 'downloading') return;
    autoUpdater.checkForUpdates().catch((error: unknown) => options.logger.warn('[updater] check failed:', error));
  };
  check();
  const timer = setInterval(check, UPDATE_CHECK_INTERVAL_MS);
  timer.unref();
  return {
    state: () => state,
    restartToUpdate: () => {
      if (state.kind === 'ready') autoUpdater.quitAndInstall();
    },
    stop: () => clearInterval(timer),
  };
}
