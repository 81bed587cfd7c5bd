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
