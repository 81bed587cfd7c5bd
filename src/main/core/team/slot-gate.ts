/**
 * The account's 8 concurrent calls (hoiio-api.md §6) shared by the team's desktops through the
 * server (team.call_slots, see server/migrations). Before voice/call a desktop takes a slot with a
 * lease it renews while the call is live; the final state frees it. A desktop that vanishes
 * leaves slots whose leases run out: the next desktop that finds every slot held asks Hoiio about
 * those calls (voice/query_status) and frees a slot only once its call is confirmed final.
 * Offline, the gate lets the call through under the desktop's own local limit and says so.
 */
import { HoiioError } from '../hoiio/errors.ts';
import type { CallSlotGate, RemoteCallState } from '../calls/ports.ts';

type Logger = Pick<Console, 'warn'>;

export interface SlotGateOptions {
  /** Runs SQL on the team server; rejects when it cannot be reached. */
  readonly query: (sql: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  /** The Hoiio account (app_id) of live calls; null in sandbox mode. */
  readonly account: () => string | null;
  /** Lease length (seconds); renewed every third of it. Default 60. */
  readonly leaseSeconds?: number;
  /** The account's concurrent-call limit. Default 8. */
  readonly limit?: number;
  /** Offline fallback was used (true) or the server answered again (false): for the status text. */
  readonly onFallback?: (offline: boolean) => void;
  readonly logger?: Logger;
}

interface Held {
  txnRef: string | null;
}

export const OFFLINE_LIMIT_MESSAGE =
  "The team server cannot be reached: the team's call limit is not checked, this desktop counts only its own calls.";

export class TeamSlotGate implements CallSlotGate {
  readonly #options: SlotGateOptions;
  readonly #held = new Map<string, Held>();
  /** Slots whose release did not reach the server yet: retried with the renewals. */
  readonly #toRelease = new Set<string>();
  readonly #timer: NodeJS.Timeout;
  readonly #lease: number;
  #account: string | null = null;

  constructor(options: SlotGateOptions) {
    this.#options = options;
    this.#lease = options.leaseSeconds ?? 60;
    this.#timer = setInterval(() => void this.#renew(), Math.max(200, (this.#lease * 1000) / 3));
    this.#timer.unref?.();
  }

  async acquire(call: Parameters<CallSlotGate['acquire']>[0]): Promise<void> {
    const account = this.#options.account();
    if (call.mode !== 'live' || account === null) return; // sandbox calls never leave the desktop
    this.#account = account;
    const limit = this.#options.limit ?? 8;
    let slot: number | null;
    try {
      slot = await this.#take(account, call.callId, limit);
      if (slot === null && (await this.#reclaimExpired(account, call.check))) {
        slot = await this.#take(account, call.callId, limit);
      }
    } catch (error) {
      if (error instanceof HoiioError) throw error;
      this.#options.logger?.warn(`[team] ${OFFLINE_LIMIT_MESSAGE}`);
      this.#options.onFallback?.(true);
      return;
    }
    this.#options.onFallback?.(false);
    if (slot === null) {
      throw HoiioError.local('error_concurrent_call_limit_reached');
    }
    this.#held.set(call.callId, { txnRef: null });
  }

  placed(callId: string, txnRef: string): void {
    const held = this.#held.get(callId);
    if (!held) return;
    held.txnRef = txnRef;
    void this.#renew();
  }

  release(callId: string): void {
    if (!this.#held.delete(callId)) return;
    this.#toRelease.add(callId);
    void this.#flushReleases();
  }

  /** Calls whose slots this desktop holds (tests, status). */
  heldCount(): number {
    return this.#held.size;
  }

  close(): void {
    clearInterval(this.#timer);
  }

  async #take(account: string, callId: string, limit: number): Promise<number | null> {
    const { rows } = await this.#options.query('SELECT team.acquire_slot($1, $2, $3, $4) AS slot', [
      account,
      callId,
      limit,
      this.#lease,
    ]);
    const slot = rows[0]?.slot;
    return typeof slot === 'number' ? slot : null;
  }

  /** Checks every expired slot's call at Hoiio; frees those confirmed final. True when one was freed. */
  async #reclaimExpired(
    account: string,
    check: (call: { callId: string; txnRef: string | null }) => Promise<RemoteCallState>,
  ): Promise<boolean> {
    const { rows } = await this.#options.query('SELECT call_id, txn_ref FROM team.expired_slots($1)', [account]);
    let freed = false;
    for (const row of rows) {
      const callId = String(row.call_id);
      const state = await check({ callId, txnRef: (row.txn_ref as string | null) ?? null });
      if (state === 'unknown') continue; // no answer from Hoiio: keep it held, look again next time
      const result = await this.#options.query('SELECT team.settle_expired_slot($1, $2, $3, $4) AS done', [
        account,
        callId,
        state === 'live',
        this.#lease,
      ]);
      if (state === 'final' && result.rows[0]?.done === true) freed = true;
    }
    return freed;
  }

  async #renew(): Promise<void> {
    const account = this.#account;
    if (account === null) return;
    await this.#flushReleases();
    if (this.#held.size === 0) return;
    const ids = [...this.#held.keys()];
    const refs = ids.map((id) => this.#held.get(id)?.txnRef ?? null);
    await this.#options
      .query('SELECT team.renew_slots($1, $2::uuid[], $3::text[], $4)', [account, ids, refs, this.#lease])
      .catch(() => undefined); // offline: the next renewal tries again; a lapse only lets others check the call
  }

  async #flushReleases(): Promise<void> {
    const account = this.#account;
    if (account === null) return;
    for (const callId of [...this.#toRelease]) {
      try {
        await this.#options.query('SELECT team.release_slot($1, $2)', [account, callId]);
        this.#toRelease.delete(callId);
      } catch {
        return; // offline: retried with the next renewal
      }
    }
  }
}
