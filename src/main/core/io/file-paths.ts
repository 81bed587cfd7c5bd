import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { fileProblem, fileSystemError } from './file-errors.ts';
import { fileExists } from './atomic-file.ts';
import { BACKUP_EXTENSIONS } from '../../../shared/history.ts';

/**
 * Which files the renderer may have main read (import) or write (export). The path comes from
 * the renderer (a native file dialog in Electron, typed by the user in the browser host), so
 * main treats it as untrusted: a compromised renderer must not get a tool that overwrites the
 * app's own database or settings, drops dotfiles, or reads arbitrary files into an import report.
 *
 * Rules, checked on the path as chosen AND on its real path (symlinks resolved), so a link cannot
 * smuggle a file past them:
 * - never inside the app's data folder (database, settings, logs);
 * - never a file whose name starts with "." (dotfiles, our own temporary files);
 * - the extension matches the format (.vcf/.vcard or .csv to import; .vcf or .csv to export).
 */

export const IMPORT_EXTENSIONS = {
  vcard: ['.vcf', '.vcard'],
  csv: ['.csv'],
  auto: ['.vcf', '.vcard', '.csv'],
  /** A whole-database backup to restore (Settings → History). */
  backup: BACKUP_EXTENSIONS,
} as const satisfies Record<'auto' | 'vcard' | 'csv' | 'backup', readonly string[]>;

export const EXPORT_EXTENSIONS = {
  vcard: ['.vcf'],
  csv: ['.csv'],
} as const satisfies Record<'vcard' | 'csv', readonly string[]>;

/** Paths on these systems are compared without regard to case (their default file systems ignore it). */
const CASE_INSENSITIVE = process.platform === 'win32' || process.platform === 'darwin';

export interface FileGuard {
  /** The real path of a file to import, after every check; throws AppError otherwise. */
  importFile(candidate: string, format: keyof typeof IMPORT_EXTENSIONS): string;
  /**
   * The real path to write an export to (real parent folder + the chosen file name), after every
   * check. An existing file is refused with 'conflict' unless `overwrite`.
   */
  exportFile(candidate: string, extensions: readonly string[], overwrite: boolean): string;
}

/** `dataDir`: the app's data folder; nothing inside it can be imported or exported to. */
export function createFileGuard(dataDir: string): FileGuard {
  const protectedFolders = [...new Set([path.resolve(dataDir), realPathOr(path.resolve(dataDir))])];
  const refuseProtected = (chosen: string, real: string): void => {
    if (protectedFolders.some((folder) => isInside(real, folder) || isInside(chosen, folder))) {
      throw new AppError(
        'invalid_input',
        `${chosen} is in the app's own data folder (${dataDir}), which holds the contact database and settings. ` +
          'Choose a file in another folder, such as Documents.',
      );
    }
  };

  return {
    importFile(candidate, format) {
      const chosen = absolutePath(candidate);
      const extensions = IMPORT_EXTENSIONS[format];
      const kind = format === 'backup' ? 'backup' : 'contacts';
      checkName(chosen, chosen, extensions, 'import', kind);
      let real: string;
      try {
        real = realpathSync.native(chosen);
      } catch (error) {
        throw fileSystemError(error, chosen, 'read');
      }
      refuseProtected(chosen, real);
      checkName(chosen, real, extensions, 'import', kind);
      return real;
    },

    exportFile(candidate, extensions, overwrite) {
      const chosen = absolutePath(candidate);
      checkName(chosen, chosen, extensions, 'export');
      const folder = path.dirname(chosen);
      let realFolder: string;
      try {
        realFolder = realpathSync.native(folder);
      } catch {
        throw fileProblem('invalid_input', 'file.folderNotFound', { path: folder });
      }
      const target = path.join(realFolder, path.basename(chosen));
      refuseProtected(chosen, target);
      const existing = lstatOrNull(target);
      if (existing) {
        // A rename replaces a link itself, not what it points to; a link into the data folder
        // (or to a dotfile) is refused all the same, since that is the file the user sees.
        const linked = existing.isSymbolicLink() ? realPathOr(target) : target;
        if (existing.isSymbolicLink() && linked === target) {
          throw new AppError(
            'invalid_input',
            `${chosen} is a link to a file that does not exist: choose another name.`,
          );
        }
        if (linked !== target) {
          refuseProtected(chosen, linked);
          checkName(chosen, linked, extensions, 'export');
        }
        if (statOrNull(linked)?.isDirectory()) {
          throw new AppError('invalid_input', `${chosen} is a folder: choose a file name.`);
        }
        if (!overwrite) throw fileExists(chosen);
      }
      return target;
    },
  };
}

/** The contract accepts Windows and POSIX forms; this machine must see it as absolute too. */
function absolutePath(candidate: string): string {
  if (!path.isAbsolute(candidate)) {
    throw new AppError(
      'invalid_input',
      `"${candidate}" is not an absolute path on this computer: choose the file again.`,
    );
  }
  return path.normalize(candidate);
}

/**
 * `file` is checked (the chosen path or where it really leads); messages name the chosen one and,
 * for a file read, what it should be (`kind`: a contacts file to import or a backup to restore).
 */
function checkName(
  chosen: string,
  file: string,
  extensions: readonly string[],
  action: 'import' | 'export',
  kind: 'contacts' | 'backup' = 'contacts',
): void {
  const name = path.basename(file);
  const via = file === chosen ? '' : ` (it leads to ${name})`;
  if (name.startsWith('.')) {
    throw new AppError(
      'invalid_input',
      `${chosen}${via} is a hidden file (its name starts with "."), which the app does not ${action}. ` +
        'Choose a file whose name does not start with ".".',
    );
  }
  // A colon in a Windows file name addresses an alternate data stream of another file.
  if (process.platform === 'win32' && name.includes(':')) {
    throw new AppError('invalid_input', `${chosen} is not a valid file name: choose a name without ":".`);
  }
  const extension = path.extname(name).toLowerCase();
  if (!extensions.includes(extension)) {
    const expected = extensions.join(' or ');
    throw new AppError(
      'invalid_input',
      action === 'import'
        ? `${chosen}${via} is not a ${expected} file. Choose a ${kind === 'backup' ? 'backup' : 'contacts'} file ending in ${expected}.`
        : `${chosen}${via} does not end in ${expected}. Choose a file name ending in ${expected} for this format.`,
    );
  }
}

function isInside(file: string, folder: string): boolean {
  const relative = CASE_INSENSITIVE
    ? path.relative(folder.toLowerCase(), file.toLowerCase())
    : path.relative(folder, file);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function realPathOr(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
  }
}

function lstatOrNull(file: string): Stats | null {
  try {
    return lstatSync(file, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}
