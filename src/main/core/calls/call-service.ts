/**
 * The call service: places calls, follows each one to its final state and keeps the call log
 * right. Final states arrive by notification (the listener of the account service), by polling
 * voice/query_status (no working notify URL, or a safety net), or from voice/get_history
 * (reconciliation). Every observation goes through the monotonic state machine, and every real
 * change is stored and published as `callUpdated` on the event bus.
 */
import { randomUUID } from 'node:crypto';
import type { CallRecord } from '../../../shared/calls.ts';
import { AppError } from '../../../shared/errors.ts';
import { interpretDestination } from '../../../shared/destination.ts';
import type { Settings } from '../../../shared/settings.ts';
import type { CoreEvents } from '../events.ts';
import { HoiioError, HoiioTransportError, isHoiioError } from '../hoiio/errors.ts';
import type { CallStatus } from '../hoiio/schemas.ts';
import { contactExtensionFor } from './contact-extension.ts';
import { checkDistinct, normalizeCallerId, resolveLegs } from './destinations.ts';
import { matchEntry, readHistory, windowAround } from './history-search.ts';
import type {
  CallBackend,
  CallBackends,
  CallLogPort,
  CallsOfAccount,
  CallSlotGate,
  ContactsPort,
  RemoteCallState,
} from './ports.ts';
import type { RequestBudget } from './request-budget.ts';
import { CallTaskScheduler } from './scheduler.ts';
import { applyObservation, isFinal, newCallRecord, type CallObservation } from './state-machine.ts';
import { nextPollDelay, type CallTimings } from './timings.ts';

export const MAX_CONCURRENT_CALLS = 8;

export interface PlaceCallInput {
  /** The number to reach, as typed or stored (normalised with the default country). */
  readonly dest2: string;
  /** The user's own phone; default: settings, then the account's registered number. */
  readonly dest1?: string | null | undefined;
  readonly callerId?: string | null | undefined;
  readonly maxDurationSeconds?: number | null | undefined;
  readonly contactId?: string | null | undefined;
  /**
   * Digits to dial after the answer; default: the extension written in `dest2` (";ext=", "x", "ext."),
   * else the one stored with `contactId`'s number `dest2` (contact-extension.ts).
   */
  readonly extension?: string | null | undefined;
}

export interface CallServiceOptions {
  readonly callLog: CallLogPort;
  readonly contacts?: ContactsPort | undefined;
  /** The defaults of a call (country, dest1, caller ID, maximum duration): the settings service. */
  readonly settings: { get(): Settings };
  /** The account runtime's backends (account/account-service.ts). */
  readonly backends: CallBackends;
  readonly timings: CallTimings;
  /**
   * The background request budget (§8: under 30/min across calls), shared with the clients'
   * retry counting: the scheduler takes a slot per task, extra history pages are recorded here.
   */
  readonly budget: RequestBudget;
  /** Every stored change is published here as `callUpdated`; `tunnelState` makes it re-check notify URLs. */
  readonly events: CoreEvents;
  readonly logger?: Pick<Console, 'warn'> | undefined;
  /** The team's shared call limit (team/slot-gate.ts); absent without a team. */
  readonly slotGate?: CallSlotGate | undefined;
}

/** A place request read with the settings: both legs in E.164, what is sent to voice/call and kept with the call. */
interface PreparedCall {
  readonly dest1: string;
  readonly dest2: string;
  readonly callerId: string | null;
  readonly maxDurationSeconds: number | undefined;
  readonly contactId: string | null;
  readonly extension: string | null;
}

/** In-memory follow-up state of an unfinished call. */
interface Tracking {
  notifyUrl: string | null;
  covered: boolean;
  pollingSince: number;
  backoffSteps: number;
  findAttempts: number;
}

const UNKNOWN_OUTCOME_MESSAGE = 'No answer from Hoiio while placing the call; checking whether it went through.';
const NOT_PLACED_MESSAGE = 'Hoiio has no record of this call: it was not placed.';
const SANDBOX_RESTARTED_MESSAGE = 'Outcome unknown: the sandbox restarted before this simulated call ended.';

export class CallService implements CallsOfAccount {
  readonly #options: CallServiceOptions;
  readonly #active = new Map<string, CallRecord>();
  readonly #tracking = new Map<string, Tracking>();
  readonly #scheduler: CallTaskScheduler;
  readonly #inFlight = new Set<Promise<unknown>>();
  /** Place requests still waiting for Hoiio's answer, by what they dial (placeKey): one call per double press. */
  readonly #placing = new Map<string, Promise<CallRecord>>();
  readonly #stopListening: () => void;
  #closed = false;

  constructor(options: CallServiceOptions) {
    this.#options = options;
    this.#stopListening = options.events.on('tunnelState', () => this.recheckNotificationReach());
    this.#scheduler = new CallTaskScheduler({
      budget: options.budget,
      run: (callId) => this.#track(this.#followUp(callId)),
      onError: (callId, error) => {
        this.#warn(`follow-up of call ${callId} failed`, error);
        this.#scheduleNext(callId);
      },
    });
  }

  /**
   * Places a call. Throws the HoiioError (typed, with its message) when Hoiio or a local check refuses it.
   *
   * A second identical request (same mode, dest1, dest2 and caller ID once read with the settings) that
   * arrives while the first is still in flight (before Hoiio answered voice/call) places nothing: it is
   * answered with the first one's result, the same CallRecord or the same error. A double click or a
   * repeated IPC message would otherwise ring both phones twice and bill two calls. Once the first
   * request is answered, the same numbers can be called again (a deliberate second call).
   */
  async place(input: PlaceCallInput): Promise<CallRecord> {
    this.#assertOpen();
    const backend = this.#options.backends.currentBackend();
    if (!backend) throw new AppError('conflict', 'The calling service is still starting. Try again in a moment.');
    const request = await this.#prepare(input, backend);
    // No await between this look-up and the set below: two requests cannot both miss.
    const key = placeKey(backend.mode, request);
    const same = this.#placing.get(key);
    if (same) return same;
    const placing = this.#placeNew(request, backend);
    this.#placing.set(key, placing);
    const forget = (): void => {
      if (this.#placing.get(key) === placing) this.#placing.delete(key);
    };
    placing.then(forget, forget);
    return placing;
  }

  async #placeNew(request: PreparedCall, backend: CallBackend): Promise<CallRecord> {
    this.#assertCapacity(backend.mode);
    const id = randomUUID();
    const gate = this.#options.slotGate;
    if (gate) {
      await gate.acquire({ callId: id, mode: backend.mode, check: (call) => this.#checkRemote(backend, call) });
      try {
        this.#assertCapacity(backend.mode);
      } catch (error) {
        gate.release(id);
        throw error;
      }
    }
    const record = newCallRecord({ id, mode: backend.mode, now: new Date(), ...request });
    this.#options.callLog.insert(record);
    this.#active.set(record.id, record);
    this.#options.events.emit('callUpdated', record);
    return this.#track(this.#send(record, request, backend));
  }

  /** Ends a call in whatever phase it is. */
  async hangup(id: string): Promise<CallRecord> {
    this.#assertOpen();
    const record = this.get(id);
    if (isFinal(record)) return record;
    if (record.txnRef === null) {
      throw new AppError('conflict', 'The call is still being placed. Try hanging up again in a moment.');
    }
    const backend = this.#options.backends.backendFor(record.mode);
    if (!backend) throw new AppError('conflict', 'This call belongs to an account that is no longer set up.');
    // Hoiio's statuses cannot tell your hang-up from the other side's: remember that you asked.
    this.#markHangupRequested(record);
    await this.#track(backend.client.hangup(record.txnRef));
    // The notification normally follows; without one, look soon.
    const tracking = this.#tracking.get(id);
    if (tracking && !tracking.covered) this.#scheduler.schedule(id, this.#options.timings.fastPollMs);
    return this.get(id);
  }

  get(id: string): CallRecord {
    const record = this.#active.get(id) ?? this.#options.callLog.getById(id);
    if (!record) throw new AppError('not_found', 'This call is not in the call log.');
    return record;
  }

  /**
   * Applies an end-of-call notification the listener verified for this call. A valid signature
   * only says Hoiio sent the body, not that it is about this call (anyone on the way, e.g. the
   * tunnel, could replay another call's notification to this path): the body must carry this
   * call's id as its tag (every call is placed with it), and its txn_ref once that is known.
   */
  applyNotification(callId: string, status: CallStatus): CallRecord | null {
    const record = this.#latest(callId);
    if (!record) return null;
    if (status.tag !== record.id) {
      this.#warn(`notification for call ${callId} carries another call's tag; ignored`);
      return null;
    }
    if (record.txnRef !== null && record.txnRef !== status.txnRef) {
      this.#warn(`notification for call ${callId} names another txn_ref; ignored`);
      return null;
    }
    return this.#apply(record, { kind: 'status', source: 'notification', status });
  }

  /** Re-evaluates which calls a notification can still reach (the tunnel went down or changed URL). */
  recheckNotificationReach(): void {
    for (const [id, tracking] of this.#tracking) {
      const record = this.#active.get(id);
      if (!record || !tracking.covered || tracking.notifyUrl === null) continue;
      const backend = this.#options.backends.backendFor(record.mode);
      if (backend?.stillReaches(tracking.notifyUrl)) continue;
      // The notification can no longer arrive: poll instead, at the §8 cadence from now.
      tracking.covered = false;
      tracking.pollingSince = Date.now();
      this.#scheduler.schedule(id, this.#options.timings.fastPollMs);
    }
  }

  /**
   * Start-up (or new credentials): settles every unfinished call in the log and reads recent
   * history once, so calls that ended while the app was closed get their final state and calls
   * placed elsewhere with the same account (another device, the web) join the log.
   */
  async reconcile(options: { readonly sandboxRestarted: boolean }): Promise<void> {
    this.#assertOpen();
    const unfinished = this.#options.callLog.listUnfinished();
    for (const stale of unfinished) {
      this.#active.set(stale.id, stale);
      if (stale.mode === 'sandbox' && options.sandboxRestarted) {
        this.#apply(stale, {
          kind: 'lost',
          source: 'history',
          reason: 'sandbox_restarted',
          message: SANDBOX_RESTARTED_MESSAGE,
        });
      }
    }
    const backend = this.#options.backends.backendFor('live');
    if (!backend) return;
    const live = unfinished.filter((call) => this.#active.has(call.id) && call.mode === 'live');
    // Outside the scheduler, so no slot paid for any page: every page is charged.
    const charge = { beforePage: () => this.#options.budget.record(Date.now()) };
    const entries = await this.#track(readHistory(backend.client, this.#reconcileWindow(live), charge)).catch(
      (error: unknown) => {
        this.#warn('reading call history failed; unfinished calls will be polled', error);
        return [];
      },
    );
    for (const call of live) {
      const entry = matchEntry(entries, call);
      const current = this.#active.get(call.id);
      if (!current) continue;
      if (entry) this.#apply(current, { kind: 'status', source: 'history', status: entry });
      this.#follow(call.id, { notifyUrl: null });
    }
    for (const entry of entries) this.#importFromHistory(entry);
  }

  /** From the oldest unfinished call (or the import period) to now, with slack for clock skew. */
  #reconcileWindow(unfinished: readonly CallRecord[]): { from: Date; to: Date } {
    const now = Date.now();
    const { historySlackMs, historyImportMs } = this.#options.timings;
    const oldest = Math.min(now - historyImportMs, ...unfinished.map((call) => Date.parse(call.createdAt)));
    return { from: new Date(oldest - historySlackMs), to: new Date(now + historySlackMs) };
  }

  /** Adds a call the log does not know (placed elsewhere with this account); follows it if still live. */
  #importFromHistory(entry: CallStatus): void {
    const { callLog } = this.#options;
    // The tag is this app's own call id; a txn_ref is only unique per mode and account.
    const known = (entry.tag ? callLog.getById(entry.tag) : null) ?? callLog.getByTxnRef(entry.txnRef, 'live');
    if (known) return;
    const now = new Date();
    const placed = {
      ...newCallRecord({
        id: randomUUID(),
        mode: 'live',
        dest1: entry.dest1,
        dest2: entry.dest2,
        callerId: null,
        contactId: this.#options.contacts?.matchContactByNumber(entry.dest2)?.id ?? null,
        now,
      }),
      tag: entry.tag,
      createdAt: entry.date,
    };
    const record = applyObservation(placed, { kind: 'status', source: 'history', status: entry }, now);
    if (!record) return;
    try {
      callLog.insert(record);
    } catch (error) {
      this.#warn(`history entry ${entry.txnRef} could not be added to the log`, error);
      return;
    }
    this.#options.events.emit('callUpdated', record);
    if (!isFinal(record)) {
      this.#active.set(record.id, record);
      this.#follow(record.id, { notifyUrl: null });
    }
  }

  /** Number of unfinished calls of one mode (the local 8-call limit counts these). */
  activeCount(mode: CallRecord['mode']): number {
    let count = 0;
    for (const record of this.#active.values()) if (record.mode === mode) count += 1;
    return count;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stopListening();
    this.#scheduler.close();
    await Promise.allSettled([...this.#inFlight]);
  }

  async #prepare(input: PlaceCallInput, backend: CallBackend): Promise<PreparedCall> {
    const settings = this.#options.settings.get();
    const { dest1, dest2, country } = await resolveLegs(input, settings, () => backend.registeredNumber());
    checkDistinct(dest1, dest2);
    const callerId = normalizeCallerId(input.callerId ?? settings.defaultCallerId) ?? null;
    const maxDurationSeconds = input.maxDurationSeconds ?? settings.maxDurationSeconds ?? undefined;
    const written = interpretDestination(input.dest2, country);
    const asked = input.extension || (written.ok ? written.extension : null) || null;
    const contactId = input.contactId ?? this.#options.contacts?.matchContactByNumber(dest2, asked)?.id ?? null;
    // A contact chosen by the user carries its number's stored extension when none was written.
    const chosen = input.contactId ? this.#options.contacts?.find?.(input.contactId) : null;
    const extension = asked || (chosen ? contactExtensionFor(chosen.phones, dest2) : null) || null;
    return { dest1, dest2, callerId, maxDurationSeconds, contactId, extension };
  }

  /** Enforced locally before asking Hoiio: checked and counted synchronously with the insert. */
  #assertCapacity(mode: CallRecord['mode']): void {
    if (this.activeCount(mode) >= MAX_CONCURRENT_CALLS) throw HoiioError.local('error_concurrent_call_limit_reached');
  }

  async #send(
    record: CallRecord,
    request: { dest1: string; dest2: string; callerId: string | null; maxDurationSeconds: number | undefined },
    backend: CallBackend,
  ): Promise<CallRecord> {
    const notifyUrl = backend.notifyUrlFor(record.id);
    let txnRef: string;
    try {
      ({ txnRef } = await backend.client.call({
        dest1: request.dest1,
        dest2: request.dest2,
        callerId: request.callerId ?? undefined,
        maxDurationSeconds: request.maxDurationSeconds,
        tag: record.id,
        notifyUrl: notifyUrl ?? undefined,
      }));
    } catch (error) {
      return this.#placeFailed(record, error, backend, notifyUrl);
    }
    // Hoiio accepted the call: from here on nothing the app's own bookkeeping says makes it "not placed".
    this.#reportTxnRefClash(record, txnRef);
    // Its notification may have finished the call before this answer arrived: then this only
    // fills in a missing txn_ref, and there is nothing left to follow.
    this.#apply(this.#latest(record.id) ?? record, { kind: 'accepted', txnRef });
    this.#follow(record.id, { notifyUrl });
    return this.get(record.id);
  }

  #markHangupRequested(record: CallRecord): void {
    if (record.hangupRequestedAt) return;
    const stored = this.#options.callLog.update(record.id, { hangupRequestedAt: new Date().toISOString() });
    if (this.#active.has(stored.id)) this.#active.set(stored.id, stored);
  }

  /**
   * A reference another call of this mode already has (e.g. a sandbox restarted without its mark):
   * both calls are kept, this one is followed by its own id (the tag), and the clash is logged.
   */
  #reportTxnRefClash(record: CallRecord, txnRef: string): void {
    const other = this.#options.callLog.getByTxnRef(txnRef, record.mode);
    if (other && other.id !== record.id) {
      this.#warn(`txn_ref ${txnRef} of call ${record.id} was already used by call ${other.id}; both are kept`);
    }
  }

  #placeFailed(record: CallRecord, error: unknown, backend: CallBackend, notifyUrl: string | null): CallRecord {
    const current = this.#latest(record.id) ?? record;
    if (error instanceof HoiioError && notifyUrl !== null && error.status.includes('notify_url')) {
      backend.notifyUrlRefused(notifyUrl);
    }
    // Its notification finished the call while the answer was lost or late: that is what became of it.
    if (isFinal(current)) return current;
    if (error instanceof HoiioError) {
      this.#apply(current, { kind: 'rejected', status: error.status, message: error.message });
      throw error;
    }
    if (error instanceof HoiioTransportError && error.certainlyNotDelivered) {
      this.#apply(current, { kind: 'rejected', status: null, message: error.message });
      throw error;
    }
    // Sent, but no readable answer: the call may exist. Never re-send; look it up by tag instead.
    this.#warn(`voice/call for ${record.id} has no readable answer; reconciling through history`, error);
    this.#apply(current, { kind: 'indeterminate', message: UNKNOWN_OUTCOME_MESSAGE });
    this.#follow(record.id, { notifyUrl });
    return this.get(record.id);
  }

  /** Starts following an unfinished call: polls, or history look-ups while its txn_ref is unknown. */
  #follow(id: string, { notifyUrl }: { notifyUrl: string | null }): void {
    const record = this.#active.get(id);
    if (!record || this.#closed) return;
    const backend = this.#options.backends.backendFor(record.mode);
    const covered = notifyUrl !== null && backend !== null && backend.stillReaches(notifyUrl);
    this.#tracking.set(id, { notifyUrl, covered, pollingSince: Date.now(), backoffSteps: 0, findAttempts: 0 });
    this.#scheduleNext(id);
  }

  #scheduleNext(id: string): void {
    const record = this.#active.get(id);
    const tracking = this.#tracking.get(id);
    if (!record || !tracking || this.#closed) return;
    const timings = this.#options.timings;
    if (record.txnRef === null) {
      const delay = timings.findDelaysMs[tracking.findAttempts];
      if (delay === undefined) {
        this.#apply(record, { kind: 'lost', source: 'history', reason: 'not_placed', message: NOT_PLACED_MESSAGE });
        return;
      }
      this.#scheduler.schedule(id, delay);
      return;
    }
    this.#scheduler.schedule(id, nextPollDelay(tracking, timings, Date.now()));
  }

  /** One background step for a call: a status poll, or a history look-up while its txn_ref is unknown. */
  async #followUp(id: string): Promise<void> {
    const record = this.#active.get(id);
    const tracking = this.#tracking.get(id);
    if (!record || !tracking) return;
    const backend = this.#options.backends.backendFor(record.mode);
    if (!backend) return; // e.g. live calls while credentials are cleared: resumed by reconcile()
    if (record.txnRef === null) {
      await this.#findInHistory(record, tracking, backend);
    } else {
      await this.#poll(record, record.txnRef, tracking, backend);
    }
    this.#scheduleNext(id);
  }

  async #poll(record: CallRecord, txnRef: string, tracking: Tracking, backend: CallBackend): Promise<void> {
    try {
      const status = await backend.client.queryStatus(txnRef);
      tracking.backoffSteps = 0;
      this.#applyLatest(record.id, { kind: 'status', source: 'poll', status });
    } catch (error) {
      if (isHoiioError(error, 'error_invalid_txn_ref')) {
        this.#applyLatest(record.id, {
          kind: 'lost',
          source: 'poll',
          reason: 'unknown_reference',
          message: error.message,
        });
      } else if (error instanceof HoiioError) {
        // Rate limited (or another refusal, e.g. a revoked token): back off rather than insist.
        tracking.backoffSteps += 1;
      } else {
        throw error;
      }
    }
  }

  async #findInHistory(record: CallRecord, tracking: Tracking, backend: CallBackend): Promise<void> {
    tracking.findAttempts += 1;
    const window = windowAround(record.createdAt, this.#options.timings.historySlackMs, new Date());
    // The scheduler's slot paid for the first page; further pages are charged as they are read.
    const charge = {
      beforePage: (page: number) => {
        if (page > 1) this.#options.budget.record(Date.now());
      },
    };
    const entry = matchEntry(await readHistory(backend.client, window, charge), record);
    if (entry) this.#applyLatest(record.id, { kind: 'status', source: 'history', status: entry });
  }

  /**
   * What Hoiio says about a call another desktop placed and left behind: by txn_ref through
   * voice/query_status, or by tag in voice/get_history while its txn_ref never reached the team.
   */
  async #checkRemote(
    backend: CallBackend,
    call: { readonly callId: string; readonly txnRef: string | null },
  ): Promise<RemoteCallState> {
    try {
      if (call.txnRef !== null) {
        this.#options.budget.record(Date.now());
        const status = await backend.client.queryStatus(call.txnRef);
        return status.statusDest1 === 'ongoing' || status.statusDest2 === 'ongoing' ? 'live' : 'final';
      }
      const now = new Date();
      const window = { from: new Date(now.getTime() - this.#options.timings.historySlackMs), to: now };
      const charge = { beforePage: () => this.#options.budget.record(Date.now()) };
      const entry = matchEntry(await readHistory(backend.client, window, charge), { id: call.callId, txnRef: null });
      if (!entry) return 'final'; // never accepted by Hoiio: it holds no line
      return entry.statusDest1 === 'ongoing' || entry.statusDest2 === 'ongoing' ? 'live' : 'final';
    } catch (error) {
      if (isHoiioError(error, 'error_invalid_txn_ref')) return 'final';
      this.#warn(`checking call ${call.callId} of another desktop failed`, error);
      return 'unknown';
    }
  }

  /** The call as it is now: in memory while unfinished, else as stored (a notification may have finished it). */
  #latest(id: string): CallRecord | null {
    return this.#active.get(id) ?? this.#options.callLog.getById(id);
  }

  /** Applies an observation made while awaiting Hoiio to the call as it is now; a final call stays as it is. */
  #applyLatest(id: string, observation: CallObservation): CallRecord | null {
    const current = this.#latest(id);
    if (!current || isFinal(current)) return null;
    return this.#apply(current, observation);
  }

  /** Runs the state machine; stores, tracks and reports a real change. Returns the new record or null. */
  #apply(record: CallRecord, observation: CallObservation): CallRecord | null {
    const next = applyObservation(record, observation, new Date());
    if (next === null) return null;
    const stored = this.#options.callLog.update(record.id, changedFields(record, next));
    if (stored.txnRef !== null && record.txnRef === null) this.#options.slotGate?.placed(stored.id, stored.txnRef);
    if (isFinal(stored)) {
      this.#options.slotGate?.release(stored.id);
      this.#active.delete(stored.id);
      this.#tracking.delete(stored.id);
      this.#scheduler.cancel(stored.id);
      this.#options.backends.backendFor(stored.mode)?.release(stored.id);
    } else {
      this.#active.set(stored.id, stored);
    }
    this.#options.events.emit('callUpdated', stored);
    return stored;
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#inFlight.add(promise);
    const forget = (): void => void this.#inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('conflict', 'The app is shutting down.');
  }

  #warn(message: string, error?: unknown): void {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    this.#options.logger?.warn(`[calls] ${message}${detail}`);
  }
}

/** What makes two place requests the same call: the mode, both legs (E.164) and the caller ID as sent. */
function placeKey(
  mode: CallRecord['mode'],
  request: { readonly dest1: string; readonly dest2: string; readonly callerId: string | null },
): string {
  return JSON.stringify([mode, request.dest1, request.dest2, request.callerId]);
}

function changedFields(before: CallRecord, after: CallRecord): Partial<CallRecord> {
  const patch: Partial<CallRecord> = {};
  for (const key of Object.keys(after) as (keyof CallRecord)[]) {
    if (after[key] !== before[key]) Object.assign(patch, { [key]: after[key] });
  }
  return patch;
}
