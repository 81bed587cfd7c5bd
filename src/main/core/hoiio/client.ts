/**
 * HTTP client for every Hoiio endpoint in hoiio-api.md §2. Always POSTs a form body (keeps
 * the token out of URLs), parses success bodies with zod into typed values, and turns every
 * other outcome into a HoiioError (a Hoiio status) or a HoiioTransportError (no readable
 * status). voice/call is never retried: each retry would ring real phones.
 */
import type { z } from 'zod';
import { BodyReadError, readCappedResponseText } from '../notify/capped-body.ts';
import { formatHoiioDate } from './wire.ts';
import { HoiioError, HoiioTransportError, type HoiioErrorContext, type TransportFailure } from './errors.ts';
import {
  AccountInfoSchema,
  ActiveNumbersSchema,
  BalanceSchema,
  CallAcceptedSchema,
  CallHistorySchema,
  CallStatusSchema,
  EmptySuccessSchema,
  EnvelopeSchema,
  RateSchema,
  type AccountInfo,
  type ActiveNumbers,
  type Balance,
  type CallAccepted,
  type CallHistoryPage,
  type CallStatus,
  type Rate,
} from './schemas.ts';

export const DEFAULT_HOIIO_BASE_URL = 'https://secure.hoiio.com/open';

/**
 * The largest answer body the client reads, bytes (1 MiB). Hoiio's largest answer, a page of
 * voice/get_history (hoiio-api.md §2.3), is a few tens of KB; anything far larger is not Hoiio
 * (a wrong API address, a proxy's page, a broken server), and reading it whole could exhaust memory.
 */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface HoiioCredentials {
  readonly appId: string;
  readonly accessToken: string;
}

export interface HoiioClientOptions {
  readonly credentials: HoiioCredentials;
  readonly baseUrl?: string;
  /** Whole request, response body included (§8: 30 s). The 10 s connect timeout is undici's default. */
  readonly totalTimeoutMs?: number;
  /** Retries of idempotent requests after a network fault (§8: up to 3). */
  readonly maxRetries?: number;
  /** First retry delay; doubled for each further retry. */
  readonly retryBaseDelayMs?: number;
  /** Cap on an answer's body, bytes (default MAX_RESPONSE_BYTES); a larger one fails as `too_large`. */
  readonly maxResponseBytes?: number;
  /** Called just before each retry is sent (a request no caller counted: e.g. charge it to a RequestBudget). */
  readonly onRetry?: ((endpoint: string) => void) | undefined;
  /**
   * Awaited before every attempt (the team's shared request budget, team/request-budget.ts): may
   * wait for the budget, ending the wait when `signal` (this client's lifetime) aborts; a throw
   * refuses the request without sending it (and is not retried).
   */
  readonly beforeRequest?: ((endpoint: string, appId: string, signal: AbortSignal) => Promise<void>) | undefined;
}

export interface PlaceCallRequest {
  readonly dest1?: string | undefined;
  readonly dest2: string;
  readonly callerId?: string | undefined;
  readonly maxDurationSeconds?: number | undefined;
  readonly tag?: string | undefined;
  readonly notifyUrl?: string | undefined;
}

export interface HistoryQuery {
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly page?: number | undefined;
}

type Params = Record<string, string | number | undefined>;

interface RequestPolicy {
  /** Idempotent requests may be retried after a network fault; voice/call never is. */
  readonly retry: boolean;
  readonly context?: HoiioErrorContext;
}

/** Error codes (undici / libuv) that mean no byte of the request reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export class HoiioClient {
  readonly baseUrl: string;
  readonly #credentials: HoiioCredentials;
  readonly #totalTimeoutMs: number;
  readonly #maxRetries: number;
  readonly #retryBaseDelayMs: number;
  readonly #maxResponseBytes: number;
  readonly #onRetry: ((endpoint: string) => void) | undefined;
  readonly #beforeRequest: HoiioClientOptions['beforeRequest'];
  readonly #lifetime = new AbortController();

  constructor(options: HoiioClientOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_HOIIO_BASE_URL).replace(/\/+$/, '');
    this.#credentials = options.credentials;
    this.#totalTimeoutMs = options.totalTimeoutMs ?? 30_000;
    this.#maxRetries = options.maxRetries ?? 3;
    this.#retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.#maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    this.#onRetry = options.onRetry;
    this.#beforeRequest = options.beforeRequest;
  }

  get appId(): string {
    return this.#credentials.appId;
  }

  /** voice/call: starts a two-leg call. Never retried. */
  call(request: PlaceCallRequest): Promise<CallAccepted> {
    const params: Params = {
      dest1: request.dest1,
      dest2: request.dest2,
      caller_id: request.callerId,
      max_duration: request.maxDurationSeconds,
      tag: request.tag,
      notify_url: request.notifyUrl,
    };
    const context = { dest1: request.dest1, dest2: request.dest2 };
    return this.#request('voice/call', params, CallAcceptedSchema, { retry: false, context });
  }

  queryStatus(txnRef: string): Promise<CallStatus> {
    return this.#request('voice/query_status', { txn_ref: txnRef }, CallStatusSchema, { retry: true });
  }

  getHistory(query: HistoryQuery = {}): Promise<CallHistoryPage> {
    const params: Params = {
      from: query.from && formatHoiioDate(query.from),
      to: query.to && formatHoiioDate(query.to),
      page: query.page,
    };
    return this.#request('voice/get_history', params, CallHistorySchema, { retry: true });
  }

  getRate(dest1: string, dest2: string): Promise<Rate> {
    const context = { dest1, dest2 };
    return this.#request('voice/get_rate', { dest1, dest2 }, RateSchema, { retry: true, context });
  }

  /** voice/hangup is safe to repeat: hanging up an ended call is still success_ok (§2.5). */
  hangup(txnRef: string): Promise<void> {
    return this.#request('voice/hangup', { txn_ref: txnRef }, EmptySuccessSchema, { retry: true });
  }

  getBalance(): Promise<Balance> {
    return this.#request('user/get_balance', {}, BalanceSchema, { retry: true });
  }

  getInfo(): Promise<AccountInfo> {
    return this.#request('user/get_info', {}, AccountInfoSchema, { retry: true });
  }

  getActiveNumbers(): Promise<ActiveNumbers> {
    return this.#request('number/get_active', {}, ActiveNumbersSchema, { retry: true });
  }

  /** Aborts every request in flight (on shutdown); they reject as interrupted. */
  close(): void {
    this.#lifetime.abort();
  }

  async #request<S extends z.ZodType>(
    endpoint: string,
    params: Params,
    schema: S,
    policy: RequestPolicy,
  ): Promise<z.output<S>> {
    const attempts = policy.retry ? this.#maxRetries + 1 : 1;
    for (let attempt = 1; ; attempt += 1) {
      if (attempt > 1) this.#onRetry?.(endpoint);
      await this.#beforeRequest?.(endpoint, this.#credentials.appId, this.#lifetime.signal);
      try {
        return await this.#attempt(endpoint, params, schema, policy.context);
      } catch (error) {
        if (attempt >= attempts || !isRetryableFault(error) || this.#lifetime.signal.aborted) throw error;
        await delay(this.#retryBaseDelayMs * 2 ** (attempt - 1), this.#lifetime.signal);
      }
    }
  }

  async #attempt<S extends z.ZodType>(
    endpoint: string,
    params: Params,
    schema: S,
    context: HoiioErrorContext | undefined,
  ): Promise<z.output<S>> {
    const body = await this.#send(endpoint, params);
    const envelope = EnvelopeSchema.safeParse(body);
    if (!envelope.success) {
      throw new HoiioTransportError('not_json', 'Hoiio answered with something that is not an API result.', {
        endpoint,
      });
    }
    if (envelope.data.status !== 'success_ok') throw new HoiioError(envelope.data.status, body, context);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unknown field';
      throw new HoiioTransportError('protocol', `Hoiio sent a result the app cannot read (${where}).`, {
        endpoint,
      });
    }
    return parsed.data;
  }

  /** Posts the form and returns the parsed JSON body (or undefined when it is not JSON). */
  async #send(endpoint: string, params: Params): Promise<unknown> {
    const form = new URLSearchParams({ app_id: this.#credentials.appId, access_token: this.#credentials.accessToken });
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined) form.append(key, String(value));
    }
    const signal = AbortSignal.any([AbortSignal.timeout(this.#totalTimeoutMs), this.#lifetime.signal]);
    try {
      const response = await fetch(`${this.baseUrl}/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
        body: form,
        // A redirect would re-send the token elsewhere; Hoiio never redirects.
        redirect: 'manual',
        signal,
      });
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined); // never read: its size does not matter
        throw new HoiioTransportError(
          'http_status',
          `Hoiio answered with HTTP ${response.status} instead of a result. Check the API address in Settings.`,
          { endpoint, httpStatus: response.status },
        );
      }
      return parseJson(await this.#readBody(endpoint, response));
    } catch (error) {
      if (error instanceof HoiioTransportError) throw error;
      throw this.#transportError(endpoint, error);
    }
  }

  /** The answer's text, at most #maxResponseBytes: a larger body is not read further (the connection is dropped). */
  async #readBody(endpoint: string, response: Response): Promise<string> {
    try {
      return await readCappedResponseText(response, this.#maxResponseBytes);
    } catch (error) {
      if (!(error instanceof BodyReadError)) throw error;
      const limit = `${Math.round(this.#maxResponseBytes / 1024)} KB`;
      throw new HoiioTransportError(
        'too_large',
        `Hoiio's answer was larger than ${limit}, far more than any Hoiio result, so the app stopped reading it. ` +
          'Check the API address in Settings.',
        { endpoint, httpStatus: response.status, maxBytes: this.#maxResponseBytes },
      );
    }
  }

  #transportError(endpoint: string, error: unknown): HoiioTransportError {
    const failure = classifyFetchFailure(error);
    const seconds = Math.round(this.#totalTimeoutMs / 1000);
    const messages: Record<TransportFailure, string> = {
      unreachable: `Could not reach Hoiio at ${new URL(this.baseUrl).host}. Check your internet connection.`,
      timeout: `Hoiio did not answer within ${seconds} seconds.`,
      interrupted: 'The connection to Hoiio broke off before an answer arrived.',
      http_status: 'Hoiio answered with an unexpected HTTP status.',
      not_json: 'Hoiio answered with something that is not an API result.',
      too_large: 'Hoiio answered with more data than any Hoiio result holds.',
      protocol: 'Hoiio sent a result the app cannot read.',
    };
    const code = errorCode(error);
    return new HoiioTransportError(failure, messages[failure], code ? { endpoint, cause: code } : { endpoint });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const cause: unknown = error.cause;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  if ('code' in error && typeof error.code === 'string') return error.code;
  return error.name === 'TimeoutError' || error.name === 'AbortError' ? error.name : undefined;
}

function classifyFetchFailure(error: unknown): TransportFailure {
  const code = errorCode(error);
  if (code === 'TimeoutError') return 'timeout';
  if (code !== undefined && NOT_SENT_CODES.has(code)) return 'unreachable';
  return 'interrupted';
}

function isRetryableFault(error: unknown): boolean {
  if (!(error instanceof HoiioTransportError)) return false;
  if (error.failure === 'http_status') return Number(error.details?.['httpStatus']) >= 500;
  return error.failure === 'unreachable' || error.failure === 'timeout' || error.failure === 'interrupted';
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
