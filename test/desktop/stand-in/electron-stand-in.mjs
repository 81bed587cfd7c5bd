/* global process, setImmediate, Request */
// A recording stand-in for the `electron` module, for the one place a stand-in is right: Electron
// cannot run on the build machines. It implements just what the shell, electron-store and
// electron-updater touch, records every call, and is driven by the test over the child-process
// IPC channel (`process.send` / 'message'): the test emits OS events, clicks menu items and
// notifications, calls IPC handlers and the app:// handler, and reads the record.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const env = process.env;
const record = {
  privilegedSchemes: [],
  protocolHandlers: [],
  windows: [],
  ipcHandlers: [],
  appMenu: null,
  tray: null,
  notifications: [],
  shortcuts: [],
  shortcutsUnregistered: [],
  protocolClients: [],
  loginItems: [],
  permissionHandlers: { request: false, check: false },
  headersHook: false,
  netFetches: [],
  openedExternally: [],
  errorBoxes: [],
  quitCalls: 0,
  appEvents: [],
};
const handlers = new Map();
const protocolFns = new Map();
const shortcutFns = new Map();
const notificationObjects = [];
let permissionRequestHandler = null;
let permissionCheckHandler = null;
let clipboardText = env.RECORDER_CLIPBOARD ?? '';
let selectionText = '';
const conflicts = new Set((env.RECORDER_SHORTCUT_CONFLICTS ?? '').split(',').filter(Boolean));
/** The schemes the OS sends to this app (as `app.isDefaultProtocolClient` answers); set/remove change it. */
const defaultHandlers = new Set((env.RECORDER_DEFAULT_HANDLERS ?? '').split(',').filter(Boolean));

class App extends EventEmitter {
  isPackaged = env.RECORDER_PACKAGED === '1';
  #ready = false;
  on(name, listener) {
    record.appEvents.push(name);
    return super.on(name, listener);
  }
  requestSingleInstanceLock() {
    return env.RECORDER_SECOND_INSTANCE !== '1';
  }
  whenReady() {
    return new Promise((resolve) =>
      setImmediate(() => {
        this.#ready = true;
        this.emit('ready');
        resolve();
      }),
    );
  }
  isReady() {
    return this.#ready;
  }
  getPath(name) {
    return path.join(env.RECORDER_USER_DATA, name === 'userData' ? '' : name);
  }
  getVersion() {
    return JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')).version;
  }
  getName() {
    return 'Hoiio Click-to-Call';
  }
  getLocale() {
    return 'en-US';
  }
  getPreferredSystemLanguages() {
    return (env.RECORDER_LANGUAGES ?? 'en-US').split(',');
  }
  setAsDefaultProtocolClient(scheme) {
    record.protocolClients.push({ call: 'set', scheme });
    // Windows 10/11 only lists the app: the user still has to choose it in Settings → Default apps.
    if (process.platform !== 'win32') defaultHandlers.add(scheme);
    return true;
  }
  isDefaultProtocolClient(scheme) {
    return defaultHandlers.has(scheme);
  }
  removeAsDefaultProtocolClient(scheme) {
    record.protocolClients.push({ call: 'remove', scheme });
    defaultHandlers.delete(scheme);
    return true;
  }
  setLoginItemSettings(settings) {
    record.loginItems.push(settings);
  }
  quit() {
    record.quitCalls += 1;
    const beforeQuit = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('before-quit', beforeQuit);
    const willQuit = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('will-quit', willQuit);
    if (!willQuit.defaultPrevented) setImmediate(() => process.exit(0));
  }
  exit(code) {
    process.exit(code);
  }
}
export const app = new App();

class WebContents extends EventEmitter {
  sent = [];
  mainFrame = { url: '' };
  windowOpenHandler = null;
  send(channel, payload) {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.mainFrame.url;
  }
}

const allWindows = [];
export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return allWindows.filter((window) => !window.destroyed);
  }
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.shown = false;
    this.focused = false;
    this.maximized = false;
    this.destroyed = false;
    this.loadedUrl = null;
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width, height: options.height };
    allWindows.push(this);
    record.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    setImmediate(() => this.emit('ready-to-show'));
  }
  show() {
    this.shown = true;
    this.focused = true;
  }
  hide() {
    this.shown = false;
    this.focused = false;
  }
  focus() {
    this.focused = true;
  }
  isFocused() {
    return this.focused;
  }
  isVisible() {
    return this.shown;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  getNormalBounds() {
    return this.bounds;
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('close', event);
    if (!event.defaultPrevented) {
      this.destroyed = true;
      this.emit('closed');
      if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
    }
    return event.defaultPrevented;
  }
}

export const ipcMain = {
  handle(channel, handler) {
    record.ipcHandlers.push(channel);
    handlers.set(channel, handler);
  },
  on() {},
  removeHandler(channel) {
    handlers.delete(channel);
  },
};

export const dialog = {
  showErrorBox(title, content) {
    record.errorBoxes.push({ title, content });
  },
  async showOpenDialog() {
    return { canceled: true, filePaths: [] };
  },
  async showSaveDialog() {
    return { canceled: true };
  },
};

export const Menu = {
  buildFromTemplate(template) {
    return { template };
  },
  setApplicationMenu(menu) {
    record.appMenu = menu?.template ?? null;
  },
};

export const nativeImage = {
  createFromPath(file) {
    return { file };
  },
};

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    record.tray = { icon: image.file, toolTip: null, menu: null, menuBuilds: 0, destroyed: false };
    this.state = record.tray;
  }
  setToolTip(text) {
    this.state.toolTip = text;
  }
  setContextMenu(menu) {
    this.state.menu = menu.template;
    this.state.menuBuilds += 1;
  }
  destroy() {
    this.state.destroyed = true;
  }
}

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    record.notifications.push({ title: this.options.title, body: this.options.body });
    notificationObjects.push(this);
  }
}

export const globalShortcut = {
  register(accelerator, callback) {
    if (conflicts.has(accelerator)) return false;
    record.shortcuts.push(accelerator);
    shortcutFns.set(accelerator, callback);
    return true;
  },
  unregister(accelerator) {
    record.shortcutsUnregistered.push(accelerator);
    shortcutFns.delete(accelerator);
  },
  unregisterAll() {
    shortcutFns.clear();
  },
  isRegistered(accelerator) {
    return shortcutFns.has(accelerator);
  },
};

export const clipboard = {
  async readText() {
    return clipboardText;
  },
  selection: {
    async readText() {
      return selectionText;
    },
  },
};

const display = {
  id: 7,
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
};
export const screen = {
  getAllDisplays: () => [display],
  getPrimaryDisplay: () => display,
  getDisplayMatching: () => display,
};

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record.privilegedSchemes.push(...schemes);
  },
  handle(scheme, handler) {
    record.protocolHandlers.push(scheme);
    protocolFns.set(scheme, handler);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      record.permissionHandlers.request = true;
      permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler) {
      record.permissionHandlers.check = true;
      permissionCheckHandler = handler;
    },
    webRequest: {
      onHeadersReceived() {
        record.headersHook = true;
      },
    },
  },
};

export const shell = {
  async openExternal(url) {
    record.openedExternally.push(url);
  },
  async openPath() {
    return '';
  },
};

const realFetch = globalThis.fetch;
export const net = {
  isOnline: () => true,
  fetch(input, init) {
    record.netFetches.push(typeof input === 'string' ? input : input.url);
    return realFetch(input, init);
  },
};

export const powerMonitor = new EventEmitter();
export const autoUpdater = new EventEmitter();

export default {
  app,
  BrowserWindow,
  ipcMain,
  dialog,
  Menu,
  nativeImage,
  Tray,
  Notification,
  globalShortcut,
  clipboard,
  screen,
  protocol,
  session,
  shell,
  net,
  powerMonitor,
  autoUpdater,
};

// ---- the test's remote control ----
function mainWindow() {
  return BrowserWindow.getAllWindows()[0];
}

function snapshot() {
  return JSON.parse(
    JSON.stringify({
      ...record,
      windows: record.windows.map((window) => ({
        options: window.options,
        loadedUrl: window.loadedUrl,
        shown: window.shown,
        destroyed: window.destroyed,
        maximized: window.maximized,
        sent: window.webContents.sent,
        windowEvents: window.eventNames(),
        contentsEvents: window.webContents.eventNames(),
        hasWindowOpenHandler: window.webContents.windowOpenHandler !== null,
      })),
    }),
  );
}

const commands = {
  snapshot,
  async invoke({ channel, input, frameUrl, isMainFrame = true }) {
    const handler = handlers.get(channel);
    if (!handler) return { missing: channel };
    const frame = { url: frameUrl };
    const sender = { mainFrame: isMainFrame ? frame : { url: frameUrl } };
    return handler({ senderFrame: frame, sender }, input);
  },
  appEmit({ event, args }) {
    const electronEvent = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    app.emit(event, electronEvent, ...args);
    return { prevented: electronEvent.defaultPrevented };
  },
  focusWindow({ focused }) {
    const window = mainWindow();
    window.focused = focused;
    window.emit(focused ? 'focus' : 'blur');
  },
  closeWindow() {
    return { prevented: mainWindow().close() };
  },
  setClipboard({ text, selection = '' }) {
    clipboardText = text;
    selectionText = selection;
  },
  clickTray({ id }) {
    const item = record.tray?.menu && trayItems().find((entry) => entry.id === id);
    if (!item) return { missing: id };
    if (!item.click) return { disabled: true };
    item.click();
    return { clicked: id };
  },
  clickNotification({ index }) {
    notificationObjects[index].emit('click');
  },
  pressShortcut({ accelerator }) {
    shortcutFns.get(accelerator)?.();
    return { pressed: shortcutFns.has(accelerator) };
  },
  async fetchApp({ url, method = 'GET' }) {
    const response = await protocolFns.get('app')(new Request(url, { method }));
    const body = await response.text();
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: body.slice(0, 200),
      length: body.length,
    };
  },
  async permission({ permission, url }) {
    const requested = await new Promise((resolve) =>
      permissionRequestHandler({ getURL: () => url }, permission, resolve, { requestingUrl: url }),
    );
    const checked = permissionCheckHandler({}, permission, url, {});
    return { requested, checked };
  },
  navigate({ url, kind = 'will-navigate' }) {
    const event = {
      url,
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    mainWindow().webContents.emit(kind, event, url);
    return { prevented: event.defaultPrevented };
  },
  windowOpen({ url }) {
    return mainWindow().webContents.windowOpenHandler({ url });
  },
  quit() {
    app.quit();
  },
};

let trayTemplateLive = null;
function trayItems() {
  return trayTemplateLive ?? [];
}
// Keep the live template (with click functions) as well as the JSON record.
const setContextMenu = Tray.prototype.setContextMenu;
Tray.prototype.setContextMenu = function (menu) {
  trayTemplateLive = menu.template;
  setContextMenu.call(this, menu);
};

process.on('message', async (message) => {
  const { id, op, args } = message;
  try {
    const result = await commands[op](args ?? {});
    process.send({ id, ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (error) {
    process.send({ id, ok: false, error: String(error?.stack ?? error) });
  }
});
