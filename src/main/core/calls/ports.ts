/**
 * What the call service needs from its neighbours, as narrow interfaces: the call log and
 * contacts (store/), and a backend per mode (the Hoiio client plus how notifications reach us).
 */
import type { CallRecord } from '../../../shared/calls.ts';
import type { HoiioClient } from '../hoiio/client.ts';

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
  matchContactByNumber(e164: string): { readonly id: string; readonly name: string } | null;
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
