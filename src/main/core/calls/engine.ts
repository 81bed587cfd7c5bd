/**
 * The calling engine as one object: which account calls go to (sandbox or live), the
 * notification listener and tunnel for that account, the call service, and the account and
 * settings operations that switch between them. The IPC layer (engine-api.ts) is a thin map
 * onto these methods.
 *
 * Modes: with no saved credentials the embedded sandbox runs in-process on a random loopback
 * port and notifies the listener directly. With credentials (App ID in settings, token in the
 * OS keychain) calls go to the configured Hoiio base URL, notified through the tunnel while
 * it is up and polled otherwise.
 */
import type { CallRecord } from '../../../shared/calls.ts';
import { AppError } from '../../../shared/errors.ts';
import type { AccountStatus, AccountVerification, SetAccountInput } from '../../../shared/account.ts';
import type { CountryCode } from '../../../shared/phone.ts';
import type { Settings, SettingsPatch } from '../../../shared/settings.ts';
import type { TunnelStatus } from '../../../shared/tunnel.ts';
import { startSandbox, type SandboxHandle, type StartSandboxOptions } from '../../../sandbox/index.ts';
import { HoiioClient, type HoiioCredentials } from '../hoiio/client.ts';
import { NotificationListener } from '../notify/listener.ts';
import { TunnelSupervisor, type TunnelTimers } from '../notify/tunnel.ts';
import type { CredentialVault } from '../secrets/vault.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import { createLiveBackend, createSandboxBackend } from './backends.ts';
import { CallService, type PlaceCallInput } from './call-service.ts';
import type { SandboxTxnMark } from './sandbox-txn-mark.ts';
import { checkDestination } from './destinations.ts';
import type { CallBackend, CallLogPort, CallSlotGate, ContactsPort } from './ports.ts';
import { RequestBudget } from './request-budget.ts';
import { callTimings, type CallTimings } from './timings.ts';

type Logger = Pick<Console, 'info' | 'warn' | 'error'>;

export const BASE_URL_LOCKED_MESSAGE =
  'Remove your Hoiio credentials before changing the API address, then enter them again ' +
  'so they are checked against the new address.';

export interface EngineEvents {
  callUpdated(record: CallRecord): void;
  tunnelState(state: TunnelStatus): void;
  accountChanged(status: AccountStatus): void;
}

export interface EngineTuning {
  /** Options for the embedded sandbox (sandbox mode). Default: real time, the demo account. */
  readonly sandbox?: Omit<StartSandboxOptions, 'port' | 'host'>;
  /** Scales every poll interval and the request budget window (tests: 0.01 with a 0.01 sandbox). */
  readonly timeScale?: number;
  readonly timings?: Partial<CallTimings>;
  readonly tunnelTimers?: Partial<TunnelTimers>;
  /** Whole-request timeout of Hoiio requests (default 30 s, hoiio-api.md §8). */
  readonly requestTimeoutMs?: number;
}

export interface EngineOptions extends EngineTuning {
  readonly callLog: CallLogPort;
  readonly contacts?: ContactsPort;
  readonly settings: SettingsStore;
  readonly vault: CredentialVault;
  readonly events: EngineEvents;
  readonly logger?: Logger;
  /** Where the embedded sandbox's references resume after a restart (§2.1/§7.1 revised); none: from 1000001. */
  readonly sandboxTxnMark?: SandboxTxnMark;
  /** The team's shared call limit (issue 15); absent without a team. */
  readonly slotGate?: CallSlotGate;
}

interface SandboxRuntime {
  readonly handle: SandboxHandle;
  readonly listener: NotificationListener;
  readonly backend: CallBackend & { close(): void };
}

interface LiveRuntime {
  readonly credentials: HoiioCredentials;
  readonly listener: NotificationListener;
  tunnel: TunnelSupervisor | null;
  backend: CallBackend & { close(): void };
}

export class CallingEngine {
  readonly calls: CallService;
  readonly #options: EngineOptions;
  readonly #logger: Logger;
  /** §8: background requests to Hoiio across all calls, retries included (see #client). */
  readonly #budget: RequestBudget;
  #sandbox: SandboxRuntime | null = null;
  #live: LiveRuntime | null = null;
  #keychainError: string | null = null;
  /** Account and settings changes rebuild runtimes: one at a time. */
  #exclusive: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(options: EngineOptions) {
    this.#options = options;
    this.#logger = options.logger ?? console;
    const timings = callTimings(options.timeScale ?? 1, options.timings);
    this.#budget = new RequestBudget(timings.budgetRequests, timings.budgetWindowMs);
    this.calls = new CallService({
      callLog: options.callLog,
      contacts: options.contacts,
      settings: () => options.settings.get(),
      currentBackend: () => this.#currentBackend(),
      backendFor: (mode) => (mode === 'live' ? this.#live?.backend : this.#sandbox?.backend) ?? null,
      timings,
      budget: this.#budget,
      onUpdate: (record) => {
        if (record.mode === 'sandbox' && record.txnRef !== null) options.sandboxTxnMark?.observe(record.txnRef);
        options.events.callUpdated(record);
      },
      logger: this.#logger,
      slotGate: options.slotGate,
    });
  }

  /** Starts in live mode when credentials are saved and readable, in sandbox mode otherwise. */
  static async start(options: EngineOptions): Promise<CallingEngine> {
    const engine = new CallingEngine(options);
    try {
      const credentials = await engine.#savedCredentials();
      if (credentials) await engine.#startLive(credentials);
      else await engine.#ensureSandbox();
      engine.#reconcileInBackground({ sandboxRestarted: true });
    } catch (error) {
      await engine.close();
      throw error;
    }
    return engine;
  }

  get mode(): CallRecord['mode'] {
    return this.#live ? 'live' : 'sandbox';
  }

  accountStatus(): AccountStatus {
    const appId = this.#options.settings.getAppId();
    return {
      mode: this.mode,
      configured: this.#live !== null,
      appId,
      baseUrl: this.#sandbox && !this.#live ? this.#sandbox.handle.baseUrl : this.#options.settings.get().baseUrl,
      keychainError: this.#keychainError,
    };
  }

  /** Verifies the credentials with a real API call, stores them, and switches to live mode. */
  setAccount(input: SetAccountInput): Promise<AccountStatus> {
    return this.#serialized(async () => {
      const credentials = { appId: input.appId.trim(), accessToken: input.accessToken.trim() };
      const probe = new HoiioClient({
        baseUrl: this.#options.settings.get().baseUrl,
        credentials,
        totalTimeoutMs: this.#options.requestTimeoutMs,
        maxRetries: 0,
      });
      await probe.getInfo();
      await this.#options.vault.setToken(credentials.appId, credentials.accessToken);
      this.#keychainError = null;
      this.#options.settings.setAppId(credentials.appId);
      await this.#stopLive();
      await this.#startLive(credentials);
      this.#reconcileInBackground({ sandboxRestarted: false });
      return this.#accountChanged();
    });
  }

  /** A real API call with the account calls currently go to. */
  async verifyAccount(): Promise<AccountVerification> {
    const backend = this.#requireBackend();
    const [info, balance] = await Promise.all([backend.client.getInfo(), backend.client.getBalance()]);
    return {
      mode: backend.mode,
      name: info.name,
      mobileNumber: info.mobileNumber,
      callerIds: info.callerIds,
      userStatus: info.userStatus,
      country: info.country,
      currency: balance.currency,
      balance: balance.balance,
    };
  }

  /** Removes the token from the keychain and the App ID from settings; back to sandbox mode. */
  clearAccount(): Promise<AccountStatus> {
    return this.#serialized(async () => {
      const hadAccount = this.#options.settings.getAppId() !== null;
      this.#options.settings.setAppId(null);
      await this.#stopLive();
      await this.#ensureSandbox();
      try {
        await this.#options.vault.clear();
      } catch (error) {
        // In sandbox mode nothing was stored: a machine without a keyring must not fail "forget" (issue 14).
        if (hadAccount) throw error;
        this.#logger.warn('[engine] keychain not reachable while clearing in sandbox mode; nothing was stored:', error);
      } finally {
        // Even when the keychain refuses, the app no longer uses the account: say so, then report the error.
        this.#emitAccountChanged();
      }
      return this.accountStatus();
    });
  }

  settings(): Settings {
    return this.#options.settings.get();
  }

  /**
   * Changes settings; a new tunnel preference takes effect at once in live mode. The base URL
   * cannot change while credentials are saved: the token was verified against the current
   * address, and every request to a new one would carry it there unchecked.
   */
  updateSettings(patch: SettingsPatch): Promise<Settings> {
    return this.#serialized(async () => {
      const previous = this.#options.settings.get();
      if (patch.baseUrl !== undefined && patch.baseUrl !== previous.baseUrl && this.#credentialsSaved()) {
        throw new AppError('conflict', BASE_URL_LOCKED_MESSAGE);
      }
      const next = this.#options.settings.update(patch);
      const live = this.#live;
      if (live && JSON.stringify(next.tunnel) !== JSON.stringify(previous.tunnel)) {
        live.tunnel?.stop();
        live.tunnel = this.#startTunnel(live.listener);
        live.backend.close();
        live.backend = this.#liveBackend(live);
        this.#onTunnelChange();
      }
      return next;
    });
  }

  tunnelStatus(): TunnelStatus {
    if (!this.#live) return { status: 'off', reason: 'sandbox' };
    if (!this.#live.tunnel) return { status: 'off', reason: 'disabled' };
    return this.#live.tunnel.state();
  }

  /** The tunnel supervisor in live mode, so the shell can pass on resume and network changes. */
  tunnel(): TunnelSupervisor | null {
    return this.#live?.tunnel ?? null;
  }

  place(input: PlaceCallInput): Promise<CallRecord> {
    return this.calls.place(input);
  }

  async rate(input: { readonly dest2: string; readonly dest1?: string | null | undefined }) {
    const backend = this.#requireBackend();
    const settings = this.#options.settings.get();
    const country = settings.defaultCountry as CountryCode;
    const dest2 = checkDestination(input.dest2, 'dest2', country);
    const dest1Text = input.dest1 ?? settings.defaultDest1 ?? (await backend.registeredNumber());
    const dest1 = checkDestination(dest1Text, 'dest1', country);
    const rate = await backend.client.getRate(dest1, dest2);
    return { dest1, dest2, ...rate };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#exclusive.catch(() => undefined);
    this.#live?.backend.close();
    this.#sandbox?.backend.close();
    await this.calls.close();
    await this.#stopLive();
    await this.#stopSandbox();
  }

  /** Live credentials are in use, or saved (an App ID in settings) but not readable right now. */
  #credentialsSaved(): boolean {
    return this.#live !== null || this.#options.settings.getAppId() !== null;
  }

  #currentBackend(): CallBackend | null {
    return (this.#live ?? this.#sandbox)?.backend ?? null;
  }

  #requireBackend(): CallBackend {
    const backend = this.#currentBackend();
    if (!backend) throw new AppError('conflict', 'The calling service is still starting. Try again in a moment.');
    return backend;
  }

  async #savedCredentials(): Promise<HoiioCredentials | null> {
    const appId = this.#options.settings.getAppId();
    if (appId === null) return null;
    try {
      const accessToken = await this.#options.vault.getToken(appId);
      return accessToken === null ? null : { appId, accessToken };
    } catch (error) {
      // No keychain: run the sandbox and say why the saved account is not used.
      this.#keychainError = error instanceof Error ? error.message : String(error);
      this.#logger.warn(`[engine] ${this.#keychainError}`);
      return null;
    }
  }

  async #startLive(credentials: HoiioCredentials): Promise<void> {
    const listener = this.#newListener(() => credentials.accessToken);
    await listener.start();
    const tunnel = this.#startTunnel(listener);
    const baseUrl = this.#options.settings.get().baseUrl;
    const backend = createLiveBackend(this.#client(baseUrl, credentials), listener, tunnel);
    this.#live = { credentials, listener, tunnel, backend };
    this.#onTunnelChange();
    // Sandbox calls still in progress keep their sandbox until they end or the app closes.
    if (this.calls.activeCount('sandbox') === 0) await this.#stopSandbox();
  }

  #liveBackend(live: LiveRuntime): CallBackend & { close(): void } {
    const baseUrl = this.#options.settings.get().baseUrl;
    return createLiveBackend(this.#client(baseUrl, live.credentials), live.listener, live.tunnel);
  }

  #startTunnel(listener: NotificationListener): TunnelSupervisor | null {
    const preferences = this.#options.settings.get().tunnel;
    if (!preferences.enabled) return null;
    const tunnel = new TunnelSupervisor({
      localPort: listener.port(),
      serverUrl: preferences.serverUrl,
      subdomain: preferences.subdomain ?? undefined,
      timers: this.#options.tunnelTimers,
    });
    tunnel.on('state', () => this.#onTunnelChange());
    tunnel.start();
    return tunnel;
  }

  #onTunnelChange(): void {
    this.calls.recheckNotificationReach();
    this.#options.events.tunnelState(this.tunnelStatus());
  }

  async #stopLive(): Promise<void> {
    const live = this.#live;
    if (!live) return;
    this.#live = null;
    live.tunnel?.stop();
    live.backend.close();
    await live.listener.close();
    this.#onTunnelChange();
  }

  async #ensureSandbox(): Promise<void> {
    if (this.#sandbox) return;
    const firstTxnNumber = this.#options.sandbox?.firstTxnNumber ?? this.#options.sandboxTxnMark?.firstTxnNumber();
    const handle = await startSandbox({ ...this.#options.sandbox, firstTxnNumber, port: 0, host: '127.0.0.1' });
    const listener = this.#newListener(() => handle.accessToken);
    try {
      await listener.start();
    } catch (error) {
      await handle.close();
      throw error;
    }
    const credentials = { appId: handle.appId, accessToken: handle.accessToken };
    const client = this.#client(handle.baseUrl, credentials);
    const backend = createSandboxBackend(client, handle.registeredNumber, listener);
    this.#sandbox = { handle, listener, backend };
  }

  async #stopSandbox(): Promise<void> {
    const sandbox = this.#sandbox;
    if (!sandbox) return;
    this.#sandbox = null;
    sandbox.backend.close();
    await sandbox.listener.close();
    await sandbox.handle.close();
  }

  /**
   * A client for the backends calls are placed and followed with: each retry after a network
   * fault is a request the scheduler's slot did not pay for, so it is recorded in the budget.
   * (Retries of foreground requests on the same client count too: the budget errs on the safe side.)
   */
  #client(baseUrl: string, credentials: HoiioCredentials): HoiioClient {
    return new HoiioClient({
      baseUrl,
      credentials,
      totalTimeoutMs: this.#options.requestTimeoutMs,
      onRetry: () => this.#budget.record(Date.now()),
      // The team's request budget (issue 15), for the team's live account only.
      beforeRequest: this.#options.slotGate?.beforeRequest?.bind(this.#options.slotGate),
    });
  }

  #newListener(getSigningKey: () => string): NotificationListener {
    const listener = new NotificationListener({ getSigningKey });
    listener.on('notification', ({ callId, notification }) => {
      try {
        this.calls.applyNotification(callId, notification);
      } catch (error) {
        this.#logger.error('[engine] applying a notification failed', error);
      }
    });
    listener.on('rejected', ({ status, reason }) => this.#logger.warn(`[notify] refused (${status}): ${reason}`));
    return listener;
  }

  /** At start-up the sandbox is new, so its unfinished calls from the last run can never end. */
  #reconcileInBackground(options: { readonly sandboxRestarted: boolean }): void {
    this.calls.reconcile(options).catch((error: unknown) => {
      this.#logger.warn('[engine] reconciling unfinished calls failed', error);
    });
  }

  #accountChanged(): AccountStatus {
    this.#emitAccountChanged();
    return this.accountStatus();
  }

  #emitAccountChanged(): void {
    this.#options.events.accountChanged(this.accountStatus());
  }

  #serialized<T>(work: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new AppError('conflict', 'The app is shutting down.'));
    const run = this.#exclusive.then(work, work);
    this.#exclusive = run.catch(() => undefined);
    return run;
  }
}
