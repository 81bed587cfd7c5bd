import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AppInfo, CoreApi, Notice, PendingTelLink } from '../../shared/contract.ts';
import { TypedEmitter, type CoreEventMap, type CoreEvents } from './events.ts';
import { createEngineApi } from './engine-api.ts';
import type { SettingsBackend } from './settings/settings-store.ts';
import type { EngineTuning } from './calls/engine.ts';
import { createStore, type Store } from './store/index.ts';
import { createDataApi } from './data-api.ts';
import { createFilesApi, type FileDialogs } from './file-dialogs.ts';
import { DatabaseWorker } from './workers/database-worker-client.ts';
import { createFileLogger, type FileLogger } from './logging.ts';
import { cutAtGraphemeBoundary } from '../../shared/text-cut.ts';
import { parseCallLink } from '../../shared/call-link.ts';
import type { Settings } from '../../shared/settings.ts';
import packageJson from '../../../package.json' with { type: 'json' };
import { TeamService, type TeamTuning } from './team/service.ts';
import { DesktopStateHub, type DesktopShellOptions } from './desktop-state.ts';

/** A rejected tel: link is echoed back this long at most. */
const TEL_LINK_ECHO_LENGTH = 200;

/** The start of a link, for messages: never half a character. */
function echoOf(uri: string): string {
  return cutAtGraphemeBoundary(uri, TEL_LINK_ECHO_LENGTH);
}

export interface CoreOptions {
  /** Where the database, settings and logs live (Electron: app.getPath('userData')). */
  readonly dataDir: string;
  /** Which shell hosts the renderer; shown in About. */
  readonly shell: AppInfo['shell'];
  /** Also receives every log line (the shells pass console); the file log in `<dataDir>/logs` always gets them. */
  readonly logger?: Pick<Console, 'info' | 'warn' | 'error'>;
  /** The settings file: the Electron shell passes electron-store; default conf in dataDir. */
  readonly createSettingsBackend?: (dataDir: string) => SettingsBackend;
  /** The OS keychain service holding the access token; tests use a unique one. */
  readonly keychainService?: string;
  /** Calling engine tuning: embedded sandbox options, poll time scale (tests). */
  readonly engine?: EngineTuning;
  /** Native open/save dialogs (Electron); without them `files.*` answer 'unsupported'. */
  readonly fileDialogs?: FileDialogs;
  /** Team sync tuning (tests, benchmarks: short leases and reconnect delays). */
  readonly team?: TeamTuning;
  /** The Electron shell's state and actions (updates, link handler, shortcut); absent in the browser host. */
  readonly desktop?: DesktopShellOptions;
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
  /**
   * Resolves when the checks deferred past start-up have finished (the integrity check after an
   * unclean stop, run in the database worker while the app is already usable). Never rejects.
   */
  readonly startupChecks: Promise<void>;
  /** The app's rotating log (file in `<dataDir>/logs`, secrets redacted): the Electron shell logs through it too. */
  readonly logger: FileLogger;
  /** The database worker threads (tests kill one to prove nothing is lost). */
  readonly databaseWorkers: { readonly queries: DatabaseWorker; readonly jobs: DatabaseWorker };
  /** The shell reports what it learns here (updater, link handler, shortcut); pushed as `desktopStateChanged`. */
  readonly desktop: DesktopStateHub;
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
  const desktop = new DesktopStateHub(events, options.desktop);
  const logger = await createFileLogger(dataDir, options.logger);
  let store: Store;
  try {
    store = createStore({ dataDir, deferIntegrityCheck: true });
  } catch (error) {
    await logger.close();
    throw error;
  }
  const databaseWorkers = {
    queries: new DatabaseWorker('queries', { databaseFile: store.filePath }, logger),
    jobs: new DatabaseWorker('jobs', { databaseFile: store.filePath }, logger),
  };
  let liveAccount: () => string | null = () => null;
  const team = new TeamService({
    dataDir,
    db: store.db,
    callLog: store.callLog,
    keychainService: options.keychainService,
    account: () => liveAccount(),
    onStatus: (status) => events.emit('teamStatus', status),
    tuning: options.team,
    logger,
  });
  const engine = await createEngineApi({
    ...options.engine,
    dataDir,
    callLog: store.callLog,
    contacts: store.contacts,
    events,
    createSettingsBackend: options.createSettingsBackend,
    keychainService: options.keychainService,
    logger: logger,
    onModeChanged: () => events.emit('appInfoChanged', appInfo()),
    slotGate: team.slotGate,
  }).catch(async (error: unknown) => {
    await Promise.all([databaseWorkers.queries.close(), databaseWorkers.jobs.close()]);
    await team.close();
    store.close();
    await logger.close();
    throw error;
  });

  liveAccount = () => (engine.engine.mode === 'live' ? engine.engine.accountStatus().appId : null);
  const stopTeamFeed = events.on('callUpdated', (record) => team.callChanged(record));
  void team.start();

  const data = createDataApi({
    store,
    dataDir,
    events,
    logger: logger,
    settingsCountry: () => engine.engine.settings().defaultCountry,
    workers: databaseWorkers,
  });

  const notices: Notice[] = [];
  if (store.recoveredFrom) {
    const { movedTo, message } = store.recoveredFrom;
    notices.push({ key: 'databaseMovedAside', params: { movedTo }, message });
  }
  if (engine.settingsRecoveredFrom) {
    const { key, movedTo, message } = engine.settingsRecoveredFrom;
    notices.push({ key, params: { movedTo }, message });
  }
  const appInfo = (): AppInfo => ({
    name: packageJson.productName,
    version: packageJson.version,
    mode: engine.engine.mode,
    platform: process.platform,
    shell: options.shell,
    dataDir,
    logFile: logger.currentFile(),
    notices: [...notices],
  });

  /**
   * After an unclean stop: the full integrity check, in the database worker, once the app is up.
   * On damage: every readable row is copied into a new file (worker), then one short step on
   * this thread carries over the rows written since start and swaps the files; the damaged file
   * is kept aside and the user is told through the notices.
   */
  const startupChecks = !store.integrityCheckDue
    ? Promise.resolve()
    : checkAndRecover().catch((error: unknown) => {
        // Closing stops the workers under a running check: close() already left the mark (below).
        if (closed) return;
        store.markDamaged(); // the next start checks fully again
        logger.error(`[store] the integrity check or recovery could not finish: ${String(error)}`);
      });

  let startupChecksSettled = false;
  void startupChecks.finally(() => (startupChecksSettled = true));

  async function checkAndRecover(): Promise<void> {
    const findings = await databaseWorkers.queries.request('database.quickCheck', {});
    if (findings === null) {
      store.stopTrackingChanges();
      return;
    }
    const problem = findings.replace(/\s+/g, ' ').slice(0, 300);
    logger.error(`[store] integrity check after an unclean stop found damage: ${findings}`);
    const target = `${store.filePath}.recovering-${Date.now()}`;
    const report = await databaseWorkers.jobs.request('database.copyReadable', { target });
    if (closed) return;
    const { movedTo, carried } = store.replaceWithRecovered(target);
    await Promise.all([databaseWorkers.queries.restart(), databaseWorkers.jobs.restart()]);
    const lost = Object.values(report.unreadable).reduce((sum, count) => sum + count, 0);
    logger.warn(
      `[store] recovered: copied ${JSON.stringify(report.copied)}, unreadable ${JSON.stringify(report.unreadable)}, ` +
        `carried ${carried.calls} call(s) and ${carried.contacts} contact(s) written since start; damaged file kept at ${movedTo}`,
    );
    notices.push({
      key: 'databaseRecovered',
      params: { lost, movedTo },
      message:
        `The local database was damaged (${problem}). Every readable contact and call was copied into a new database` +
        (lost > 0 ? ` (${lost} unreadable row(s) could not be saved)` : '') +
        `; the damaged file is kept at ${movedTo}.`,
    });
    events.emit('appInfoChanged', appInfo());
  }

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
    ...desktop.api(),
    team: {
      getStatus: async () => team.status(),
      testConnection: (input) => team.testConnection(input),
      join: (input) => team.join(input),
      leave: () => team.leave(),
      syncNow: async () => {
        await team.syncNow();
        return team.status();
      },
      listCalls: async (query) => team.listCalls(query),
    },
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
        ? {
            event: 'dialRequested',
            payload: { number: parsed.number, extension: parsed.extension, source: 'tel-link' },
          }
        : { event: 'telLinkRejected', payload: { uri: echoOf(text), reason: parsed.reason } };
      if (pendingTelLink.event === 'dialRequested') events.emit('dialRequested', pendingTelLink.payload);
      else events.emit('telLinkRejected', pendingTelLink.payload);
    },
    onSettingsChanged: (listener) => engine.onSettingsChanged(listener),
    startupChecks,
    databaseWorkers,
    logger,
    desktop,
    async close() {
      if (closed) return;
      closed = true;
      // A check still running is cut short by closing: the next start checks fully again.
      if (!startupChecksSettled) store.markDamaged();
      data.close();
      await Promise.all([databaseWorkers.queries.close(), databaseWorkers.jobs.close()]);
      stopTeamFeed();
      await engine.close();
      await team.close();
      store.close();
      events.removeAllListeners();
      await logger.close();
    },
  };
}
