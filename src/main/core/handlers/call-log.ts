import type { CoreApi } from '../../../shared/contract.ts';
import type { CallLogService } from '../call-log/call-log-service.ts';
import type { ImportExportService } from '../io/import-export-service.ts';

/** `callLog.*`: reading the log (call-log/call-log-service.ts); its CSV export is an import/export job. */
export function callLogHandlers(callLog: CallLogService, importExport: ImportExportService): CoreApi['callLog'] {
  return {
    query: (query) => callLog.query(query),
    get: async ({ id }) => callLog.get(id),
    totals: (query) => callLog.totals(query),
    exportCsv: (input) => importExport.exportCallLog(input),
  };
}
