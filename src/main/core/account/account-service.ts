/**
 * The account/mode runtime: which account calls go to (the embedded sandbox or the user's live
 * Hoiio account), its Hoiio clients, the notification listener and, in live mode, the tunnel.
 * It hands the call service a backend per mode (ports.ts `CallBackends`) and delivers verified
 * notifications to it; it publishes `accountChanged` and `tunnelState` on the event bus.
 *
 * Modes: with no saved credentials the embedded sandbox runs in-process on a random loopback
 * port and notifies the listener directly. With credentials (App ID in settings, token in the
 * OS keychain) calls go to the configured Hoiio base URL, notified through the tunnel while
 * it is up and polled otherwise.
 */
import type { CallRecord } from '../../../shared/calls.ts';
import { AppError } from '../../../shared/errors.ts';
import type { AccountStatus, AccountVerification, SetAccountInput } from '../../../shared/account.ts';
import type { Settings } from '../../../shared/settings.ts';
import type { TunnelStatus } from '../../../shared/tunnel.ts';
import { startSandbox, type SandboxHandle, type StartSandboxOptions } from '../../../sandbox/index.ts';
import type { CoreEvents } from '../events.ts';
import { HoiioClient, type HoiioClientOptions, type HoiioCredentials } from '../hoiio/client.ts';
import { NotificationListener } from '../notify/listener.ts';
import { TunnelSupervisor, type TunnelTimers } from '../notify/tunnel.ts';
import type { CredentialVault } from '../secrets/vault.ts';
import type { SerialQueue } from '../serial-queue.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import type { CallBackend, CallBackends, CallsOfAccount } from '../calls/ports.ts';
import type { RequestBudget } from '../calls/request-budget.ts';
import { createLiveBackend, createSandboxBackend } from './backends.ts';
import type { SandboxTxnMark } from './sandbox-txn-mark.ts';
import { yieldToEventLoop } from '../io/source-record.ts';

type Logger = Pick<Console, 'info' | 'warn' | 'error'>;

export interface AccountServiceOptions {
  readonly settings: SettingsService;
  readonly vault: CredentialVault;
  readonly events: CoreEvents;
  /** Shared with the settings service: account and settings changes run one at a time. */
  readonly changes: SerialQueue;
  /** §8: background requests to Hoiio across all calls; every client retry is recorded in it. */
  readonly budget: RequestBudget;
  /**
   * Awaited before each request of this account's Hoiio clients: the team's shared request
   * budget (team/request-budget.ts, issue 15), which only limits the team's live account.
   */
  readonly beforeRequest?: HoiioClientOptions['beforeRequest'];
  readonly logger?: Logger | undefined;
  /** Options for the embedded sandbox (sandbox mode). Default: real time, the demo account. */
  readonly sandbox?: Omit<StartSandboxOptions, 'port' | 'host'> | undefined;
  readonly tunnelTimers?: Partial<TunnelTimers> | undefined;
  /** Whole-request timeout of Hoiio requests in ms (default 30 s, hoiio-api.md §8). */
  readonly requestTimeoutMs?: number | undefined;
  /** Where the embedded sandbox's references resume after a restart (§2.1/§7.1 revised); none: from 1000001. */
  readonly sandboxTxnMark?: SandboxTxnMark | undefined;
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

export class AccountService implements CallBackends {
  readonly #options: AccountServiceOptions;
  readonly #logger: Logger;
  #calls: CallsOfAccount | null = null;
  #sandbox: SandboxRuntime | null = null;
  #live: LiveRuntime | null = null;
  #keychainError: string | null = null;
  readonly #unsubscribe: (() => void)[] = [];
  #closed = false;

  constructor(options: AccountServiceOptions) {
    this.#options = options;
    this.#logger = options.logger ?? console;
    const { events, sandboxTxnMark, settings } = options;
    this.#unsubscribe.push(
      events.on('callUpdated', (record) => {
        if (record.mode === 'sandbox' && record.txnRef !== null) sandboxTxnMark?.observe(record.txnRef);
      }),
      // Runs inside SettingsService.update (on the shared queue): the new tunnel is up when it resolves.
      settings.onChange((next, previous) => this.#settingsChanged(next, previous)),
    );
  }

  /**
   * Starts in live mode when credentials are saved and readable, in sandbox mode otherwise.
   * `calls` receives the notifications. What the last run left unfinished is settled by
   * reconcileLastRun, which the core calls last in its start, once every listener is in place.
   */
  async start(calls: CallsOfAccount): Promise<void> {
    this.#calls = calls;
    const credentials = await this.#savedCredentials();
    if (credentials) await this.#startLive(credentials);
    else await this.#ensureSandbox();
  }

  /**
   * Has the call service settle the calls the last run left unfinished (and read recent history
   * in live mode), in the background: failures are logged. Once, after start; the sandbox is new
   * then, so its unfinished calls from the last run can never end.
   */
  reconcileLastRun(): void {
    this.#reconcileInBackground({ sandboxRestarted: true });
  }

  get mode(): CallRecord['mode'] {
    return this.#live ? 'live' : 'sandbox';
  }

  /** The App ID of the live account calls go to, or null in sandbox mode. */
  liveAppId(): string | null {
    return this.#live ? this.#options.settings.appId() : null;
  }

  status(): AccountStatus {
    return {
      mode: this.mode,
      configured: this.#live !== null,
      appId: this.#options.settings.appId(),
      baseUrl: this.#sandbox && !this.#live ? this.#sandbox.handle.baseUrl : this.#options.settings.get().baseUrl,
      keychainError: this.#keychainError,
    };
  }

  /** Verifies the credentials with a real API call, stores them, and switches to live mode. */
  set(input: SetAccountInput): Promise<AccountStatus> {
    return this.#options.changes.run(async () => {
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
      this.#publishAccountChanged();
      return this.status();
    });
  }

  /** A real API call with the account calls currently go to. */
  async verify(): Promise<AccountVerification> {
    const backend = this.requireBackend();
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
  clear(): Promise<AccountStatus> {
    return this.#options.changes.run(async () => {
      const hadAccount = this.#options.settings.appId() !== null;
      this.#options.settings.setAppId(null);
      await this.#stopLive();
      await this.#ensureSandbox();
      try {
        await this.#options.vault.clear();
      } catch (error) {
        // In sandbox mode nothing was stored: a machine without a keyring must not fail "forget" (issue 14).
        if (hadAccount) throw error;
        this.#logger.warn(
          '[account] keychain not reachable while clearing in sandbox mode; nothing was stored:',
          error,
        );
      } finally {
        // Even when the keychain refuses, the app no longer uses the account: say so, then report the error.
        this.#publishAccountChanged();
      }
      return this.status();
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

  currentBackend(): CallBackend | null {
    return (this.#live ?? this.#sandbox)?.backend ?? null;
  }

  backendFor(mode: CallRecord['mode']): CallBackend | null {
    return (mode === 'live' ? this.#live?.backend : this.#sandbox?.backend) ?? null;
  }

  /** The backend new requests use; AppError 'conflict' while none is ready. */
  requireBackend(): CallBackend {
    const backend = this.currentBackend();
    if (!backend) throw new AppError('conflict', 'The calling service is still starting. Try again in a moment.');
    return backend;
  }

  /**
   * Closes the Hoiio clients, so every request in flight ends now: the call service, closed next,
   * then does not wait up to a request timeout for them. First step of shutting down.
   */
  abortRequests(): void {
    this.#live?.backend.close();
    this.#sandbox?.backend.close();
  }

  /** Stops the listener, tunnel, clients and sandbox; close the call service first. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.abortRequests();
    await this.#stopLive();
    await this.#stopSandbox();
  }

  /** A new tunnel preference in live mode: a new tunnel, and a backend handing out its URLs. */
  #settingsChanged(next: Settings, previous: Settings): void {
    const live = this.#live;
    if (!live || JSON.stringify(next.tunnel) === JSON.stringify(previous.tunnel)) return;
    live.tunnel?.stop();
    live.tunnel = this.#startTunnel(live.listener);
    live.backend.close();
    live.backend = this.#liveBackend(live);
    this.#onTunnelChange();
  }

  async #savedCredentials(): Promise<HoiioCredentials | null> {
    const appId = this.#options.settings.appId();
    if (appId === null) return null;
    try {
      const accessToken = await this.#options.vault.getToken(appId);
      return accessToken === null ? null : { appId, accessToken };
    } catch (error) {
      // No keychain: run the sandbox and say why the saved account is not used.
      this.#keychainError = error instanceof Error ? error.message : String(error);
      this.#logger.warn(`[account] ${this.#keychainError}`);
      return null;
    }
  }

  async #startLive(credentials: HoiioCredentials): Promise<void> {
    const listener = this.#newListener(() => credentials.accessToken);
    await listener.start();
    await yieldToEventLoop(); // the listener's start and the tunnel's, one per task (see #ensureSandbox)
    const tunnel = this.#startTunnel(listener);
    const baseUrl = this.#options.settings.get().baseUrl;
    const backend = createLiveBackend(this.#client(baseUrl, credentials), listener, tunnel);
    this.#live = { credentials, listener, tunnel, backend };
    this.#onTunnelChange();
    // Sandbox calls still in progress keep their sandbox until they end or the app closes.
    if ((this.#calls?.activeCount('sandbox') ?? 0) === 0) await this.#stopSandbox();
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

  /** The call service listens for `tunnelState` to re-check which calls a notification still reaches. */
  #onTunnelChange(): void {
    this.#options.events.emit('tunnelState', this.tunnelStatus());
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
    // Each server's start is a few ms of this thread (the one that answers IPC): one per task.
    await yieldToEventLoop();
    const listener = this.#newListener(() => handle.accessToken);
    try {
      await listener.start();
    } catch (error) {
      await handle.close();
      throw error;
    }
    await yieldToEventLoop();
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
      onRetry: () => this.#options.budget.record(Date.now()),
      beforeRequest: this.#options.beforeRequest,
    });
  }

  #newListener(getSigningKey: () => string): NotificationListener {
    const listener = new NotificationListener({ getSigningKey });
    listener.on('notification', ({ callId, notification }) => {
      try {
        this.#calls?.applyNotification(callId, notification);
      } catch (error) {
        this.#logger.error('[account] applying a notification failed', error);
      }
    });
    listener.on('rejected', ({ status, reason }) => this.#logger.warn(`[notify] refused (${status}): ${reason}`));
    return listener;
  }

  /** At start-up the sandbox is new, so its unfinished calls from the last run can never end. */
  #reconcileInBackground(options: { readonly sandboxRestarted: boolean }): void {
    this.#calls?.reconcile(options).catch((error: unknown) => {
      this.#logger.warn('[account] reconciling unfinished calls failed', error);
    });
  }

  #publishAccountChanged(): void {
    this.#options.events.emit('accountChanged', this.status());
  }
}
