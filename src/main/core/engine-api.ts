/**
 * The IPC namespaces of the calling engine (account, settings, calls, rates, tunnel) and its
 * push events: a thin map from the contract onto CallingEngine. createCore spreads `api`
 * into its own. Nothing here returns the access token.
 */
import type { CoreApi } from '../../shared/contract.ts';
import type { Settings } from '../../shared/settings.ts';
import { AccountNumbersCache } from './account/account-numbers.ts';
import { CallingEngine, type EngineTuning } from './calls/engine.ts';
import type { CallLogPort, CallSlotGate, ContactsPort } from './calls/ports.ts';
import { openSandboxTxnMark } from './calls/sandbox-txn-mark.ts';
import type { CoreEvents } from './events.ts';
import { CredentialVault } from './secrets/vault.ts';
import { openSettingsStore, type SettingsBackend, type SettingsRecovery } from './settings/settings-store.ts';

export type EngineApi = Pick<CoreApi, 'account' | 'settings' | 'calls' | 'rates' | 'tunnel'>;

export interface EngineApiOptions extends EngineTuning {
  readonly dataDir: string;
  readonly callLog: CallLogPort;
  readonly contacts?: ContactsPort;
  readonly events: CoreEvents;
  /** The settings file; default conf in `dataDir`. The Electron shell passes electron-store. */
  readonly createSettingsBackend?: (dataDir: string) => SettingsBackend;
  /** The OS keychain service name; tests use a unique one. */
  readonly keychainService?: string;
  readonly logger?: Pick<Console, 'info' | 'warn' | 'error'>;
  /** Called when calls switch between the sandbox and the live account. */
  readonly onModeChanged?: () => void;
  /** The team's shared call limit (team/slot-gate.ts); absent without a team. */
  readonly slotGate?: CallSlotGate;
}

export interface EngineHandle {
  readonly api: EngineApi;
  readonly engine: CallingEngine;
  /** Where an unreadable settings file was moved at start-up (defaults were used); null normally. */
  readonly settingsRecoveredFrom: SettingsRecovery | null;
  /** Called after every settings change; returns the unsubscribe function. */
  onSettingsChanged(listener: (settings: Settings, previous: Settings) => void): () => void;
  close(): Promise<void>;
}

export async function createEngineApi(options: EngineApiOptions): Promise<EngineHandle> {
  const settings = openSettingsStore(options.dataDir, options.createSettingsBackend, options.logger ?? console);
  const { events } = options;
  // Created before the engine: its first accountChanged can arrive during start-up.
  let numbers: AccountNumbersCache | null = null;
  const engine = await CallingEngine.start({
    ...options,
    settings,
    sandboxTxnMark: openSandboxTxnMark(
      options.dataDir,
      () => options.callLog.highestSandboxTxnNumber?.() ?? 0,
      options.logger ?? console,
    ),
    vault: new CredentialVault({ service: options.keychainService }),
    events: {
      callUpdated: (record) => events.emit('callUpdated', record),
      tunnelState: (state) => events.emit('tunnelState', state),
      accountChanged: (status) => {
        events.emit('accountChanged', status);
        numbers?.accountChanged();
        options.onModeChanged?.();
      },
    },
  });

  numbers = new AccountNumbersCache({
    source: () => engine.currentAccount(),
    onChange: (next) => events.emit('accountNumbers', next),
    logger: options.logger ?? console,
  });
  const accountNumbers = numbers;

  const api: EngineApi = {
    account: {
      getStatus: async () => engine.accountStatus(),
      set: (input) => engine.setAccount(input),
      verify: async () => {
        const verification = await engine.verifyAccount();
        // Verify is the user's "check my account again": the numbers are read anew too. Their
        // failure (e.g. number/get_active refused) must not fail a check that succeeded; the
        // Dialer asks again and says why.
        await accountNumbers.refresh().catch((error: unknown) => {
          (options.logger ?? console).warn('[account] refreshing the account numbers on verify failed', error);
        });
        return verification;
      },
      getNumbers: () => accountNumbers.get(),
      clear: () => engine.clearAccount(),
    },
    settings: {
      get: async () => engine.settings(),
      update: (patch) => engine.updateSettings(patch),
    },
    calls: {
      place: (input) => engine.place(input),
      hangup: ({ id }) => engine.calls.hangup(id),
      get: async ({ id }) => engine.calls.get(id),
    },
    rates: {
      get: (input) => engine.rate(input),
    },
    tunnel: {
      getState: async () => engine.tunnelStatus(),
    },
  };
  return {
    api,
    engine,
    settingsRecoveredFrom: settings.recoveredFrom,
    onSettingsChanged: (listener) => settings.onChange(listener),
    close: () => engine.close(),
  };
}
