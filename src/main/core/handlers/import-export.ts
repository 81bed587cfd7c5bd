import type { CoreApi } from '../../../shared/contract.ts';
import type { ImportExportService } from '../io/import-export-service.ts';

/** `importExport.*`: cancellable import and export jobs (io/import-export-service.ts). */
export function importExportHandlers(importExport: ImportExportService): CoreApi['importExport'] {
  return {
    importContacts: (input) => importExport.importContacts(input),
    exportContacts: (input) => importExport.exportContacts(input),
    cancel: async ({ jobId }) => ({ cancelled: importExport.cancel(jobId) }),
  };
}
