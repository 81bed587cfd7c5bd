/**
 * Simulated telephony (hoiio-api.md §4, §7.5): dest1 rings, answers (or not), then dest2 rings; talk
 * starts when dest2 answers and lasts min(--talk-seconds, max_duration, talktime × 60). Every delay is
 * simulated seconds × --time-scale. Both legs report `ongoing` until the call ends, then switch to their
 * final statuses at once; the balance is debited at the end.
 */
import { billedMinutes } from './billing.ts';
import { scriptedOutcome, type LegOutcome } from './numbers.ts';
import type { TimerHandle, TimerSet } from './timers.ts';

export type Phase = 'pending' | 'ringing' | 'connected' | 'ended';
export type EndedBy = 'callee' | 'max_duration' | 'credit' | 'hangup' | 'control' | 'leg_outcome';
export type LegStatus = 'ongoing' | LegOutcome;

export interface Leg {
  readonly leg: 1 | 2;
  readonly number: string;
  phase: Phase;
  /** What happens when the leg stops ringing: scripted by the number, replaceable by the control API. */
  outcome: LegOutcome;
  /** What query_status shows for this leg. */
  status: LegStatus;
}

export interface Call {
  readonly seq: number;
  readonly txnRef: string;
  readonly dest1: string;
  readonly dest2: string;
  readonly callerId: string;
  /** Present iff the request had a `tag` parameter, possibly empty. */
  readonly tag: string | undefined;
  readonly notifyUrl: string | undefined;
  readonly maxDuration: number | undefined;
  /** Wall-clock time of acceptance (ms since the epoch): the call's `date`. */
  readonly acceptedAt: number;
  /** Per-minute rate in thousandths, fixed at creation. */
  readonly rate: number;
  /** Whole minutes the balance paid for at creation: the talk cap. */
  readonly talktime: number;
  readonly legs: readonly [Leg, Leg];
  state: 'live' | 'ended';
  /** performance.now() when dest2 answered. */
  talkStartedAt: number | undefined;
  /** Talk seconds the call's own timer will end it after. */
  scheduledTalk: number | undefined;
  duration: number | undefined;
  debit: number | undefined;
  endedBy: EndedBy | undefined;
  timer: TimerHandle | undefined;
}

export interface NewCall {
  dest1: string;
  dest2: string;
  callerId: string;
  tag: string | undefined;
  notifyUrl: string | undefined;
  maxDuration: number | undefined;
  rate: number;
  talktime: number;
}

export interface TelephonyConfig {
  timeScale: number;
  ringSeconds: number;
  talkSeconds: number;
  /** The n of the first `AA-C-<n>` reference (§7.1 `--first-txn-number`). */
  firstTxnNumber: number;
}

export interface Account {
  /** Points, in thousandths (bonus is always 0). */
  balance: number;
  trial: boolean;
}

/** Seconds a leg rings before its outcome: busy and failed resolve after 1 s, the others after the ring time. */
function ringTime(outcome: LegOutcome, ringSeconds: number): number {
  return outcome === 'busy' || outcome === 'failed' ? 1 : ringSeconds;
}

export class Telephony {
  readonly #config: TelephonyConfig;
  readonly #timers: TimerSet;
  readonly #account: Account;
  readonly #onEnded: (call: Call) => void;
  readonly #calls = new Map<string, Call>();
  #lastSeq: number;
  #live = 0;

  constructor(config: TelephonyConfig, timers: TimerSet, account: Account, onEnded: (call: Call) => void) {
    this.#config = config;
    this.#timers = timers;
    this.#account = account;
    this.#onEnded = onEnded;
    this.#lastSeq = config.firstTxnNumber - 1;
  }

  get liveCount(): number {
    return this.#live;
  }

  get(txnRef: string): Call | undefined {
    return this.#calls.get(txnRef);
  }

  /** Every call, oldest first. */
  all(): IterableIterator<Call> {
    return this.#calls.values();
  }

  /** Accepts a call: dest1 starts ringing now. */
  create(request: NewCall): Call {
    const seq = ++this.#lastSeq;
    const call: Call = {
      seq,
      txnRef: `AA-C-${seq}`,
      dest1: request.dest1,
      dest2: request.dest2,
      callerId: request.callerId,
      tag: request.tag,
      notifyUrl: request.notifyUrl,
      maxDuration: request.maxDuration,
      acceptedAt: Date.now(),
      rate: request.rate,
      talktime: request.talktime,
      legs: [
        { leg: 1, number: request.dest1, phase: 'ringing', outcome: scriptedOutcome(request.dest1), status: 'ongoing' },
        { leg: 2, number: request.dest2, phase: 'pending', outcome: scriptedOutcome(request.dest2), status: 'ongoing' },
      ],
      state: 'live',
      talkStartedAt: undefined,
      scheduledTalk: undefined,
      duration: undefined,
      debit: undefined,
      endedBy: undefined,
      timer: undefined,
    };
    this.#calls.set(call.txnRef, call);
    this.#live++;
    this.#ring(call, call.legs[0]);
    return call;
  }

  /** Ends a live call in whatever phase it is (voice/hangup, control API); an ended call is left as it is. */
  hangup(call: Call, endedBy: 'hangup' | 'control'): void {
    if (call.state === 'ended') return;
    const [leg1, leg2] = call.legs;
    if (leg1.phase === 'ringing') {
      this.#finish(call, 'unanswered', 'unanswered', 0, endedBy);
    } else if (leg2.phase !== 'connected') {
      this.#finish(call, 'answered', 'unanswered', 0, endedBy);
    } else {
      const elapsed = (performance.now() - call.talkStartedAt!) / 1000 / this.#config.timeScale;
      this.#finish(call, 'answered', 'answered', Math.min(elapsed, call.scheduledTalk!), endedBy);
    }
  }

  /**
   * Control API: on a pending leg replaces its scripted outcome; on a ringing leg resolves it now.
   * Returns false when the leg is in any other phase (or the call has ended).
   */
  forceLegOutcome(call: Call, legNo: 1 | 2, outcome: LegOutcome): boolean {
    const leg = call.legs[legNo - 1]!;
    if (call.state === 'ended') return false;
    if (leg.phase === 'pending') {
      leg.outcome = outcome;
      return true;
    }
    if (leg.phase === 'ringing') {
      leg.outcome = outcome;
      this.#resolve(call, leg);
      return true;
    }
    return false;
  }

  /** Forgets every call and cancels their timers; live calls end silently (reset, close). */
  clear(): void {
    for (const call of this.#calls.values()) this.#timers.clear(call.timer);
    this.#calls.clear();
    this.#live = 0;
  }

  #delay(simulatedSeconds: number): number {
    return simulatedSeconds * 1000 * this.#config.timeScale;
  }

  #schedule(call: Call, simulatedSeconds: number, fn: () => void): void {
    this.#timers.clear(call.timer);
    call.timer = this.#timers.set(fn, this.#delay(simulatedSeconds));
  }

  #ring(call: Call, leg: Leg): void {
    leg.phase = 'ringing';
    this.#schedule(call, ringTime(leg.outcome, this.#config.ringSeconds), () => this.#resolve(call, leg));
  }

  #resolve(call: Call, leg: Leg): void {
    if (call.state === 'ended' || leg.phase !== 'ringing') return;
    this.#timers.clear(call.timer);
    call.timer = undefined;
    if (leg.outcome !== 'answered') {
      if (leg.leg === 1) this.#finish(call, leg.outcome, 'unanswered', 0, 'leg_outcome');
      else this.#finish(call, 'answered', leg.outcome, 0, 'leg_outcome');
      return;
    }
    leg.phase = 'connected';
    if (leg.leg === 1) {
      this.#ring(call, call.legs[1]);
      return;
    }
    // Both answered: talk until the first of the callee hanging up, max_duration, or the credit running out.
    let talk = this.#config.talkSeconds;
    let endedBy: EndedBy = 'callee';
    if (call.maxDuration !== undefined && call.maxDuration < talk) {
      talk = call.maxDuration;
      endedBy = 'max_duration';
    }
    if (call.talktime * 60 < talk) {
      talk = call.talktime * 60;
      endedBy = 'credit';
    }
    call.talkStartedAt = performance.now();
    call.scheduledTalk = talk;
    this.#schedule(call, talk, () => this.#finish(call, 'answered', 'answered', talk, endedBy));
  }

  #finish(call: Call, status1: LegOutcome, status2: LegOutcome, talkSeconds: number, endedBy: EndedBy): void {
    if (call.state === 'ended') return;
    this.#timers.clear(call.timer);
    call.timer = undefined;
    const [leg1, leg2] = call.legs;
    leg1.phase = 'ended';
    leg2.phase = 'ended';
    leg1.status = status1;
    leg2.status = status2;
    call.duration = billedMinutes(talkSeconds);
    call.debit = call.rate * call.duration;
    call.endedBy = endedBy;
    call.state = 'ended';
    this.#account.balance -= call.debit;
    this.#live--;
    this.#onEnded(call);
  }
}
