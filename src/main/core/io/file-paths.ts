import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
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
      throw fileProblem('invalid_input', 'file.inDataFolder', { path: chosen, folder: dataDir });
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
          throw fileProblem('invalid_input', 'file.brokenLink', { path: chosen });
        }
        if (linked !== target) {
          refuseProtected(chosen, linked);
          checkName(chosen, linked, extensions, 'export');
        }
        if (statOrNull(linked)?.isDirectory()) {
          throw fileProblem('invalid_input', 'file.folderNotName', { path: chosen });
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
    throw fileProblem('invalid_input', 'file.notAbsoluteHere', { path: candidate });
  }
  return path.normalize(candidate);
}

/**
 * `file` is checked (the chosen path or where it really leads); messages name the chosen one and,
 * for a file read, what it should be (`kind`: a contacts file to import or a backup to restore).
 * Throws AppError 'invalid_input' with a catalogue key (`file.hidden`, `file.colonInName`,
 * `file.wrongExtension`, `file.wrongSaveExtension`) at the `path` field.
 */
function checkName(
  chosen: string,
  file: string,
  extensions: readonly string[],
  action: 'import' | 'export',
  kind: 'contacts' | 'backup' = 'contacts',
): void {
  const name = path.basename(file);
  // The file a link leads to, named when it is not the chosen one (`none` otherwise).
  const leadsTo = file === chosen ? 'none' : name;
  if (name.startsWith('.')) {
    throw fileProblem('invalid_input', 'file.hidden', { path: chosen, leadsTo, action });
  }
  // A colon in a Windows file name addresses an alternate data stream of another file.
  if (process.platform === 'win32' && name.includes(':')) {
    throw fileProblem('invalid_input', 'file.colonInName', { path: chosen });
  }
  const extension = path.extname(name).toLowerCase();
  if (!extensions.includes(extension)) {
    // ".vcf, .vcard" and ".csv" read as ".vcf, .vcard or .csv" (`others` is `none` for one extension).
    const others = extensions.slice(0, -1).join(', ') || 'none';
    const last = extensions.at(-1) ?? '';
    throw action === 'import'
      ? fileProblem('invalid_input', 'file.wrongExtension', { path: chosen, leadsTo, others, last, kind })
      : fileProblem('invalid_input', 'file.wrongSaveExtension', { path: chosen, leadsTo, others, last });
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
