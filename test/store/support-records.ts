import { newCallRecord } from '../../src/main/core/calls/state-machine.ts';
import type { CallRecord } from '../../src/shared/calls.ts';

/** A valid call record in the `placing` state, as the engine creates one; override what the test is about. */
export function callRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  const placing = newCallRecord({
    id: overrides.id ?? crypto.randomUUID(),
    mode: 'sandbox',
    dest1: '+6581234567',
    dest2: '+14155550100',
    callerId: null,
    contactId: null,
    now: new Date(overrides.createdAt ?? '2024-05-01T10:00:00.000Z'),
  });
  return { ...placing, ...overrides };
}

/** The fields Hoiio reports when a call ends with both legs answered. */
export function endedConnected(overrides: Partial<CallRecord> = {}): Partial<CallRecord> {
  return {
    txnRef: 'TX-1',
    state: 'ended',
    statusDest1: 'answered',
    statusDest2: 'answered',
    finalSource: 'notification',
    answeredAt: '2024-05-01T10:00:20.000Z',
    endedAt: '2024-05-01T10:03:00.000Z',
    durationMinutes: 3,
    rate: '0.050',
    debit: '0.150',
    currency: 'SGD',
    ...overrides,
  };
}
