/**
 * What the call service and the account service need from each other and from their neighbours,
 * as narrow interfaces: the call log and contacts (store/), a backend per mode (the Hoiio client
 * plus how notifications reach us), and what the account runtime asks of the calls it carries.
 */
import type { CallRecord } from '../../../shared/calls.ts';
import type { HoiioClient } from '../hoiio/client.ts';
import type { CallStatus } from '../hoiio/schemas.ts';

export interface CallLogPort {
  insert(record: CallRecord): unknown;
  /** Applies the changed fields; repeating the same patch is harmless. */
  update(id: string, patch: Partial<CallRecord>): CallRecord;
  getById(id: string): CallRecord | null;
  /** The newest call of `mode` with this txn_ref (references are unique per mode and account, not locally). */
  getByTxnRef(txnRef: string, mode?: CallRecord['mode']): CallRecord | null;
  /** The highest n of a sandbox `AA-C-<n>` reference in the log (0 if none): seeds the sandbox's mark. */
  highestSandboxTxnNumber?(): number;
  /** Calls not in a final state (placing, live, unknown). */
  listUnfinished(): CallRecord[];
}

export interface ContactsPort {
  /** The contact a call to `e164` (with its `extension`) belongs to: store/call-contact-link.ts's rule. */
  matchContactByNumber(e164: string, extension?: string | null): { readonly id: string; readonly name: string } | null;
  /** The contact's stored numbers (to carry a number's extension onto a call), or null when it is gone. */
  find?(id: string): { readonly phones: readonly { e164: string; extension?: string | undefined }[] } | null;
}

/** One account to place calls with: the sandbox's or the user's live Hoiio account. */
export interface CallBackend {
  readonly mode: CallRecord['mode'];
  readonly client: HoiioClient;
  /** The registered number: Hoiio's default dest1. */
  registeredNumber(): Promise<string>;
  /** A notify_url for this call, or null when notifications cannot reach the app right now. */
  notifyUrlFor(callId: string): string | null;
  /** Whether a notify_url handed out earlier still reaches the app (the tunnel URL may have changed). */
  stillReaches(notifyUrl: string): boolean;
  /** Hoiio refused this notify_url: stop handing out URLs on the same base until it changes. */
  notifyUrlRefused(notifyUrl: string): void;
  /** The call is final: its notification path may be dropped. */
  release(callId: string): void;
}

/** The backends of the account runtime (account/account-service.ts), as the call service sees them. */
export interface CallBackends {
  /** The backend new calls use, or null when none is ready. */
  currentBackend(): CallBackend | null;
  /** The backend that can follow calls of a mode (null: e.g. live calls while no credentials). */
  backendFor(mode: CallRecord['mode']): CallBackend | null;
}

/** What the account runtime asks of the call service (implemented by calls/call-service.ts). */
export interface CallsOfAccount {
  /** A notification the listener verified (signature, size, fields) for this call id. */
  applyNotification(callId: string, status: CallStatus): unknown;
  /** Unfinished calls of a mode: the sandbox stays up while it still carries calls. */
  activeCount(mode: CallRecord['mode']): number;
  /** Settles unfinished calls after start-up or new credentials (history read once). */
  reconcile(options: { readonly sandboxRestarted: boolean }): Promise<void>;
}

/** What a check of a call at Hoiio found: still live, final (or unknown to Hoiio), or no answer now. */
export type RemoteCallState = 'live' | 'final' | 'unknown';

/**
 * The account's concurrent-call limit shared across desktops (hoiio-api.md §6: 8 live calls per
 * account). The call service takes a slot before `voice/call` and gives it back once the call's
 * final state is known (or the request certainly never reached Hoiio). Without a team this port
 * is absent and only the local limit applies.
 */
export interface CallSlotGate {
  /**
   * Takes one slot for the call; throws HoiioError `error_concurrent_call_limit_reached` when the
   * team holds every slot. `check` asks Hoiio about a call another desktop left behind (its lease
   * expired), so its slot is reused only once its final state is confirmed.
   */
  acquire(call: {
    readonly callId: string;
    readonly mode: CallRecord['mode'];
    readonly check: (call: { readonly callId: string; readonly txnRef: string | null }) => Promise<RemoteCallState>;
  }): Promise<void>;
  /** Hoiio accepted the call: other desktops can now check it by txn_ref. */
  placed(callId: string, txnRef: string): void;
  /** The call is final (or never reached Hoiio): frees its slot. */
  release(callId: string): void;
  /**
   * Before each request a Hoiio client sends (HoiioClientOptions.beforeRequest): the team's
   * shared request budget (team/request-budget.ts). May wait; a throw refuses the request unsent.
   */
  beforeRequest?(endpoint: string, appId: string, signal: AbortSignal): Promise<void>;
}
