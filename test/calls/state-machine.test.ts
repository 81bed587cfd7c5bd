/** The per-call state machine: forward only, final is final, duplicates and late news change nothing. */
import { describe, expect, it } from 'vitest';
import {
  applyObservation,
  newCallRecord,
  type CallObservation,
  type ObservedCallStatus,
} from '../../src/main/core/calls/state-machine.ts';
import type { CallRecord } from '../../src/shared/calls.ts';

const T0 = new Date('2024-05-01T02:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function placing(): CallRecord {
  return newCallRecord({
    id: 'call-1',
    mode: 'sandbox',
    dest1: '+6591234567',
    dest2: '+6581234567',
    callerId: null,
    contactId: null,
    now: T0,
  });
}

const LIVE: ObservedCallStatus = {
  txnRef: 'AA-C-1',
  statusDest1: 'ongoing',
  statusDest2: 'ongoing',
  durationMinutes: null,
  currency: 'USD',
  rate: '0.030',
  debit: null,
};
const ANSWERED: ObservedCallStatus = {
  ...LIVE,
  statusDest1: 'answered',
  statusDest2: 'answered',
  durationMinutes: 1,
  debit: '0.030',
};
const BUSY: ObservedCallStatus = {
  ...LIVE,
  statusDest1: 'answered',
  statusDest2: 'busy',
  durationMinutes: 0,
  debit: '0.000',
};

/** Applies observations in order, keeping the record whenever one changes nothing. */
function run(observations: CallObservation[], start = placing()): { record: CallRecord; changes: number } {
  let record = start;
  let changes = 0;
  observations.forEach((observation, index) => {
    const next = applyObservation(record, observation, at(index + 1));
    if (next) {
      record = next;
      changes += 1;
    }
  });
  return { record, changes };
}

describe('call state machine', () => {
  it('a new call is placing, tagged with its own id', () => {
    expect(placing()).toMatchObject({ state: 'placing', tag: 'call-1', txnRef: null, createdAt: T0.toISOString() });
  });

  it('placing -> live -> ended by notification, with every field of the final status', () => {
    const { record, changes } = run([
      { kind: 'accepted', txnRef: 'AA-C-1' },
      { kind: 'status', source: 'poll', status: LIVE },
      { kind: 'status', source: 'notification', status: ANSWERED },
    ]);
    expect(changes).toBe(3);
    expect(record).toMatchObject({
      state: 'ended',
      txnRef: 'AA-C-1',
      statusDest1: 'answered',
      statusDest2: 'answered',
      outcome: 'connected',
      finalSource: 'notification',
      durationMinutes: 1,
      rate: '0.030',
      debit: '0.030',
      currency: 'USD',
      endedAt: at(3).toISOString(),
      updatedAt: at(3).toISOString(),
    });
  });

  it('a final state never changes: later polls, history and notifications are ignored', () => {
    const ended = run([
      { kind: 'accepted', txnRef: 'AA-C-1' },
      { kind: 'status', source: 'notification', status: BUSY },
    ]).record;
    const late: CallObservation[] = [
      { kind: 'status', source: 'poll', status: LIVE },
      { kind: 'status', source: 'poll', status: ANSWERED },
      { kind: 'status', source: 'history', status: ANSWERED },
      { kind: 'rejected', status: 'error_internal_server_error', message: 'x' },
      { kind: 'indeterminate', message: 'x' },
      { kind: 'lost', source: 'history', reason: 'sandbox_restarted', message: 'x' },
      { kind: 'accepted', txnRef: 'AA-C-1' },
    ];
    for (const observation of late) expect(applyObservation(ended, observation, at(9))).toBeNull();
    expect(ended).toMatchObject({ state: 'ended', outcome: 'busy', finalSource: 'notification' });
  });

  it('duplicates change nothing (no new record, so no event)', () => {
    const live = run([{ kind: 'accepted', txnRef: 'AA-C-1' }]).record;
    expect(applyObservation(live, { kind: 'accepted', txnRef: 'AA-C-1' }, at(5))).toBeNull();
    const polled = applyObservation(live, { kind: 'status', source: 'poll', status: LIVE }, at(5))!;
    expect(polled.rate).toBe('0.030');
    expect(applyObservation(polled, { kind: 'status', source: 'poll', status: LIVE }, at(6))).toBeNull();
  });

  it('a notification that beats the voice/call answer finishes the call; the late answer only fills nothing', () => {
    const { record, changes } = run([
      { kind: 'status', source: 'notification', status: ANSWERED },
      { kind: 'accepted', txnRef: 'AA-C-1' },
    ]);
    expect(changes).toBe(1);
    expect(record).toMatchObject({ state: 'ended', txnRef: 'AA-C-1', finalSource: 'notification' });
  });

  it('a refusal is final, from the request, with the status and message', () => {
    const { record } = run([{ kind: 'rejected', status: 'error_insufficient_credit', message: 'Not enough credit.' }]);
    expect(record).toMatchObject({
      state: 'failed',
      outcome: 'error',
      finalSource: 'request',
      errorStatus: 'error_insufficient_credit',
      errorMessage: 'Not enough credit.',
    });
  });

  it('unknown (no readable answer) is resolved by history: the txn_ref arrives with the status', () => {
    const { record } = run([
      { kind: 'indeterminate', message: 'checking' },
      { kind: 'status', source: 'history', status: BUSY },
    ]);
    expect(record).toMatchObject({ state: 'ended', txnRef: 'AA-C-1', finalSource: 'history', errorMessage: null });
    const lost = run([
      { kind: 'indeterminate', message: 'checking' },
      { kind: 'lost', source: 'history', reason: 'not_placed', message: 'not placed' },
    ]).record;
    expect(lost).toMatchObject({
      state: 'failed',
      finalSource: 'history',
      errorMessage: 'not placed',
      // Why it was lost, kept for the wording in every locale (`call.lost.not_placed`).
      errorStatus: 'not_placed',
    });
  });

  it('never moves backwards: live does not become unknown or placing', () => {
    const live = run([{ kind: 'accepted', txnRef: 'AA-C-1' }]).record;
    expect(applyObservation(live, { kind: 'indeterminate', message: 'x' }, at(5))).toBeNull();
    expect(applyObservation(live, { kind: 'rejected', status: null, message: 'x' }, at(5))).toBeNull();
  });

  it('a status with one leg still ongoing is not final', () => {
    const live = run([{ kind: 'accepted', txnRef: 'AA-C-1' }]).record;
    const half = { ...ANSWERED, statusDest2: 'ongoing' as const };
    const next = applyObservation(live, { kind: 'status', source: 'poll', status: half }, at(5));
    expect(next?.state ?? live.state).toBe('live');
  });

  it('dest1 not answering: dest2 unanswered, no answer, nothing billed', () => {
    const unanswered: ObservedCallStatus = {
      ...LIVE,
      statusDest1: 'unanswered',
      statusDest2: 'unanswered',
      durationMinutes: 0,
      debit: '0.000',
    };
    const { record } = run([
      { kind: 'accepted', txnRef: 'AA-C-1' },
      { kind: 'status', source: 'poll', status: unanswered },
    ]);
    expect(record).toMatchObject({ state: 'ended', outcome: 'no_answer', debit: '0.000', durationMinutes: 0 });
  });
});
