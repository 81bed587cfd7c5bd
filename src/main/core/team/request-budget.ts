/**
 * The account's request rate limit shared by the team's desktops (hoiio-api.md §6: 60 requests
 * a minute per app and endpoint; docs/team.md §4). Every desktop takes from one budget on the
 * team server (`team.take_requests`, a fixed window per account and endpoint, serialised by an
 * advisory lock) before it sends:
 * - `voice/call`: before a call is placed (before its row is written): a refusal is the plain
 *   error "the team's call limit is reached" and no call is placed;
 * - background reads (`voice/query_status` polls, `voice/get_history` pages): before each
 *   request; a refusal waits for the window the server names, so three desktops polling never
 *   push the team over Hoiio's limit.
 * Each request takes one unit (no local reserve): a reserve could outlive the server window it
 * was counted in. The server's fixed windows and Hoiio's are not aligned, so any 60 s span can
 * meet two server windows: 30 per window keeps every span within Hoiio's 60.
 * Offline (the server cannot be reached), requests go ahead under the desktop's own limits
 * (calls/request-budget.ts) and the status says so, as for call slots.
 */
import { AppError } from '../../../shared/errors.ts';
import { englishErrorMessage } from '../../../shared/error-messages.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CallRecord } from '../../../shared/calls.ts';
import { HoiioError } from '../hoiio/errors.ts';

type Logger = Pick<Console, 'warn'>;

/** Requests per endpoint per server window: half of Hoiio's 60/min, as the windows are not aligned (above). */
export const TEAM_REQUESTS_PER_WINDOW = 30;
/** The server window (seconds): Hoiio's (§6). */
export const TEAM_BUDGET_WINDOW_SECONDS = 60;
/** The endpoints whose background requests draw on the team budget (voice/call is taken per call). */
export const TEAM_BUDGET_READ_ENDPOINTS: ReadonlySet<string> = new Set(['voice/query_status', 'voice/get_history']);

export interface TeamRequestBudgetOptions {
  /** Runs SQL on the team server; rejects when it cannot be reached. */
  readonly query: (sql: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  /** The live Hoiio account (app_id); null in sandbox mode (nothing is taken). */
  readonly account: () => string | null;
  /** Requests per endpoint per window. Default TEAM_REQUESTS_PER_WINDOW. */
  readonly limit?: number;
  /** Window length (seconds). Default 60. */
  readonly windowSeconds?: number;
  /** A background read waits at most this long for the budget (ms), then is refused as rate limited. Default 2 windows. */
  readonly maxWaitMs?: number;
  /** The server could not be reached (true) or answered again (false): for the status text. */
  readonly onFallback?: (offline: boolean) => void;
  readonly logger?: Logger;
}

const CALL_BUDGET_KEY = 'team.callBudget';

export class TeamRequestBudget {
  readonly #options: TeamRequestBudgetOptions;
  readonly #limit: number;
  readonly #windowSeconds: number;
  readonly #closed = new AbortController();

  constructor(options: TeamRequestBudgetOptions) {
    this.#options = options;
    this.#limit = options.limit ?? TEAM_REQUESTS_PER_WINDOW;
    this.#windowSeconds = options.windowSeconds ?? TEAM_BUDGET_WINDOW_SECONDS;
  }

  /**
   * Takes one `voice/call` from the team budget before a live call is placed. Throws AppError
   * 'conflict' (key `team.callBudget`, params limit and seconds) when the team has used this
   * window's calls; passes when offline (the local limits apply) and for sandbox calls.
   */
  async takeForCall(mode: CallRecord['mode']): Promise<void> {
    const account = this.#options.account();
    if (mode !== 'live' || account === null) return;
    const answer = await this.#take(account, 'voice/call');
    if (answer === null || answer.granted > 0) return;
    const params = { limit: this.#limit, seconds: Math.max(1, Math.ceil(answer.retryMs / 1000)) };
    throw new AppError(
      'conflict',
      englishErrorMessage(CALL_BUDGET_KEY, params),
      { reason: 'team_call_budget', retryMs: answer.retryMs },
      { key: CALL_BUDGET_KEY, params },
    );
  }

  /**
   * Before each background read of the team's live account: waits while the team's window is
   * used up (as long as the server says), at most `maxWaitMs`, then refuses it unsent as
   * HoiioError `error_rate_limit_exceeded` (the poller backs off), as it does at once when
   * `signal` (the client's lifetime) or the budget closes. Other endpoints, other
   * accounts (the sandbox) and an unreachable server pass at once.
   */
  readonly beforeRequest = async (endpoint: string, appId: string, signal?: AbortSignal): Promise<void> => {
    const account = this.#options.account();
    if (!TEAM_BUDGET_READ_ENDPOINTS.has(endpoint) || account === null || appId !== account) return;
    const deadline = Date.now() + (this.#options.maxWaitMs ?? 2 * this.#windowSeconds * 1000);
    // Closing the budget or the client (shutdown) ends the wait.
    const stop = signal ? AbortSignal.any([signal, this.#closed.signal]) : this.#closed.signal;
    for (;;) {
      const answer = await this.#take(account, endpoint);
      if (answer === null || answer.granted > 0) return;
      const wait = Math.max(50, answer.retryMs);
      if (Date.now() + wait > deadline || stop.aborted) throw HoiioError.local('error_rate_limit_exceeded');
      await sleep(wait, undefined, { signal: stop, ref: false }).catch(() => undefined);
      if (stop.aborted) throw HoiioError.local('error_rate_limit_exceeded');
    }
  };

  /** Ends waits in progress (they refuse as rate limited). */
  close(): void {
    this.#closed.abort();
  }

  /** One unit from the server, or null when it cannot be reached (then the local limits apply). */
  async #take(account: string, endpoint: string): Promise<{ granted: number; retryMs: number } | null> {
    try {
      const { rows } = await this.#options.query(
        'SELECT granted, retry_ms FROM team.take_requests($1, $2, 1, $3, $4)',
        [account, endpoint, this.#limit, this.#windowSeconds],
      );
      this.#options.onFallback?.(false);
      return { granted: Number(rows[0]?.granted ?? 0), retryMs: Number(rows[0]?.retry_ms ?? 0) };
    } catch (error) {
      this.#options.logger?.warn(
        `[team] the team's request budget cannot be checked (${(error as Error).message}); this desktop's own limits apply`,
      );
      this.#options.onFallback?.(true);
      return null;
    }
  }
}
