import type { CoreApi } from '../../../shared/contract.ts';
import type { HistoryService } from '../history/history-service.ts';

/** `database.*`: the one-file backup and the checked restore (history/history-service.ts, jobs worker). */
export function databaseHandlers(history: HistoryService): CoreApi['database'] {
  return history.api.database;
}
