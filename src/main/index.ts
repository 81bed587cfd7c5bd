/**
 * The Electron shell, kept thin: lifecycle, the hardened window, IPC registration and event
 * forwarding. Everything else lives in ./core (plain Node, tested without Electron).
 */
import { app, BrowserWindow, dialog, ipcMain, net, powerMonitor, session, shell, type WebContents } from 'electron';
import ElectronStore from 'electron-store';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allChannels, pushEventChannel } from '../shared/contract.ts';
import { AppError } from '../shared/errors.ts';
import { CONTENT_SECURITY_POLICY } from '../shared/security-policy.ts';
import { createCore, type Core } from './core/index.ts';
import type { FileDialogs } from './core/file-dialogs.ts';
import type { ExportFileKind } from '../shared/import-export.ts';
import { SETTINGS_FILE_NAME } from './core/settings/settings-store.ts';
import { dispatch, forwardPushEvents } from './ipc.ts';
import { findTelLinkArgument } from './tel-link-args.ts';
import { isAllowedExternalUrl, isTrustedRendererUrl, type TrustedOrigins } from './security.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererFile = path.join(here, '../renderer/index.html');
const origins: TrustedOrigins = {
  rendererFileUrl: pathToFileURL(rendererFile).href,
  devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
};

const NETWORK_CHECK_INTERVAL_MS = 10_000;

let core: Core | undefined;
let mainWindow: BrowserWindow | undefined;
/** A tel: link that arrived before the core was ready (it may be what started the app). */
let linkBeforeStart: string | null = null;
/** True once start() has created the main window. */
let started = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Windows and Linux: the link is an argument of the first launch or of a second instance.
  linkBeforeStart = findTelLinkArgument(process.argv);
  app.on('second-instance', (_event, argv) => {
    const link = findTelLinkArgument(argv);
    if (link) openTelLink(link);
    else focusMainWindow();
  });
  // macOS: the link comes as an event, possibly before ready (so registered here, at once).
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openTelLink(url);
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && core) createMainWindow();
  });
  app.on('will-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    const closing = core;
    core = undefined;
    void closing.close().finally(() => app.quit());
  });
  void app.whenReady().then(start).catch(failToStart);
}

/** A start-up failure must not leave a windowless process holding the single-instance lock. */
function failToStart(error: unknown): void {
  console.error('[main] start-up failed:', error);
  const detail = error instanceof AppError ? error.message : 'An unexpected error stopped the app from starting.';
  dialog.showErrorBox('Hoiio Click-to-Call could not start', `${detail}\n\nData folder: ${app.getPath('userData')}`);
  app.exit(1);
}

async function start(): Promise<void> {
  denyAllPermissions();
  core = await createCore({
    dataDir: app.getPath('userData'),
    shell: 'electron',
    // Same file name and folder as the conf backend the browser host uses.
    createSettingsBackend: (dataDir) =>
      new ElectronStore<Record<string, unknown>>({ cwd: dataDir, name: SETTINGS_FILE_NAME }),
    fileDialogs: nativeFileDialogs,
  });
  registerIpc(core);
  forwardEvents(core);
  watchSystemChanges(core);
  await followTelLinksSetting(core);
  createMainWindow();
  started = true;
  if (linkBeforeStart) openTelLink(linkBeforeStart);
  linkBeforeStart = null;
}

/**
 * A tel: link from the OS (which sends them only while the `telLinks` setting has the app
 * registered): the core parses it and keeps the outcome until the renderer takes it, so a link
 * that starts the app is not lost. The window offers the number; it never places a call.
 */
function openTelLink(uri: string): void {
  if (!core) {
    linkBeforeStart = uri;
    return;
  }
  core.openTelLink(uri);
  // Before start() has made the window, it will show the link itself.
  if (started) createMainWindow();
}

/** Registers the app as the OS's tel: handler while the `telLinks` setting is on, and only then. */
async function followTelLinksSetting(activeCore: Core): Promise<void> {
  // Unpackaged (`electron .`), the OS must start Electron with the app's path as well.
  const args = process.defaultApp && process.argv[1] ? [path.resolve(process.argv[1])] : [];
  const apply = (enabled: boolean) => {
    try {
      if (enabled) app.setAsDefaultProtocolClient('tel', process.execPath, args);
      else if (app.isDefaultProtocolClient('tel', process.execPath, args))
        app.removeAsDefaultProtocolClient('tel', process.execPath, args);
    } catch (error) {
      console.error('[main] could not change the tel: link handler:', error);
    }
  };
  apply((await activeCore.api.settings.get()).telLinks);
  activeCore.onSettingsChanged((settings, previous) => {
    if (settings.telLinks !== previous.telLinks) apply(settings.telLinks);
  });
}

/** After sleep or a network change the tunnel may be dead while still looking alive: re-check it at once. */
function watchSystemChanges(activeCore: Core): void {
  powerMonitor.on('resume', () => activeCore.notifySystemResumed());
  powerMonitor.on('unlock-screen', () => activeCore.notifySystemResumed());
  // Electron has no network-change event in main; a cheap periodic check catches going back online.
  let online = net.isOnline();
  const timer = setInterval(() => {
    const now = net.isOnline();
    if (now !== online && now) activeCore.notifyNetworkChanged();
    online = now;
  }, NETWORK_CHECK_INTERVAL_MS);
  app.once('will-quit', () => clearInterval(timer));
}

function registerIpc(activeCore: Core): void {
  for (const channel of allChannels) {
    ipcMain.handle(channel, (event, input: unknown) => {
      const frameUrl = event.senderFrame?.url ?? '';
      if (!isTrustedRendererUrl(frameUrl, origins)) {
        return { ok: false, error: { code: 'forbidden', message: 'This page may not use the app.' } };
      }
      return dispatch(activeCore.api, channel, input);
    });
  }
}

function forwardEvents(activeCore: Core): void {
  forwardPushEvents(activeCore.events, (eventName, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      window.webContents.send(pushEventChannel(eventName), payload);
    }
  });
}

/** The one main window: shown again (not duplicated) if it already exists. */
function createMainWindow(): void {
  if (mainWindow) return focusMainWindow();
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Hoiio Click-to-Call',
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  if (origins.devServerUrl) void window.loadURL(origins.devServerUrl);
  else void window.loadFile(rendererFile);
}

const VCARD_FILTER = { name: 'vCard', extensions: ['vcf', 'vcard'] };
const CSV_FILTER = { name: 'CSV', extensions: ['csv'] };
const EXPORT_FILTERS: Record<ExportFileKind, { name: string; extensions: string[] }> = {
  'contacts-vcard': { name: 'vCard 4.0', extensions: ['vcf'] },
  'contacts-csv': CSV_FILTER,
  'call-log-csv': CSV_FILTER,
};

/** Open and save dialogs, modal to the main window; the core re-checks every path they return. */
const nativeFileDialogs: FileDialogs = {
  async chooseImportFile() {
    const options: Electron.OpenDialogOptions = {
      title: 'Import contacts',
      buttonLabel: 'Import',
      properties: ['openFile'],
      filters: [
        { name: 'Contacts (vCard or CSV)', extensions: [...VCARD_FILTER.extensions, ...CSV_FILTER.extensions] },
        VCARD_FILTER,
        CSV_FILTER,
      ],
    };
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  async chooseExportFile(kind, suggestedName) {
    const filter = EXPORT_FILTERS[kind];
    const options: Electron.SaveDialogOptions = {
      title: kind === 'call-log-csv' ? 'Export the call log' : 'Export contacts',
      buttonLabel: 'Export',
      defaultPath: path.join(app.getPath('documents'), path.basename(suggestedName)),
      filters: [filter],
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    };
    const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return null;
    // Some Linux dialogs leave the extension off; add it unless that names a file the dialog did not ask about.
    const withExtension = `${result.filePath}.${filter.extensions[0]}`;
    return path.extname(result.filePath) === '' && !existsSync(withExtension) ? withExtension : result.filePath;
  },
};

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

/** No navigation away from the app, no new windows; allowlisted https links open in the browser. */
function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedRendererUrl(url, origins)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}
