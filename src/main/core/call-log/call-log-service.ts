/**
 * The call log as the user reads it: searches and totals (which scan the log) in the `queries`
 * database worker, one call by id on the main connection (a primary-key read, well under a
 * millisecond: a worker round trip would cost more than the read). Calls are written by the call
 * service only; the CSV export is a job of the import/export service.
 */
import type {
  CallLogEntry,
  CallLogKeysetPage,
  CallLogPageQuery,
  CallLogPage,
  CallLogQuery,
  CallTotalsQuery,
  CallTotalsResult,
} from '../../../shared/call-log.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CallLogRepository } from '../store/index.ts';
import type { DatabaseWorker } from '../workers/database-worker-client.ts';

export class CallLogService {
  readonly #callLog: Pick<CallLogRepository, 'getEntry'>;
  readonly #queries: DatabaseWorker;

  constructor(options: { readonly callLog: Pick<CallLogRepository, 'getEntry'>; readonly queries: DatabaseWorker }) {
    this.#callLog = options.callLog;
    this.#queries = options.queries;
  }

  /** Newest first, with filters and full-text search (worker). */
  query(query: CallLogQuery): Promise<CallLogPage> {
    return this.#queries.request('callLog.query', query);
  }

  /** One keyset page, newest first, for the virtual list (worker; cursor in shared/call-log.ts). */
  page(query: CallLogPageQuery): Promise<CallLogKeysetPage> {
    return this.#queries.request('callLog.page', query);
  }

  /** Calls, minutes and cost per currency per day or month (worker). */
  totals(query: CallTotalsQuery): Promise<CallTotalsResult> {
    return this.#queries.request('callLog.totals', query);
  }

  /** One call with its contact's name; AppError 'not_found' for an unknown id. */
  get(id: string): CallLogEntry {
    const entry = this.#callLog.getEntry(id);
    if (!entry) throw new AppError('not_found', `No call with id ${id} is in the log.`, { id });
    return entry;
  }
}
