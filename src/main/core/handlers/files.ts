import type { CoreApi } from '../../../shared/contract.ts';
import { AppError } from '../../../shared/errors.ts';
import { NO_FILE_DIALOGS_MESSAGE, type FileDialogs } from '../file-dialogs.ts';

/** `files.*`: the shell's native file dialogs, or 'unsupported' without them (the browser host). */
export function filesHandlers(dialogs: FileDialogs | undefined): CoreApi['files'] {
  const required = (): FileDialogs => {
    if (!dialogs) throw new AppError('unsupported', NO_FILE_DIALOGS_MESSAGE);
    return dialogs;
  };
  const chosen = (filePath: string | null) => (filePath === null ? null : { path: filePath });
  return {
    chooseImportFile: async (input) => chosen(await required().chooseImportFile(input?.kind ?? 'contacts')),
    chooseExportFile: async ({ kind, suggestedName }) => chosen(await required().chooseExportFile(kind, suggestedName)),
  };
}
