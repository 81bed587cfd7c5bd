/**
 * Hoiio result statuses and the user-facing message for each (hoiio-api.md §2 and §8).
 * Every non-success status becomes a HoiioError carrying the raw status, the raw JSON and
 * a message that says what happened and what to do.
 */
import { AppError } from '../../../shared/errors.ts';

/** The §9 C4 pairs: both spellings mean the same status; the first is canonical. */
const STATUS_ALIASES: Readonly<Record<string, string>> = {
  error_txn_ref_invalid: 'error_invalid_txn_ref',
  error_max_duration_invalid: 'error_invalid_max_duration',
};

export function canonicalStatus(status: string): string {
  return STATUS_ALIASES[status] ?? status;
}

/** Numbers the message may mention; filled into `{dest1}` / `{dest2}`. */
export interface HoiioErrorContext {
  readonly dest1?: string | undefined;
  readonly dest2?: string | undefined;
}

const CREDENTIALS_MISSING = 'Add your Hoiio App ID and access token in Settings.';
const HISTORY_ERROR = 'Internal error while loading call history ({status}).';

const MESSAGES: Readonly<Record<string, string>> = {
  error_invalid_http_method: 'Internal error: the app sent a request Hoiio does not accept. Please report it.',
  error_malformed_params: 'The request contained unreadable characters. Check the number for unusual symbols.',
  error_app_id_param_missing: CREDENTIALS_MISSING,
  error_access_token_param_missing: CREDENTIALS_MISSING,
  error_dest2_param_missing: 'Enter a number to call.',
  error_invalid_access_token: 'Your Hoiio access token is invalid, expired or revoked. Update it in Settings.',
  error_invalid_app_id: 'Your Hoiio App ID is invalid or revoked. Check it in Settings.',
  error_tag_invalid_length: 'Internal error: the call reference is longer than 256 characters.',
  error_dest1_invalid: 'Your phone number {dest1} is not a valid international number.',
  error_dest2_invalid: '{dest2} is not a valid international number. Use +, the country code, then the number.',
  error_dest1_not_supported: 'Hoiio cannot call your phone number {dest1}.',
  error_dest2_not_supported: 'Hoiio does not support calls to {dest2}.',
  error_not_allowed_for_trial:
    'Trial accounts can only call allowed numbers. Top up your Hoiio credit to call {dest2}.',
  error_same_dest1_dest2: 'Your phone and the number to call are the same.',
  error_invalid_notify_url:
    'Live call updates could not be set up (bad callback address). Call again; status will be polled.',
  error_unable_to_resolve_notify_url:
    "Hoiio cannot find the app's callback address. Check the connection or call again; status will be polled.",
  error_unable_to_complete_ssl_handshake_notify_url:
    "Hoiio could not open a secure connection to the app's callback address.",
  error_insufficient_credit: 'Not enough Hoiio credit for this call. Top up your account.',
  error_concurrent_call_limit_reached: 'You already have 8 calls in progress. Wait for one to end.',
  error_rate_limit_exceeded: 'Too many requests to Hoiio. Wait a minute and try again.',
  error_call_service_not_available: "Hoiio's calling service is unavailable. Try again in a few minutes.",
  error_internal_server_error: 'Hoiio had an unexpected error. Try again later or contact Hoiio support.',
  error_caller_id_invalid: 'That caller ID is not available on your account.',
  error_invalid_max_duration: 'The maximum call length must be between 1 second and 24 hours.',
  error_invalid_txn_ref: 'Hoiio does not know this call.',
  error_from_invalid: HISTORY_ERROR,
  error_to_invalid: HISTORY_ERROR,
  error_to_before_from: HISTORY_ERROR,
  error_page_invalid: HISTORY_ERROR,
};

/** Every status with its own message (canonical spellings). */
export const KNOWN_ERROR_STATUSES: readonly string[] = Object.keys(MESSAGES);

const PARAM_MISSING = /^error_([a-z0-9_]+)_param_missing$/;

/** The user-facing message for a status, with the numbers filled in. */
export function messageForStatus(status: string, context: HoiioErrorContext = {}): string {
  const canonical = canonicalStatus(status);
  const template =
    MESSAGES[canonical] ??
    (PARAM_MISSING.test(canonical) ? `Missing ${PARAM_MISSING.exec(canonical)?.[1] ?? 'parameter'}.` : undefined) ??
    `Hoiio refused the request with an unexpected error (${status}).`;
  return template
    .replaceAll('{dest1}', context.dest1 ?? 'your phone number')
    .replaceAll('{dest2}', context.dest2 ?? 'this number')
    .replaceAll('{status}', status);
}

/** A non-success Hoiio status. `status` is canonical; `rawStatus` is what the wire said. */
export class HoiioError extends AppError {
  readonly status: string;
  readonly rawStatus: string;

  constructor(rawStatus: string, raw: unknown, context: HoiioErrorContext = {}) {
    const status = canonicalStatus(rawStatus);
    super('hoiio', messageForStatus(rawStatus, context), { status, rawStatus, raw });
    this.name = 'HoiioError';
    this.status = status;
    this.rawStatus = rawStatus;
  }

  /** The error a client-side pre-check raises: the same status and message Hoiio would send. */
  static local(status: string, context: HoiioErrorContext = {}): HoiioError {
    return new HoiioError(status, { status, checkedLocally: true }, context);
  }
}

export function isHoiioError(error: unknown, status?: string): error is HoiioError {
  return error instanceof HoiioError && (status === undefined || error.status === canonicalStatus(status));
}

/** How a request failed before a Hoiio status could be read. */
export type TransportFailure =
  | 'unreachable' // nothing was sent: refused, DNS, connect timeout
  | 'timeout' // sent, no complete answer within the total timeout
  | 'interrupted' // the connection broke after sending
  | 'http_status' // answered with a non-200 HTTP status
  | 'not_json' // answered 200 with something that is not a JSON object with a status
  | 'protocol'; // success_ok, but the fields do not have the documented format

/** Hoiio could not be reached or answered something unreadable (AppError code 'network'). */
export class HoiioTransportError extends AppError {
  readonly failure: TransportFailure;

  constructor(failure: TransportFailure, message: string, details: Record<string, unknown> = {}) {
    super('network', message, { failure, ...details });
    this.name = 'HoiioTransportError';
    this.failure = failure;
  }

  /** True when the request can be known not to have reached Hoiio, so nothing was created. */
  get certainlyNotDelivered(): boolean {
    return this.failure === 'unreachable' || (this.failure === 'http_status' && this.details?.['httpStatus'] === 404);
  }
}
