/**
 * The Electron shell, kept thin: lifecycle, the hardened window, the app:// scheme, IPC
 * registration, event forwarding, tray, notifications, links and the desktop settings. Every
 * decision is a pure function in a sibling file (tested under Node); what is here are the
 * Electron calls. Everything else lives in ./core (plain Node, tested without Electron).
 */
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  net,
  Notification,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  type WebContents,
} from 'electron';
import ElectronStore from 'electron-store';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallLogEntry } from '../shared/call-log.ts';
import type { CallRecord } from '../shared/calls.ts';
import { allChannels, pushEventChannel, type CoreApi, type PushEventPayload } from '../shared/contract.ts';
import { AppError } from '../shared/errors.ts';
import type { DesktopState } from '../shared/desktop.ts';
import { CONTENT_SECURITY_POLICY } from '../shared/security-policy.ts';
import { defaultSettings, type Settings } from '../shared/settings.ts';
import { createAppProtocolHandler, APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES } from './app-protocol.ts';
import { appMenuTemplate } from './app-menu.ts';
import { callNotification, NotifiedCalls, shouldNotifyCall } from './call-notifications.ts';
import { numberFromText } from './clipboard-number.ts';
import { startCore, type Core } from './core/index.ts';
import { SETTINGS_FILE_NAME } from './core/settings/settings-store.ts';
import { createDesktopIntl, pickDesktopLocale } from './desktop-i18n.ts';
import {
  applyGlobalShortcut,
  applyLinkHandler,
  applyStartAtLogin,
  readLinkHandlerState,
} from './desktop-integration.ts';
import {
  desktopPreferencesFromFile,
  effectiveCloseToTray,
  settleWithin,
  shortcutState,
  startHidden,
} from './desktop-platform.ts';
import { dispatch, forwardPushEvents } from './ipc.ts';
import { findCallLinkArgument, linkFromLaunch } from './link-args.ts';
import { createNativeFileDialogs } from './native-file-dialogs.ts';
import {
  isPermissionAllowed,
  isTrustedIpcSender,
  navigationDecision,
  windowOpenDecision,
  type TrustedOrigins,
} from './security.ts';
import { createTray, type TrayController } from './tray.ts';
import type { TrayAction } from './tray-menu.ts';
import { startUpdater, type Updater } from './updater.ts';
import { updateReadyVersion } from './updater-policy.ts';
import { mainWindowOptions } from './window-options.ts';
import { captureWindowState, restoreWindowState } from './window-state.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');
const resourcesDir = path.join(here, '../../resources');
const origins: TrustedOrigins = { devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL };

const NETWORK_CHECK_INTERVAL_MS = 10_000;
/** Quit waits this long for the core to close (database, tunnel), then goes anyway. */
const QUIT_DEADLINE_MS = 3_000;
const WINDOW_STATE_SAVE_DELAY_MS = 1_000;
const RECENT_CALLS_QUERY_LIMIT = 20;

const intl = createDesktopIntl(pickDesktopLocale(app.getPreferredSystemLanguages?.() ?? [app.getLocale()]));
let core: Core | undefined;
let coreReady: Promise<Core> | undefined;
let settings: Settings = defaultSettings();
let mainWindow: BrowserWindow | undefined;
let tray: TrayController | undefined;
let updater: Updater | undefined;
let quitting = false;
let mode: 'sandbox' | 'live' = 'sandbox';
let recentCalls: CallLogEntry[] = [];
/** A link that arrived before the core was ready (it may be what started the app). */
let linkBeforeStart: string | null = null;
const notifiedCalls = new NotifiedCalls();
/** Shown notifications, kept referenced until closed so their click handlers survive garbage collection. */
const liveNotifications = new Set<Notification>();

// Before `ready`: app:// is a standard, secure origin (fetch, CSP, storage work as on https).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Windows and Linux: the link is an argument of the first launch or of a second instance.
  linkBeforeStart = linkFromLaunch(process.platform, process.argv);
  app.on('second-instance', (_event, argv) => {
    const link = findCallLinkArgument(argv);
    if (link) offerLink(link);
    else showMainWindow();
  });
  // macOS: the link comes as an event, possibly before ready (so registered here, at once).
  app.on('open-url', (event, url) => {
    event.preventDefault();
    offerLink(url);
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => showMainWindow());
  app.on('will-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    const closing = core;
    core = undefined;
    tray?.destroy();
    updater?.stop();
    void settleWithin(closing.close(), QUIT_DEADLINE_MS).then((outcome) => {
      if (outcome === 'timed-out')
        console.warn(`[main] the core did not close within ${QUIT_DEADLINE_MS} ms; quitting anyway`);
      app.quit();
    });
  });
  void app.whenReady().then(start).catch(failToStart);
}

/** A start-up failure must not leave a windowless process holding the single-instance lock. */
function failToStart(error: unknown): void {
  console.error('[main] start-up failed:', error);
  const detail = error instanceof AppError ? error.message : 'An unexpected error stopped the app from starting.';
  const folder = intl.formatMessage({ id: 'desktop.startError.dataFolder' }, { path: app.getPath('userData') });
  dialog.showErrorBox(intl.formatMessage({ id: 'desktop.startError.title' }), `${detail}\n\n${folder}`);
  app.exit(1);
}

async function start(): Promise<void> {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({ platform: process.platform, isDevelopment: !app.isPackaged, appName: app.getName(), intl }),
    ),
  );
  hardenSession();
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot));
  // The core's HTTP (global fetch) goes through Chromium's network stack: the system proxy and the OS certificate store.
  globalThis.fetch = ((input: string | Request | URL, init?: RequestInit) =>
    net.fetch(input instanceof URL ? input.href : input, init)) as typeof fetch;

  const dataDir = app.getPath('userData');
  const early = desktopPreferencesFromFile(readTextOrNull(path.join(dataDir, `${SETTINGS_FILE_NAME}.json`)));
  settings = { ...settings, desktop: early };
  const starting = startCore({
    dataDir,
    shell: 'electron',
    // Same file name and folder as the conf backend the browser host uses.
    createSettingsBackend: (folder) =>
      new ElectronStore<Record<string, unknown>>({ cwd: folder, name: SETTINGS_FILE_NAME }),
    fileDialogs: createNativeFileDialogs(() => mainWindow),
    desktop: {
      // Corrected as soon as each is known (updater started, handler read, shortcut registered).
      initial: {
        update: { kind: 'idle' },
        linkHandler: { state: 'off', schemes: [] },
        shortcut: shortcutState(early.globalShortcut, true),
      },
      actions: { restartToUpdate: () => updater?.restartToUpdate() },
    },
  });
  coreReady = starting.ready;
  registerIpc(starting.api);
  // From the first moment: the window's start-up screen follows `startupChanged` (a database upgrade's progress).
  forwardToWindows(starting.events);
  // The window appears at once, with the renderer's start-up state, while the core starts.
  createMainWindow(startHidden(process.argv, early.startMinimized));

  const activeCore = await coreReady;
  core = activeCore;
  settings = (await activeCore.api.settings.get()) as Settings;
  mode = (await activeCore.api.app.getInfo()).mode;
  forwardEvents(activeCore);
  watchSystemChanges(activeCore);
  followDesktopSettings(activeCore);
  tray = createTray({
    iconPath: path.join(resourcesDir, process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png'),
    intl,
    onAction: runTrayAction,
    onClick: () => showMainWindow(),
    onHover: () => void refreshTray(),
  });
  updater = startUpdater({
    currentVersion: app.getVersion(),
    configDir: dataDir,
    isPackaged: app.isPackaged,
    platform: process.platform,
    logger: console,
    onStateChanged: (state) => {
      void refreshTray();
      reportDesktopState({
        update: state.kind === 'failed' ? { ...state, message: state.message.slice(0, 500) } : state,
      });
      const version = updateReadyVersion(state);
      if (version) {
        showNotification(
          intl.formatMessage({ id: 'desktop.notification.updateReadyTitle' }),
          intl.formatMessage({ id: 'desktop.notification.updateReadyBody' }, { version }),
        );
      }
    },
  });
  await refreshRecentCalls();
  if (linkBeforeStart) offerLink(linkBeforeStart);
  linkBeforeStart = null;
}

function readTextOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * A tel: or callto: link from the OS (sent only while the `telLinks` setting has the app
 * registered), or a number from the tray or the shortcut: the core parses it and keeps the
 * outcome until the renderer takes it, and the window offers it in the confirmation banner.
 * Never places a call.
 */
function offerLink(uri: string): void {
  if (!core) {
    linkBeforeStart = uri;
    return;
  }
  core.openTelLink(uri);
  showMainWindow();
}

/** The shell's state for Settings and the update banner: pushed to the windows by the core (`desktopStateChanged`). */
function reportDesktopState(patch: Partial<DesktopState>): void {
  try {
    core?.desktop.report(patch);
  } catch (error) {
    console.warn('[main] desktop state outside the contract, not reported:', error);
  }
}

/** Applies the tel:/callto: setting, then reports what the OS really says (Windows may still ask the user). */
function followLinkHandler(enabled: boolean): void {
  void applyLinkHandler(enabled, console).then(() => refreshLinkHandlerState());
}

function refreshLinkHandlerState(): void {
  if (!core) return;
  reportDesktopState({ linkHandler: readLinkHandlerState(settings.telLinks) });
}

/** The desktop settings, applied at start and on every change. */
function followDesktopSettings(activeCore: Core): void {
  followLinkHandler(settings.telLinks);
  void applyStartAtLogin(settings.desktop, console);
  reportShortcutConflict(applyGlobalShortcut(settings.desktop.globalShortcut, null, () => void offerSelectedNumber()));
  activeCore.onSettingsChanged((next, previous) => {
    settings = next;
    if (next.telLinks !== previous.telLinks) followLinkHandler(next.telLinks);
    if (
      next.desktop.startAtLogin !== previous.desktop.startAtLogin ||
      next.desktop.startMinimized !== previous.desktop.startMinimized
    ) {
      void applyStartAtLogin(next.desktop, console);
    }
    const shortcut = next.desktop.globalShortcut;
    const before = previous.desktop.globalShortcut;
    if (shortcut.enabled !== before.enabled || shortcut.accelerator !== before.accelerator) {
      reportShortcutConflict(applyGlobalShortcut(shortcut, before, () => void offerSelectedNumber()));
    }
  });
}

/** A shortcut another app holds: the field's error in Settings, and a notification (Settings may be closed). */
function reportShortcutConflict(registered: boolean): void {
  reportDesktopState({ shortcut: shortcutState(settings.desktop.globalShortcut, registered) });
  if (registered) return;
  const { accelerator } = settings.desktop.globalShortcut;
  showNotification(
    intl.formatMessage({ id: 'desktop.shortcut.conflictTitle' }),
    intl.formatMessage({ id: 'desktop.shortcut.conflictBody' }, { accelerator }),
  );
}

/** The global shortcut: the selected text (Linux primary selection), else the clipboard, offered in the banner. */
async function offerSelectedNumber(): Promise<void> {
  // `clipboard.selection` exists on Linux only (X11/Wayland primary selection).
  const sources = [clipboard.selection, clipboard].filter((source): source is Electron.Clipboard => Boolean(source));
  for (const source of sources) {
    const found = numberFromText(await source.readText().catch(() => ''), settings.defaultCountry);
    if (found.ok) return offerLink(`tel:${found.number}`);
  }
  showNotification(
    intl.formatMessage({ id: 'desktop.tray.tooltip' }),
    intl.formatMessage({ id: 'desktop.shortcut.nothingToOffer' }),
  );
}

function runTrayAction(action: TrayAction): void {
  switch (action.kind) {
    case 'open':
      return showMainWindow();
    case 'offer-number':
      return offerLink(`tel:${action.number}`);
    case 'restart-to-update':
      return updater?.restartToUpdate();
    case 'quit':
      return app.quit();
  }
}

async function refreshRecentCalls(): Promise<void> {
  if (!core) return;
  try {
    const page = await core.api.callLog.query({ search: '', offset: 0, limit: RECENT_CALLS_QUERY_LIMIT });
    recentCalls = page.items as CallLogEntry[];
  } catch (error) {
    console.warn('[main] could not read recent calls for the tray:', error);
  }
  await refreshTray();
}

async function refreshTray(): Promise<void> {
  if (!tray) return;
  const names = new Map(
    recentCalls.flatMap((call) => (call.contactName ? [[call.dest2, call.contactName] as const] : [])),
  );
  tray.update({
    clipboard: numberFromText(await clipboard.readText().catch(() => ''), settings.defaultCountry),
    recentCalls,
    names,
    mode,
    updateReady: updater ? updateReadyVersion(updater.state()) : null,
  });
}

/** A call finished while the user looked elsewhere: a native notification (clicking it opens the call). */
function notifyCall(record: CallRecord): void {
  const windowFocused = mainWindow?.isFocused() ?? false;
  const context = { windowFocused, alreadyNotified: notifiedCalls.has(record.id), preferences: settings.notifications };
  if (!shouldNotifyCall(record, context)) return;
  notifiedCalls.add(record.id);
  const name = recentCalls.find((call) => call.id === record.id)?.contactName ?? null;
  const content = callNotification(record, intl, name);
  showNotification(content.title, content.body, () => {
    showMainWindow();
    mainWindow?.webContents.send(pushEventChannel('callOpenRequested'), { callId: content.callId });
  });
}

function showNotification(title: string, body: string, onClick?: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title, body });
  liveNotifications.add(notification);
  const forget = () => liveNotifications.delete(notification);
  notification.on('click', () => {
    forget();
    onClick?.();
  });
  notification.on('close', forget);
  notification.show();
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

/** One handler per contract channel, registered at once; calls but `app.getStartup` wait for the core to finish starting. */
function registerIpc(api: CoreApi): void {
  for (const channel of allChannels) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrustedIpcSender(frameOf(event), origins)) {
        return { ok: false, error: { code: 'forbidden', message: 'This page may not use the app.' } };
      }
      return dispatch(api, channel, input);
    });
  }
}

/** Every push event of the core, checked against the contract, to every window. */
function forwardToWindows(events: Core['events']): void {
  forwardPushEvents(events, (eventName, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      window.webContents.send(pushEventChannel(eventName), payload);
    }
  });
}

function frameOf(event: Electron.IpcMainInvokeEvent): { url: string; isMainFrame: boolean } | null {
  const frame = event.senderFrame;
  if (!frame) return null;
  return { url: frame.url, isMainFrame: frame === event.sender.mainFrame };
}

function forwardEvents(activeCore: Core): void {
  activeCore.events.on('callUpdated', (record: PushEventPayload<'callUpdated'>) => {
    const call = record as CallRecord;
    notifyCall(call);
    if (call.state === 'placing' || call.state === 'ended' || call.state === 'failed') void refreshRecentCalls();
  });
  activeCore.events.on('appInfoChanged', (info) => {
    mode = info.mode;
    void refreshTray();
  });
}

/** The one main window: shown again (not duplicated) if it already exists. */
function createMainWindow(hidden: boolean): void {
  if (mainWindow) return showMainWindow();
  const restored = restoreWindowState(
    settings.desktop.windowState,
    screen.getAllDisplays(),
    screen.getPrimaryDisplay(),
  );
  const window = new BrowserWindow(
    mainWindowOptions({
      preloadPath,
      restored,
      iconPath: process.platform === 'linux' ? path.join(resourcesDir, 'icon.png') : undefined,
      isPackaged: app.isPackaged,
    }),
  );
  mainWindow = window;
  if (restored.maximized) window.maximize();
  if (!hidden) window.once('ready-to-show', () => window.show());
  let saveTimer: NodeJS.Timeout | undefined;
  const saveState = () => {
    clearTimeout(saveTimer);
    if (!core || window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    const windowState = captureWindowState(bounds, window.isMaximized(), screen.getDisplayMatching(bounds).id);
    void core.api.settings.update({ desktop: { windowState } }).catch((error: unknown) => {
      console.warn('[main] could not save the window position:', error);
    });
  };
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveState, WINDOW_STATE_SAVE_DELAY_MS);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('focus', () => {
    void refreshTray();
    // The user may have picked another default app in the system's settings meanwhile.
    refreshLinkHandlerState();
  });
  window.on('close', (event) => {
    saveState();
    if (!quitting && tray && effectiveCloseToTray(settings.desktop.closeToTray, process.platform)) {
      event.preventDefault();
      window.hide();
    }
  });
  window.on('closed', () => {
    clearTimeout(saveTimer);
    if (mainWindow === window) mainWindow = undefined;
  });
  void window.loadURL(origins.devServerUrl ?? APP_ENTRY_URL);
}

function showMainWindow(): void {
  if (!app.isReady()) return;
  if (!mainWindow) return createMainWindow(false);
  if (mainWindow.isMinimized()) mainWindow.restore();
  if (!mainWindow.isVisible()) mainWindow.show();
  mainWindow.focus();
}

/** No navigation away from the app, no new windows, no webviews; allowlisted https links open in the browser. */
function hardenWebContents(contents: WebContents): void {
  const guard = (event: Electron.Event & { url: string }) => {
    if (navigationDecision(event.url, origins) === 'deny') event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternal) void shell.openExternal(decision.openExternal);
    return { action: decision.action };
  });
}

/** Permissions only as security.ts decides (clipboard writing from the app's page); the CSP also as a header on every response. */
function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl ?? contents.getURL(), origins)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, origins),
  );
  // app:// responses carry the CSP themselves; this covers the dev server too.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
