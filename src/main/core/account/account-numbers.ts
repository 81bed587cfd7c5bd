/**
 * The account's own numbers (user/get_info `caller_ids`, number/get_active, hoiio-api.md §2.7,
 * §2.8), fetched once per account and kept: the Dialer's "Call from" and "Caller ID" choices and
 * local presence read them on every keystroke, and they change only when the account does.
 * Refreshed on Verify (`refresh`) and when calls switch account or mode (`accountChanged`); a
 * failed fetch is never kept, so the next read asks again.
 */
import type { AccountNumbers } from '../../../shared/account.ts';
import { AppError } from '../../../shared/errors.ts';
import type { HoiioClient } from '../hoiio/client.ts';

/** The account calls go to now: its mode and a client for it (a new client = another account). */
export interface AccountNumbersSource {
  readonly mode: AccountNumbers['mode'];
  readonly client: Pick<HoiioClient, 'getInfo' | 'getActiveNumbers'>;
}

export interface AccountNumbersOptions {
  /** The current account, or null while none is ready (start-up, switching). */
  readonly source: () => AccountNumbersSource | null;
  /** Called with the numbers after every fetch that changed them (the `accountNumbers` push event). */
  readonly onChange: (numbers: AccountNumbers) => void;
  readonly logger?: Pick<Console, 'warn'>;
}

interface Entry {
  readonly client: AccountNumbersSource['client'];
  readonly numbers: Promise<AccountNumbers>;
}

export class AccountNumbersCache {
  readonly #options: AccountNumbersOptions;
  #entry: Entry | null = null;
  /** What was last reported through onChange (JSON without fetchedAt), to report changes only. */
  #reported: string | null = null;

  constructor(options: AccountNumbersOptions) {
    this.#options = options;
  }

  /**
   * The current account's numbers: from the cache, or fetched (2 requests, neither rate limited,
   * §6). Throws AppError `conflict` while no account is ready, or the HoiioError / network error of
   * the fetch.
   */
  get(): Promise<AccountNumbers> {
    const source = this.#requireSource();
    if (this.#entry?.client === source.client) return this.#entry.numbers;
    return this.#fetch(source);
  }

  /** Fetches anew for the current account (Verify), replacing the cached numbers. */
  refresh(): Promise<AccountNumbers> {
    return this.#fetch(this.#requireSource());
  }

  /** Calls switched account or mode: forget the numbers and fetch the new account's in the background. */
  accountChanged(): void {
    this.#entry = null;
    if (!this.#options.source()) return;
    this.refresh().catch((error: unknown) => {
      this.#options.logger?.warn('[account] fetching the account numbers after a change failed', error);
    });
  }

  #requireSource(): AccountNumbersSource {
    const source = this.#options.source();
    if (!source) throw new AppError('conflict', 'The calling service is still starting. Try again in a moment.');
    return source;
  }

  #fetch(source: AccountNumbersSource): Promise<AccountNumbers> {
    const numbers = readNumbers(source);
    const entry: Entry = { client: source.client, numbers };
    this.#entry = entry;
    numbers.then(
      (result) => {
        const { fetchedAt: _, ...content } = result;
        const json = JSON.stringify(content);
        if (this.#entry === entry && json !== this.#reported) {
          this.#reported = json;
          this.#options.onChange(result);
        }
      },
      () => {
        if (this.#entry === entry) this.#entry = null;
      },
    );
    return numbers;
  }
}

/** get_info and get_active together; Hoiio Numbers are voice numbers that are also caller IDs. */
async function readNumbers(source: AccountNumbersSource): Promise<AccountNumbers> {
  const [info, active] = await Promise.all([source.client.getInfo(), source.client.getActiveNumbers()]);
  const callerIds = [...new Set(info.callerIds)];
  const hoiioNumbers = active.entries
    .filter((entry) => entry.mode === 'voice' && callerIds.includes(entry.number))
    .map((entry) => ({ number: entry.number, country: entry.country.toUpperCase() }));
  return {
    mode: source.mode,
    registeredNumber: info.mobileNumber,
    callerIds,
    hoiioNumbers,
    fetchedAt: new Date().toISOString(),
  };
}
