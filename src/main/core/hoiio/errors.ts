/**
 * Hoiio result statuses and the user-facing message for each (hoiio-api.md §2 and §8).
 * Every non-success status becomes a HoiioError carrying the raw status, the raw JSON and
 * a message that says what happened and what to do.
 */
import { AppError, type ErrorParams } from '../../../shared/errors.ts';
import { englishErrorMessage, isErrorKey } from '../../../shared/error-messages.ts';
import { formatPhoneNumber, isWellFormedE164 } from '../../../shared/phone.ts';
import englishCatalogue from '../../../shared/i18n/locales/en/errors.json' with { type: 'json' };

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

/** Statuses of get_history's own parameters: one shared message naming the status. */
const HISTORY_STATUSES = new Set([
  'error_from_invalid',
  'error_to_invalid',
  'error_to_before_from',
  'error_page_invalid',
]);
const PARAM_MISSING = /^error_([a-z0-9_]+)_param_missing$/;
/** The form field a status is about (the Dialer's number, Settings' own phone or caller ID). */
const FIELD_OF_STATUS: Readonly<Record<string, string>> = {
  error_dest1_invalid: 'dest1',
  error_dest1_not_supported: 'dest1',
  error_dest1_param_missing: 'dest1',
  error_dest2_invalid: 'dest2',
  error_dest2_not_supported: 'dest2',
  error_dest2_param_missing: 'dest2',
  error_not_allowed_for_trial: 'dest2',
  error_caller_id_invalid: 'callerId',
  error_invalid_max_duration: 'maxDurationSeconds',
};

/** Every status with its own message in the error catalogue (canonical spellings, hoiio-api.md §8). */
export const KNOWN_ERROR_STATUSES: readonly string[] = [
  ...Object.keys(englishCatalogue)
    .filter((id) => id.startsWith('error.hoiio.error_') && id !== 'error.hoiio.error_param_missing')
    .map((id) => id.slice('error.hoiio.'.length)),
  ...HISTORY_STATUSES,
];

/**
 * A number of the call as the app shows numbers everywhere else ("+65 8123 4567", not "+6581234567");
 * anything that is not a well-formed E.164 number is echoed as it was sent (so "+123" stays "+123").
 */
function shownNumber(number: string): string {
  return isWellFormedE164(number) ? formatPhoneNumber(number) : number;
}

/** The catalogue key and ICU arguments of a status (`hoiio.<status>`, or a shared message for its kind). */
export function catalogueEntryForStatus(
  status: string,
  context: HoiioErrorContext = {},
): { key: string; params: ErrorParams } {
  const canonical = canonicalStatus(status);
  const params: ErrorParams = {
    dest1: context.dest1 === undefined ? 'your phone number' : shownNumber(context.dest1),
    dest2: context.dest2 === undefined ? 'this number' : shownNumber(context.dest2),
    status,
  };
  if (isErrorKey(`hoiio.${canonical}`)) return { key: `hoiio.${canonical}`, params };
  if (HISTORY_STATUSES.has(canonical)) return { key: 'hoiio.historyError', params };
  const missing = PARAM_MISSING.exec(canonical);
  if (missing) return { key: 'hoiio.error_param_missing', params: { ...params, param: missing[1] ?? 'parameter' } };
  return { key: 'hoiio.unexpected', params };
}

/** The user-facing message for a status, with the numbers filled in (the English catalogue). */
export function messageForStatus(status: string, context: HoiioErrorContext = {}): string {
  const { key, params } = catalogueEntryForStatus(status, context);
  return englishErrorMessage(key, params);
}

/** A non-success Hoiio status. `status` is canonical; `rawStatus` is what the wire said. */
export class HoiioError extends AppError {
  readonly status: string;
  readonly rawStatus: string;

  constructor(rawStatus: string, raw: unknown, context: HoiioErrorContext = {}) {
    const status = canonicalStatus(rawStatus);
    const { key, params } = catalogueEntryForStatus(rawStatus, context);
    const field = FIELD_OF_STATUS[status];
    super(
      'hoiio',
      englishErrorMessage(key, params),
      { status, rawStatus, raw },
      {
        key,
        params,
        fields: field === undefined ? undefined : [{ path: [field], key, params }],
      },
    );
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
  | 'too_large' // the answer's body is over the client's cap (MAX_RESPONSE_BYTES): not read further
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
