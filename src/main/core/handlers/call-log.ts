import type { CoreApi } from '../../../shared/contract.ts';
import type { CallLogService } from '../call-log/call-log-service.ts';
import type { HistoryService } from '../history/history-service.ts';
import type { ImportExportService } from '../io/import-export-service.ts';

/**
 * `callLog.*`: reading the log (call-log/call-log-service.ts); its CSV export is an import/export
 * job; deleting calls, clearing by age and the Insights figures are the history service's.
 */
export function callLogHandlers(
  callLog: CallLogService,
  importExport: ImportExportService,
  history: HistoryService,
): CoreApi['callLog'] {
  return {
    query: (query) => callLog.query(query),
    page: (query) => callLog.page(query),
    get: async ({ id }) => callLog.get(id),
    totals: (query) => callLog.totals(query),
    exportCsv: (input) => importExport.exportCallLog(input),
    ...history.api.callLog,
  };
}
