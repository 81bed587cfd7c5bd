import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AppInfo, CoreApi, PendingTelLink } from '../../shared/contract.ts';
import { TypedEmitter, type CoreEventMap, type CoreEvents } from './events.ts';
import { createEngineApi } from './engine-api.ts';
import type { SettingsBackend } from './settings/settings-store.ts';
import type { EngineTuning } from './calls/engine.ts';
import { createStore } from './store/index.ts';
import { createDataApi } from './data-api.ts';
import { createFilesApi, type FileDialogs } from './file-dialogs.ts';
import { parseCallLink } from '../../shared/call-link.ts';
import type { Settings } from '../../shared/settings.ts';
import packageJson from '../../../package.json' with { type: 'json' };

/** A rejected tel: link is echoed back this long at most. */
const TEL_LINK_ECHO_LENGTH = 200;

/** The start of a link, for messages: never half a surrogate pair. */
function echoOf(uri: string): string {
  return uri.slice(0, TEL_LINK_ECHO_LENGTH).replace(/[\uD800-\uDBFF]$/, '');
}

export interface CoreOptions {
  /** Where the database, settings and logs live (Electron: app.getPath('userData')). */
  readonly dataDir: string;
  /** Which shell hosts the renderer; shown in About. */
  readonly shell: AppInfo['shell'];
  readonly logger?: Pick<Console, 'info' | 'warn' | 'error'>;
  /** The settings file: the Electron shell passes electron-store; default conf in dataDir. */
  readonly createSettingsBackend?: (dataDir: string) => SettingsBackend;
  /** The OS keychain service holding the access token; tests use a unique one. */
  readonly keychainService?: string;
  /** Calling engine tuning: embedded sandbox options, poll time scale (tests). */
  readonly engine?: EngineTuning;
  /** Native open/save dialogs (Electron); without them `files.*` answer 'unsupported'. */
  readonly fileDialogs?: FileDialogs;
}

export interface Core {
  readonly api: CoreApi;
  readonly events: CoreEvents;
  /** The shell reports sleep/resume and network changes (Electron powerMonitor/net): the tunnel may have died silently. */
  notifySystemResumed(): void;
  notifyNetworkChanged(): void;
  /**
   * A tel: link the OS (or the browser host's --open-tel-link) handed over: emits `dialRequested`
   * with the number, or `telLinkRejected` with the reason, and keeps that outcome for
   * `telLinks.takePending` until a renderer takes it. Never places a call.
   */
  openTelLink(uri: string): void;
  /** Called after every settings change (the Electron shell registers the tel: handler); returns the unsubscribe function. */
  onSettingsChanged(listener: (settings: Settings, previous: Settings) => void): () => void;
  close(): Promise<void>;
}

/**
 * The application itself, in plain Node: everything the shells (Electron, browser host)
 * expose to the renderer. Never imports 'electron'.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const events: CoreEvents = new TypedEmitter<CoreEventMap>();
  const store = createStore({ dataDir });
  const engine = await createEngineApi({
    ...options.engine,
    dataDir,
    callLog: store.callLog,
    contacts: store.contacts,
    events,
    createSettingsBackend: options.createSettingsBackend,
    keychainService: options.keychainService,
    logger: options.logger,
    onModeChanged: () => events.emit('appInfoChanged', appInfo()),
  }).catch((error: unknown) => {
    store.close();
    throw error;
  });

  const data = createDataApi({
    store,
    dataDir,
    events,
    logger: options.logger,
    settingsCountry: () => engine.engine.settings().defaultCountry,
  });

  const notices = [store.recoveredFrom, engine.settingsRecoveredFrom].flatMap((note) => (note ? [note.message] : []));
  const appInfo = (): AppInfo => ({
    name: packageJson.productName,
    version: packageJson.version,
    mode: engine.engine.mode,
    platform: process.platform,
    shell: options.shell,
    dataDir,
    notices,
  });

  /** The last tel: link's outcome until a renderer takes it (links can arrive before any window listens). */
  let pendingTelLink: PendingTelLink | null = null;

  const api: CoreApi = {
    app: {
      getInfo: async () => appInfo(),
    },
    telLinks: {
      takePending: async () => {
        const taken = pendingTelLink;
        pendingTelLink = null;
        return taken;
      },
    },
    ...engine.api,
    ...data.api,
    ...createFilesApi(options.fileDialogs),
  };

  let closed = false;
  return {
    api,
    events,
    notifySystemResumed: () => engine.engine.tunnel()?.notifyResumed(),
    notifyNetworkChanged: () => engine.engine.tunnel()?.notifyNetworkChanged(),
    openTelLink(uri) {
      if (closed) return;
      const text = String(uri);
      const parsed = parseCallLink(text);
      pendingTelLink = parsed.ok
        ? { event: 'dialRequested', payload: { number: parsed.number, source: 'tel-link' } }
        : { event: 'telLinkRejected', payload: { uri: echoOf(text), reason: parsed.reason } };
      if (pendingTelLink.event === 'dialRequested') events.emit('dialRequested', pendingTelLink.payload);
      else events.emit('telLinkRejected', pendingTelLink.payload);
    },
    onSettingsChanged: (listener) => engine.onSettingsChanged(listener),
    async close() {
      if (closed) return;
      closed = true;
      data.close();
      await engine.close();
      store.close();
      events.removeAllListeners();
    },
  };
}
