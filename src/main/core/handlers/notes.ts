import type { CoreApi } from '../../../shared/contract.ts';
import type { HistoryService } from '../history/history-service.ts';

/** `notes.*`: this desktop's note on a call (history/history-service.ts over store/call-notes.ts). */
export function notesHandlers(history: HistoryService): CoreApi['notes'] {
  return history.api.notes;
}
