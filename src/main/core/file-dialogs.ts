import type { CoreApi } from '../../shared/contract.ts';
import { AppError } from '../../shared/errors.ts';
import type { ExportFileKind } from '../../shared/import-export.ts';

/**
 * The shell's native file dialogs (Electron: dialog.showOpenDialog / showSaveDialog). The core
 * never opens windows itself; a shell without dialogs (the browser host) leaves this out and the
 * renderer asks for a path as text instead.
 */
export interface FileDialogs {
  /** An absolute path to a vCard or CSV file (or a database backup), or null when the user cancelled. */
  chooseImportFile(kind?: 'contacts' | 'backup'): Promise<string | null>;
  /** Where to save; the save dialog has already asked before replacing a file. Null when cancelled. */
  chooseExportFile(kind: ExportFileKind, suggestedName: string): Promise<string | null>;
}

export const NO_FILE_DIALOGS_MESSAGE =
  'This window cannot open file dialogs (the app runs in a browser): type the full path of the file instead.';

/** The `files` operations over the shell's dialogs, or answers 'unsupported' without them. */
export function createFilesApi(dialogs: FileDialogs | undefined): Pick<CoreApi, 'files'> {
  const required = (): FileDialogs => {
    if (!dialogs) throw new AppError('unsupported', NO_FILE_DIALOGS_MESSAGE);
    return dialogs;
  };
  const chosen = (filePath: string | null) => (filePath === null ? null : { path: filePath });
  return {
    files: {
      chooseImportFile: async (input) => chosen(await required().chooseImportFile(input?.kind ?? 'contacts')),
      chooseExportFile: async ({ kind, suggestedName }) =>
        chosen(await required().chooseExportFile(kind, suggestedName)),
    },
  };
}
