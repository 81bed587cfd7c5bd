/**
 * The composition root: createCore builds every service of the core once, wires their
 * dependencies explicitly, and maps each contract namespace onto one thin handler file
 * (handlers/<namespace>.ts). Services publish on the one typed event bus (events.ts), which the
 * shells forward to every window. docs/architecture.md draws the graph.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AppInfo, CoreApi } from '../../shared/contract.ts';
import type { Settings } from '../../shared/settings.ts';
import type { CountryCode } from '../../shared/phone.ts';
import type { StartSandboxOptions } from '../../sandbox/index.ts';
import { AccountNumbersCache } from './account/account-numbers.ts';
import { AccountService } from './account/account-service.ts';
import { openSandboxTxnMark } from './account/sandbox-txn-mark.ts';
import { AppInfoService } from './app/app-info-service.ts';
import { finishYielding, runStepsYielding, StartStepError, type StartStep } from './start-steps.ts';
import { CallService } from './calls/call-service.ts';
import { RateService } from './calls/rate-service.ts';
import { RequestBudget } from './calls/request-budget.ts';
import { callTimings, type CallTimings } from './calls/timings.ts';
import { createDataServices, type DataServices } from './data-services.ts';
import { DesktopStateHub, type DesktopShellOptions } from './desktop-state.ts';
import { TypedEmitter, type CoreEventMap, type CoreEvents } from './events.ts';
import type { FileDialogs } from './file-dialogs.ts';
import { accountHandlers } from './handlers/account.ts';
import { appHandlers } from './handlers/app.ts';
import { callLogHandlers } from './handlers/call-log.ts';
import { callsHandlers } from './handlers/calls.ts';
import { contactsHandlers } from './handlers/contacts.ts';
import { desktopHandlers } from './handlers/desktop.ts';
import { filesHandlers } from './handlers/files.ts';
import { importExportHandlers } from './handlers/import-export.ts';
import { notesHandlers } from './handlers/notes.ts';
import { databaseHandlers } from './handlers/database.ts';
import { ratesHandlers } from './handlers/rates.ts';
import { settingsHandlers } from './handlers/settings.ts';
import { teamHandlers } from './handlers/team.ts';
import { telLinksHandlers } from './handlers/tel-links.ts';
import { tunnelHandlers } from './handlers/tunnel.ts';
import { createFileLogger, type FileLogger } from './logging.ts';
import type { TunnelTimers } from './notify/tunnel.ts';
import { CredentialVault } from './secrets/vault.ts';
import { SerialQueue } from './serial-queue.ts';
import { SettingsService } from './settings/settings-service.ts';
import { openingSettingsStore, type SettingsBackend } from './settings/settings-store.ts';
import { lockDataFolder, type DataFolderLock } from './data-folder-lock.ts';
import { checkDataFolderWritable, openAppStore, type Store } from './store/index.ts';
import { StartupTracker, waitingApi } from './app/startup-state.ts';
import { runStartupChecks } from './store/startup-checks.ts';
import { TeamService, type TeamTuning } from './team/service.ts';
import { TelLinkService } from './tel-links/tel-link-service.ts';
import { DatabaseWorker } from './workers/database-worker-client.ts';

/** How calls and the account runtime run (tests and benchmarks speed them up). */
export interface CallingTuning {
  /** Options for the embedded sandbox (sandbox mode). Default: real time, the demo account. */
  readonly sandbox?: Omit<StartSandboxOptions, 'port' | 'host'>;
  /** Scales every poll interval and the request budget window (tests: 0.01 with a 0.01 sandbox). */
  readonly timeScale?: number;
  readonly timings?: Partial<CallTimings>;
  readonly tunnelTimers?: Partial<TunnelTimers>;
  /** Whole-request timeout of Hoiio requests in ms (default 30 s, hoiio-api.md §8). */
  readonly requestTimeoutMs?: number;
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
  /** Calls and account runtime tuning: embedded sandbox options, poll time scale (tests). */
  readonly engine?: CallingTuning;
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

/** The core while it starts: what the shells serve the window from its first moment (startCore). */
export interface StartingCore {
  /**
   * Every contract operation: `app.getStartup` answers at once; the others wait until the core
   * is ready (and fail with start-up's error if it cannot start).
   */
  readonly api: CoreApi;
  /** The one event bus, from the start: `startupChanged` while starting, then every push event. */
  readonly events: CoreEvents;
  /** The core once started; rejects with the AppError that stopped it (also pushed as `startupChanged` 'failed'). */
  readonly ready: Promise<Core>;
}

/**
 * Starts the core and returns at once, so a shell can open the window and answer it while the
 * core starts: a database from an older version is upgraded in a worker meanwhile, its progress
 * pushed as `startupChanged` for the start-up screen. Throws at once (before anything is
 * written) AppError('storage', reason 'not_writable') for a data folder the app may not write, and
 * AppError('conflict', reason 'data_folder_in_use') when another running process holds the folder's
 * lock (data-folder-lock.ts); the lock is held until `close`.
 */
export function startCore(options: CoreOptions): StartingCore {
  const dataDir = path.resolve(options.dataDir);
  checkDataFolderWritable(dataDir); // refused in words before logs, settings or the database write anything
  mkdirSync(dataDir, { recursive: true });
  // One running core per data folder (two hosts on one folder issued the same sandbox txn_refs).
  const lock = lockDataFolder(dataDir);
  const events: CoreEvents = new TypedEmitter<CoreEventMap>();
  const startup = new StartupTracker(events);
  const ready = buildCore({ ...options, dataDir }, events, startup, lock).then(
    ({ core, afterReady }) => {
      startup.set({ phase: 'ready' });
      // In a later task: whoever awaits `ready` runs first (its continuation is a microtask of
      // this resolution), then the integrity check begins.
      setImmediate(afterReady);
      return core;
    },
    (error: unknown) => {
      lock.release();
      startup.failed(error);
      throw error;
    },
  );
  return { api: waitingApi(ready, startup, events), events, ready };
}

/**
 * The application itself, in plain Node: everything the shells (Electron, browser host)
 * expose to the renderer. Never imports 'electron'. Resolves once started (startCore's `ready`).
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  return startCore(options).ready;
}

/** A started core, and what runs once the shell holds it (startCore schedules it after `ready`). */
interface BuiltCore {
  readonly core: Core;
  /**
   * Begins the integrity check after an unclean stop (in the `queries` worker; starting that
   * thread costs this one a few ms): after `ready`, so the start itself stays short.
   */
  readonly afterReady: () => void;
}

/**
 * Builds every service as a series of named steps (start-steps.ts), each its own task of the
 * event loop, so the thread that answers IPC is never held for the whole start (issue 8 (d)). No
 * step reads the call log or the contacts in bulk: the integrity check after an unclean stop runs
 * in the `queries` worker after `ready`. A failing step closes what the earlier ones opened (in
 * reverse) and rejects with that step's original error.
 */
async function buildCore(
  options: CoreOptions,
  events: CoreEvents,
  startup: StartupTracker,
  lock: DataFolderLock,
): Promise<BuiltCore> {
  const { dataDir } = options;
  const desktop = new DesktopStateHub(events, options.desktop);
  const logger = await createFileLogger(dataDir, options.logger);
  // What each step opened, closed in reverse if a later step fails.
  const undo: (() => unknown)[] = [];
  const tuning = options.engine ?? {};
  const timings = callTimings(tuning.timeScale ?? 1, tuning.timings);
  const budget = new RequestBudget(timings.budgetRequests, timings.budgetWindowMs);
  // Account and settings changes run one at a time (the base URL lock, tunnel rebuilds).
  const changes = new SerialQueue();
  // Set by the steps below, in this order; each step uses only what earlier steps set.
  let store!: Store;
  let databaseWorkers!: Core['databaseWorkers'];
  let settings!: SettingsService;
  let team!: TeamService;
  let account!: AccountService;
  let accountNumbers!: AccountNumbersCache;
  let calls!: CallService;
  let data!: DataServices;
  let appInfo!: AppInfoService;
  const unsubscribe: (() => void)[] = [];

  const steps: StartStep[] = [
    {
      name: 'open the database',
      run: async () => {
        store = await openAppStore({
          dataDir,
          deferIntegrityCheck: true,
          onUpgradeProgress: (progress) => startup.upgradeProgress(progress),
          logger,
        });
        undo.push(() => store.close());
        if (store.recoveredFrom) logger.warn(`[store] ${store.recoveredFrom.message}`);
      },
    },
    {
      name: 'prepare the database workers',
      run: () => {
        databaseWorkers = {
          queries: new DatabaseWorker('queries', { databaseFile: store.filePath }, logger),
          jobs: new DatabaseWorker('jobs', { databaseFile: store.filePath }, logger),
        };
        undo.push(() => Promise.all([databaseWorkers.queries.close(), databaseWorkers.jobs.close()]));
      },
    },
    {
      name: 'load the settings',
      run: async () => {
        settings = new SettingsService({
          store: await finishYielding(openingSettingsStore(dataDir, options.createSettingsBackend, logger)),
          changes,
        });
      },
    },
    {
      name: 'prepare team sync',
      run: () => {
        team = new TeamService({
          dataDir,
          db: store.db,
          callLog: store.callLog,
          contacts: store.contacts,
          // Contacts the team changed here: the windows reload them (issue 16).
          onContactsChanged: (ids) => events.emit('contactsChanged', { reason: 'updated', ids: [...ids] }),
          keychainService: options.keychainService,
          account: () => account.liveAppId(),
          onStatus: (status) => events.emit('teamStatus', status),
          onCallsPulled: () => events.emit('callLogChanged', { reason: 'team', ids: [] }),
          // Pulled notes: the team's notes are read again (reason 'team'); a local call whose own note
          // the team's copy rewrote gets its note text like a note set here.
          onNotesPulled: ({ ownNotesRewritten }) => {
            events.emit('callLogChanged', { reason: 'team', ids: [] });
            for (const change of ownNotesRewritten) {
              events.emit('callNotesChanged', { callId: change.callId, note: change.noteText });
            }
          },
          tuning: options.team,
          logger,
        });
        undo.push(() => team.close());
      },
    },
    {
      name: 'prepare the account',
      run: () => {
        account = new AccountService({
          settings,
          vault: new CredentialVault({ service: options.keychainService }),
          events,
          changes,
          budget,
          // The team's request budget (issue 15).
          beforeRequest: (endpoint, appId, signal): Promise<void> =>
            team.slotGate.beforeRequest?.(endpoint, appId, signal) ?? Promise.resolve(),
          logger,
          sandbox: tuning.sandbox,
          tunnelTimers: tuning.tunnelTimers,
          requestTimeoutMs: tuning.requestTimeoutMs,
          sandboxTxnMark: openSandboxTxnMark(dataDir, () => store.callLog.highestSandboxTxnNumber(), logger),
        });
        undo.push(() => account.close());
        // Subscribed before the account starts: its first accountChanged can arrive during start-up.
        accountNumbers = new AccountNumbersCache({
          source: () => account.currentBackend(),
          onChange: (next) => events.emit('accountNumbers', next),
          logger,
        });
        unsubscribe.push(events.on('accountChanged', () => accountNumbers.accountChanged()));
      },
    },
    {
      name: 'prepare calls',
      run: () => {
        calls = new CallService({
          callLog: store.callLog,
          contacts: store.contacts,
          settings,
          backends: account,
          timings,
          budget,
          events,
          logger,
          slotGate: team.slotGate,
        });
        undo.push(() => calls.close());
      },
    },
    {
      // The sandbox (its own HTTP server) or the live account's listener and tunnel; the
      // keychain is read here. Its own awaits split it further.
      name: 'start the account',
      run: async () => {
        undo.push(() => account.abortRequests()); // requests in flight end first, so the closes above do not wait
        await account.start(calls);
      },
    },
    {
      name: 'start team sync',
      run: () => {
        unsubscribe.push(
          events.on('callUpdated', (record) => team.callChanged(record)),
          events.on('contactsChanged', () => team.contactsChanged()),
          events.on('callNotesChanged', () => team.noteChanged()),
        );
        void team.start();
      },
    },
    {
      name: 'prepare the data services',
      run: () => {
        // A form save that overwrote a value changed meanwhile keeps it as a revision (issue 16).
        data = createDataServices({
          dataDir,
          store,
          workers: databaseWorkers,
          events,
          settings,
          logger,
          revisions: team,
        });
        undo.push(() => data.close());
      },
    },
    {
      name: 'prepare About and its notices',
      run: () => {
        appInfo = new AppInfoService({
          shell: options.shell,
          dataDir,
          events,
          mode: () => account.mode,
          logFile: () => logger.currentFile(),
        });
        if (store.recoveredFrom) {
          const { movedTo, message } = store.recoveredFrom;
          appInfo.addNotice({ key: 'databaseMovedAside', params: { movedTo }, message }, { publish: false });
        }
        if (settings.recoveredFrom) {
          const { key, movedTo, message } = settings.recoveredFrom;
          appInfo.addNotice({ key, params: { movedTo }, message }, { publish: false });
        }
      },
    },
    {
      // Last, with every listener of the bus in place (the team feed above, the shell's since
      // startCore): lists the calls the last run left unfinished before any call of this run can
      // be placed (operations wait for `ready`); live history answers arrive after `ready`.
      name: "settle the last run's calls",
      run: () => account.reconcileLastRun(),
    },
  ];
  try {
    await runStepsYielding(steps);
  } catch (error) {
    const cause = error instanceof StartStepError ? error.cause : error;
    logger.error(`[core] ${error instanceof Error ? error.message : String(error)}`);
    for (const stop of unsubscribe) stop();
    for (const close of undo.reverse()) {
      try {
        await close();
      } catch (closeError) {
        logger.warn(`[core] closing after a failed start: ${String(closeError)}`);
      }
    }
    await logger.close();
    throw cause;
  }

  const { contacts, callLog, importExport, history } = data;
  const rates = new RateService({ settings, backend: () => account.requireBackend() });
  const telLinks = new TelLinkService({ events, defaultCountry: () => settings.get().defaultCountry as CountryCode });

  let closed = false;
  let beginChecks!: () => void;
  const checksBegun = new Promise<void>((resolve) => (beginChecks = resolve));
  const startupChecks = checksBegun.then(() =>
    closed
      ? undefined
      : runStartupChecks({
          store,
          workers: databaseWorkers,
          logger,
          addNotice: (notice) => appInfo.addNotice(notice),
          closing: () => closed,
        }),
  );
  let startupChecksSettled = false;
  void startupChecks.finally(() => {
    startupChecksSettled = true;
    if (!closed) history.startRetention(); // at start-up (once the file is known sound), then daily
  });

  const api: CoreApi = {
    app: appHandlers(appInfo, startup),
    account: accountHandlers(account, accountNumbers, logger),
    settings: settingsHandlers(settings),
    calls: callsHandlers(calls),
    rates: ratesHandlers(rates),
    tunnel: tunnelHandlers(account),
    telLinks: telLinksHandlers(telLinks),
    contacts: contactsHandlers(contacts),
    callLog: callLogHandlers(callLog, importExport, history),
    notes: notesHandlers(history),
    database: databaseHandlers(history),
    files: filesHandlers(options.fileDialogs),
    team: teamHandlers(team),
    desktop: desktopHandlers(desktop),
    importExport: importExportHandlers(importExport),
  };

  const core: Core = {
    api,
    events,
    notifySystemResumed: () => account.tunnel()?.notifyResumed(),
    notifyNetworkChanged: () => account.tunnel()?.notifyNetworkChanged(),
    openTelLink(uri) {
      if (!closed) telLinks.open(uri);
    },
    onSettingsChanged: (listener) => settings.onChange(listener),
    startupChecks,
    databaseWorkers,
    logger,
    desktop,
    async close() {
      if (closed) return;
      closed = true;
      // A check still running (or not begun) is cut short by closing: the next start checks fully again.
      if (!startupChecksSettled && store.integrityCheckDue) store.markDamaged();
      beginChecks(); // settles startupChecks at once when the check had not begun
      data.close();
      await Promise.all([databaseWorkers.queries.close(), databaseWorkers.jobs.close()]);
      for (const stop of unsubscribe) stop();
      await changes.close();
      // Requests in flight end first, so closing the call service does not wait for them.
      account.abortRequests();
      await calls.close();
      await account.close();
      await team.close();
      appInfo.close();
      store.close();
      events.removeAllListeners();
      await logger.close();
      lock.release(); // last: another copy may open the folder now
    },
  };
  return {
    core,
    afterReady: beginChecks,
  };
}
