/**
 * The per-call state machine. Pure: given a record and something learned about the call,
 * returns the changed record, or null when nothing changes. Monotonic: states only move
 * forward (placing -> unknown -> live -> ended/failed), a final state never changes, and a
 * duplicate or late observation returns null, so callers emit events only for real changes.
 */
import {
  callOutcome,
  FINAL_CALL_STATES,
  type CallRecord,
  type CallState,
  type FinalSource,
  type LegStatus,
  type LostCallReason,
} from '../../../shared/calls.ts';

/** What Hoiio says about a call (query_status, a history entry or a notification). */
export interface ObservedCallStatus {
  readonly txnRef: string;
  readonly statusDest1: LegStatus;
  readonly statusDest2: LegStatus;
  readonly durationMinutes: number | null;
  readonly currency: string;
  readonly rate: string;
  readonly debit: string | null;
}

export type CallObservation =
  /** voice/call answered success_ok. */
  | { readonly kind: 'accepted'; readonly txnRef: string }
  /** voice/call was refused (a Hoiio status) or certainly never reached Hoiio (status null). */
  | { readonly kind: 'rejected'; readonly status: string | null; readonly message: string }
  /** voice/call timed out or broke off: the call may or may not exist. */
  | { readonly kind: 'indeterminate'; readonly message: string }
  | {
      readonly kind: 'status';
      readonly source: Exclude<FinalSource, 'request'>;
      readonly status: ObservedCallStatus;
    }
  /** Hoiio has no trace of the call, or can no longer tell (its sandbox restarted). */
  | {
      readonly kind: 'lost';
      readonly source: 'poll' | 'history';
      /** Stored in `errorStatus` so every locale words it (`call.lost.<reason>`). */
      readonly reason: LostCallReason;
      readonly message: string;
    };

const RANK: Readonly<Record<CallState, number>> = { placing: 0, unknown: 1, live: 2, ended: 3, failed: 3 };

export function isFinal(record: Pick<CallRecord, 'state'>): boolean {
  return FINAL_CALL_STATES.has(record.state);
}

export function newCallRecord(fields: {
  readonly id: string;
  readonly mode: CallRecord['mode'];
  readonly dest1: string;
  readonly dest2: string;
  readonly callerId: string | null;
  readonly contactId: string | null;
  readonly extension?: string | null | undefined;
  readonly now: Date;
}): CallRecord {
  const at = fields.now.toISOString();
  return {
    id: fields.id,
    txnRef: null,
    mode: fields.mode,
    dest1: fields.dest1,
    dest2: fields.dest2,
    callerId: fields.callerId,
    tag: fields.id,
    contactId: fields.contactId,
    extension: fields.extension ?? null,
    state: 'placing',
    statusDest1: null,
    statusDest2: null,
    outcome: null,
    finalSource: null,
    createdAt: at,
    answeredAt: null,
    endedAt: null,
    updatedAt: at,
    durationMinutes: null,
    rate: null,
    debit: null,
    currency: null,
    errorStatus: null,
    errorMessage: null,
    hangupRequestedAt: null,
  };
}

/** Applies an observation; returns the new record, or null when it changes nothing. */
export function applyObservation(record: CallRecord, observation: CallObservation, now: Date): CallRecord | null {
  const patch = patchFor(record, observation);
  if (patch === null) return null;
  const changed = (Object.keys(patch) as (keyof CallRecord)[]).some((key) => patch[key] !== record[key]);
  if (!changed) return null;
  const next: CallRecord = { ...record, ...patch, updatedAt: now.toISOString() };
  if (isFinal(next) && !isFinal(record)) next.endedAt = now.toISOString();
  next.outcome = callOutcome(next);
  return next;
}

function patchFor(record: CallRecord, observation: CallObservation): Partial<CallRecord> | null {
  switch (observation.kind) {
    case 'accepted':
      return advance(record, 'live', { txnRef: record.txnRef ?? observation.txnRef, errorMessage: null });
    case 'rejected':
      // A refusal answers the voice/call request: once Hoiio accepted the call it cannot apply.
      if (record.state !== 'placing' && record.state !== 'unknown') return null;
      return advance(record, 'failed', {
        finalSource: 'request',
        errorStatus: observation.status,
        errorMessage: observation.message,
      });
    case 'indeterminate':
      return advance(record, 'unknown', { errorMessage: observation.message });
    case 'lost':
      return advance(record, 'failed', {
        finalSource: observation.source,
        errorStatus: observation.reason,
        errorMessage: observation.message,
      });
    case 'status':
      return statusPatch(record, observation.source, observation.status);
  }
}

function statusPatch(
  record: CallRecord,
  source: Exclude<FinalSource, 'request'>,
  status: ObservedCallStatus,
): Partial<CallRecord> | null {
  const txnRef = record.txnRef ?? status.txnRef;
  const ended = status.statusDest1 !== 'ongoing' && status.statusDest2 !== 'ongoing';
  if (!ended) {
    return advance(record, 'live', { txnRef, currency: status.currency, rate: status.rate, errorMessage: null });
  }
  return advance(record, 'ended', {
    txnRef,
    statusDest1: status.statusDest1,
    statusDest2: status.statusDest2,
    durationMinutes: status.durationMinutes ?? 0,
    currency: status.currency,
    rate: status.rate,
    debit: status.debit ?? '0.000',
    finalSource: source,
    errorMessage: null,
  });
}

/**
 * Moves to `state` with `fields` if that is forward (or the same non-final state, which may
 * fill in fields). Otherwise only a missing txnRef may still be filled in: a late response
 * to voice/call for a call a notification already finished.
 */
function advance(record: CallRecord, state: CallState, fields: Partial<CallRecord>): Partial<CallRecord> | null {
  const forward = RANK[state] > RANK[record.state];
  const sameOpenState = state === record.state && !isFinal(record);
  if (forward || sameOpenState) return { ...fields, state };
  if (record.txnRef === null && typeof fields.txnRef === 'string') return { txnRef: fields.txnRef };
  return null;
}
