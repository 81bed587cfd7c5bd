import type { CallRecord } from '../../src/shared/calls.ts';

/** A valid call record in the `placing` state; override what the test is about. */
export function callRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  const id = overrides.id ?? crypto.randomUUID();
  const createdAt = overrides.createdAt ?? '2024-05-01T10:00:00.000Z';
  return {
    id,
    txnRef: null,
    mode: 'sandbox',
    dest1: '+6581234567',
    dest2: '+14155550100',
    callerId: null,
    tag: id,
    contactId: null,
    state: 'placing',
    statusDest1: null,
    statusDest2: null,
    outcome: null,
    finalSource: null,
    createdAt,
    answeredAt: null,
    endedAt: null,
    updatedAt: createdAt,
    durationMinutes: null,
    rate: null,
    debit: null,
    currency: null,
    errorStatus: null,
    errorMessage: null,
    ...overrides,
  };
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
