import { z } from 'zod';
import { E164Schema } from './phone.ts';

/** Hoiio's per-leg statuses: `ongoing` while the call is live, then one final value. */
export const LegStatusSchema = z.enum(['ongoing', 'answered', 'unanswered', 'failed', 'busy']);
export type LegStatus = z.infer<typeof LegStatusSchema>;

/**
 * Local lifecycle of one click-to-call:
 * placing -> live -> ended, or placing -> failed (Hoiio refused the request), or
 * placing -> unknown (timeout/network error: the call may or may not exist; reconciled
 * later through voice/get_history by tag) -> live | ended | failed.
 * `ended` and `failed` are final and never change again.
 */
export const CallStateSchema = z.enum(['placing', 'live', 'ended', 'failed', 'unknown']);
export type CallState = z.infer<typeof CallStateSchema>;
export const FINAL_CALL_STATES: ReadonlySet<CallState> = new Set(['ended', 'failed']);

/** Where a call's final state came from. */
export const FinalSourceSchema = z.enum(['notification', 'poll', 'history', 'request']);
export type FinalSource = z.infer<typeof FinalSourceSchema>;

/**
 * A user-facing summary of how a call went, stored for filtering the log. `error`: Hoiio never
 * accepted it (not placed). `unknown`: Hoiio accepted it (it has a txn_ref) but its end was never
 * learnt, e.g. the sandbox restarted while it was live: it was placed, and may have been billed.
 */
export const CallOutcomeSchema = z.enum(['connected', 'busy', 'no_answer', 'failed', 'error', 'unknown', 'cancelled']);
export type CallOutcome = z.infer<typeof CallOutcomeSchema>;

/** Money as Hoiio sends it: a decimal string with exactly 3 decimals, never a float. */
export const MoneySchema = z.string().regex(/^-?\d+\.\d{3}$/, 'money must have exactly 3 decimals');
const IsoInstantSchema = z.iso.datetime({ offset: true });

/** One row of the call log, as the store keeps it and the renderer sees it. */
export const CallRecordSchema = z.object({
  /** Local id (UUID); also sent to Hoiio as the call's `tag` for reconciliation. */
  id: z.string().min(1),
  txnRef: z.string().nullable(),
  mode: z.enum(['sandbox', 'live']),
  dest1: E164Schema,
  dest2: E164Schema,
  callerId: z.string().nullable(),
  tag: z.string().nullable(),
  contactId: z.string().nullable(),
  state: CallStateSchema,
  statusDest1: LegStatusSchema.nullable(),
  statusDest2: LegStatusSchema.nullable(),
  outcome: CallOutcomeSchema.nullable(),
  finalSource: FinalSourceSchema.nullable(),
  createdAt: IsoInstantSchema,
  answeredAt: IsoInstantSchema.nullable(),
  endedAt: IsoInstantSchema.nullable(),
  updatedAt: IsoInstantSchema,
  durationMinutes: z.number().int().nonnegative().nullable(),
  rate: MoneySchema.nullable(),
  debit: MoneySchema.nullable(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable(),
  /** The raw Hoiio status when the request failed (e.g. `error_insufficient_credit`). */
  errorStatus: z.string().nullable(),
  errorMessage: z.string().nullable(),
  /** When the app's Hang up was used on this call (issue 9 item 6: Hoiio's statuses cannot tell who hung up). */
  hangupRequestedAt: IsoInstantSchema.nullable().optional(),
  /**
   * The extension to dial once the callee answers (issue 9 item 3): Hoiio's voice/call cannot dial
   * it, so the app keeps it on the call and shows "then dial 556". Digits; null or absent when none.
   */
  extension: z
    .string()
    .regex(/^\d{1,20}$/)
    .nullable()
    .optional(),
});
export type CallRecord = z.infer<typeof CallRecordSchema>;

/**
 * Why the app stopped following a call without a final status from Hoiio (stored in `errorStatus`,
 * worded by the catalogue key `call.lost.<reason>`): the sandbox restarted mid-call, Hoiio has no
 * record of a call whose request got no answer, or Hoiio no longer knows the call's reference
 * (`error_invalid_txn_ref` while polling, hoiio-api.md §2.2).
 */
export const LOST_CALL_REASONS = ['sandbox_restarted', 'not_placed', 'unknown_reference'] as const;
export type LostCallReason = (typeof LOST_CALL_REASONS)[number];

/** The lost-call reason stored in a call's `errorStatus`, or null when it holds a Hoiio status or nothing. */
export function lostCallReason(call: Pick<CallRecord, 'errorStatus'>): LostCallReason | null {
  return (LOST_CALL_REASONS as readonly (string | null)[]).includes(call.errorStatus)
    ? (call.errorStatus as LostCallReason)
    : null;
}

/**
 * Derives the outcome shown in the log (the badge's word) from the state and the legs' final statuses,
 * by the same rule as the sentence (call-outcome-words.ts `describeOutcome`): the leg that decided it,
 * and `cancelled` where a leg still ringing ended because you pressed Hang up (Hoiio reports
 * `unanswered` either way, hoiio-api.md §4; `hangupRequestedAt` says it was you).
 */
export function callOutcome(
  record: Pick<CallRecord, 'state' | 'statusDest1' | 'statusDest2' | 'txnRef' | 'hangupRequestedAt'>,
): CallOutcome | null {
  // A call Hoiio accepted is never "not placed", whatever ended the app's tracking of it.
  if (record.state === 'failed') return record.txnRef === null ? 'error' : 'unknown';
  if (record.state !== 'ended') return null;
  const { statusDest1: leg1, statusDest2: leg2 } = record;
  if (leg1 === 'answered' && leg2 === 'answered') return 'connected';
  const decisive = leg1 === 'answered' ? leg2 : leg1;
  if (decisive === 'busy') return 'busy';
  if (decisive === 'failed') return 'failed';
  return record.hangupRequestedAt ? 'cancelled' : 'no_answer';
}
