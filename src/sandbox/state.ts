/**
 * One sandbox instance's state: the account, its calls, rate-limit windows, armed faults and the
 * notification log. Instances share nothing; everything is in memory.
 */
import { formatMoney } from './billing.ts';
import { formatDateTime } from './dates.ts';
import { Faults } from './faults.ts';
import { encodeForm, Notifier, signBody, type Delivery } from './notifier.ts';
import type { ResolvedOptions } from './options.ts';
import { RateLimiter } from './rate-limit.ts';
import { Telephony, type Account, type Call } from './telephony.ts';
import { TimerSet } from './timers.ts';

/** A JSON response of the /open API: `status` plus string scalars and arrays. */
export type ApiResult = { status: string } & Record<string, unknown>;

export interface Notification {
  body: string;
  signature: string;
}

export class SandboxState {
  readonly options: ResolvedOptions;
  readonly accessToken: string;
  readonly startedAt = Date.now();
  readonly account: Account;
  readonly timers = new TimerSet();
  readonly faults = new Faults();
  readonly limiter: RateLimiter;
  readonly notifier: Notifier;
  readonly telephony: Telephony;
  readonly #log: (line: string) => void;
  /** Final notification of each ended call that had a notify_url, kept for renotify. */
  readonly #notifications = new Map<string, Notification>();
  #closed = false;

  constructor(options: ResolvedOptions, accessToken: string, log: (line: string) => void) {
    this.options = options;
    this.accessToken = accessToken;
    this.#log = log;
    this.account = { balance: options.balance, trial: options.trial };
    this.limiter = new RateLimiter(options.rateLimit, options.rateWindowSeconds * 1000);
    this.notifier = new Notifier(this.timers, options);
    this.telephony = new Telephony(options, this.timers, this.account, (call) => this.#ended(call));
    if (options.failNextCallWith !== undefined) this.faults.arm('voice/call', options.failNextCallWith);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** A wire date-time (GMT+8, `.0` appended with --date-fraction). */
  date(ms: number): string {
    return formatDateTime(ms, this.options.dateFraction);
  }

  /** Allowed caller IDs: the registered number, the Hoiio Numbers, `private` (§7.2). */
  callerIds(): string[] {
    return [this.options.registeredNumber, ...this.options.hoiioNumbers, 'private'];
  }

  /** Step 15 of §3: the armed fault for `endpoint`, if any, replaces a successful response. */
  fault(endpoint: string): ApiResult | undefined {
    const status = this.faults.take(endpoint);
    return status === undefined ? undefined : { status };
  }

  /** A call as query_status and get_history show it (without `status`), keys in the spec's order. */
  callRecord(call: Call): Record<string, string> {
    const record: Record<string, string> = { txn_ref: call.txnRef };
    if (call.tag !== undefined) record.tag = call.tag;
    record.dest1 = call.dest1;
    record.dest2 = call.dest2;
    record.call_status_dest1 = call.legs[0].status;
    record.call_status_dest2 = call.legs[1].status;
    record.date = this.date(call.acceptedAt);
    if (call.duration !== undefined) record.duration = String(call.duration);
    record.currency = this.options.currency;
    record.rate = formatMoney(call.rate);
    if (call.debit !== undefined) record.debit = formatMoney(call.debit);
    return record;
  }

  /** Sends a call's stored final notification again (control API renotify). */
  renotify(call: Call): Promise<Delivery> | undefined {
    const notification = this.#notifications.get(call.txnRef);
    if (!notification || call.notifyUrl === undefined) return undefined;
    return this.notifier.deliver(call.txnRef, call.notifyUrl, notification.body, notification.signature);
  }

  /** Clears calls, deliveries, counters and faults; restores the start-up account (control API reset). */
  reset(): void {
    this.telephony.clear();
    this.notifier.abandonAll(true);
    this.#notifications.clear();
    this.limiter.reset();
    this.faults.clear();
    this.account.balance = this.options.balance;
    this.account.trial = this.options.trial;
  }

  /** Cancels every timer and abandons in-flight network work; live calls get no notification. */
  close(): void {
    this.#closed = true;
    this.telephony.clear();
    this.notifier.abandonAll(false);
    this.timers.clearAll();
  }

  log(line: string): void {
    this.#log(line);
  }

  #ended(call: Call): void {
    const [leg1, leg2] = call.legs;
    this.#log(
      `${call.txnRef} ended (${call.endedBy}): dest1 ${leg1.status}, dest2 ${leg2.status}, ` +
        `duration ${call.duration}, debit ${formatMoney(call.debit ?? 0)}`,
    );
    if (call.notifyUrl === undefined) return;
    const body = encodeForm(Object.entries(this.callRecord(call)));
    const notification = { body, signature: signBody(body, this.accessToken) };
    this.#notifications.set(call.txnRef, notification);
    void this.notifier.deliver(call.txnRef, call.notifyUrl, body, notification.signature).then((delivery) => {
      if (this.#closed) return;
      this.#log(`${call.txnRef} notification to ${delivery.url}: ${delivery.error ?? `HTTP ${delivery.httpStatus}`}`);
    });
  }
}
