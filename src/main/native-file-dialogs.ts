/** Open and save dialogs, modal to the main window; the core re-checks every path they return. */
import { app, dialog, type BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FileDialogs } from './core/file-dialogs.ts';
import type { ExportFileKind } from '../shared/import-export.ts';

const VCARD_FILTER = { name: 'vCard', extensions: ['vcf', 'vcard'] };
const CSV_FILTER = { name: 'CSV', extensions: ['csv'] };
const EXPORT_FILTERS: Record<ExportFileKind, { name: string; extensions: string[] }> = {
  'contacts-vcard': { name: 'vCard 4.0', extensions: ['vcf'] },
  'contacts-csv': CSV_FILTER,
  'call-log-csv': CSV_FILTER,
  'totals-csv': CSV_FILTER,
  backup: { name: 'Database backup', extensions: ['db'] },
};

/** Native dialogs parented to whatever `parent()` returns (the main window, when there is one). */
export function createNativeFileDialogs(parent: () => BrowserWindow | undefined): FileDialogs {
  return {
    async chooseImportFile(kind = 'contacts') {
      const options: Electron.OpenDialogOptions =
        kind === 'backup'
          ? {
              title: 'Restore from a backup',
              buttonLabel: 'Choose',
              properties: ['openFile'],
              filters: [{ name: 'Database backup', extensions: ['db', 'sqlite', 'sqlite3', 'hoiio-backup'] }],
            }
          : {
              title: 'Import contacts',
              buttonLabel: 'Import',
              properties: ['openFile'],
              filters: [
                { name: 'Contacts (vCard or CSV)', extensions: [...VCARD_FILTER.extensions, ...CSV_FILTER.extensions] },
                VCARD_FILTER,
                CSV_FILTER,
              ],
            };
      const window = parent();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseExportFile(kind, suggestedName) {
      const filter = EXPORT_FILTERS[kind];
      const options: Electron.SaveDialogOptions = {
        title: kind === 'call-log-csv' ? 'Export the call log' : 'Export contacts',
        buttonLabel: 'Export',
        defaultPath: path.join(app.getPath('documents'), path.basename(suggestedName)),
        filters: [filter],
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      };
      const window = parent();
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return null;
      // Some Linux dialogs leave the extension off; add it unless that names a file the dialog did not ask about.
      const withExtension = `${result.filePath}.${filter.extensions[0]}`;
      return path.extname(result.filePath) === '' && !existsSync(withExtension) ? withExtension : result.filePath;
    },
  };
}
