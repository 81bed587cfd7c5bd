import { useTextLimit, withTextLimit } from '../components/TextLimit.tsx';
import { useId, useState } from 'react';
import type { AppInfo } from '../../../shared/contract.ts';
import { FILE_PATH_MAX_LENGTH, type ExportFileKind } from '../../../shared/import-export.ts';
import { FormattedMessage } from 'react-intl';
import { useBridge } from '../bridge-context.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { describedBy, useFormFieldErrors } from '../components/use-field-errors.tsx';
import { useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import styles from './io.module.css';

/** A file the user chose; `replaceConfirmed` when a native save dialog already asked about replacing it. */
export interface ChosenPath {
  readonly path: string;
  readonly replaceConfirmed: boolean;
}

interface ChooserProps {
  purpose: PathPurpose;
  value: ChosenPath | null;
  onChange: (value: ChosenPath | null) => void;
}

export type PathPurpose =
  /** `backup`: a whole-database backup to restore (Settings → History); default contacts (vCard or CSV). */
  | { readonly action: 'import'; readonly kind?: 'contacts' | 'backup' }
  | { readonly action: 'export'; readonly kind: ExportFileKind; readonly suggestedName: string };

/**
 * The file field of an import or export form (two cells of a .form-grid): the native dialog in
 * the Electron app, a path typed as text in the browser host (which cannot open dialogs).
 */
export function PathChooser({ purpose, value, onChange }: ChooserProps) {
  const { t } = useFormat();
  const info = useHoiioQuery('app', 'getInfo');
  return (
    <QueryView query={info} label={t('io.fileChoices')}>
      {(app) =>
        app.shell === 'electron' ? (
          <DialogChooser purpose={purpose} value={value} onChange={onChange} />
        ) : (
          <TypedPath purpose={purpose} platform={app.platform} value={value} onChange={onChange} />
        )
      }
    </QueryView>
  );
}

function DialogChooser({ purpose, value, onChange }: ChooserProps) {
  const hoiio = useBridge();
  const { t, error: word } = useFormat();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  // The form's refusal of the chosen file (field `path`), beside the button that chose it.
  const { fieldProps, errorFor, markEdited } = useFormFieldErrors();
  const refused = fieldProps(PATH_FIELD);
  const choose = async () => {
    setError(null);
    try {
      const chosen =
        purpose.action === 'import'
          ? await hoiio.files.chooseImportFile({ kind: purpose.kind ?? 'contacts' })
          : await hoiio.files.chooseExportFile({ kind: purpose.kind, suggestedName: purpose.suggestedName });
      // Cancelling the dialog keeps the previous choice.
      if (chosen) {
        onChange({ path: chosen.path, replaceConfirmed: purpose.action === 'export' });
        markEdited(PATH_FIELD); // a file chosen again: the refusal of the last one is no longer shown
      }
    } catch (failure) {
      setError(word(failure));
    }
  };
  return (
    <>
      <span id={`${id}-label`}>{t(fileLabel(purpose))}</span>
      <div>
        <div className={`row ${styles.pathRow}`}>
          <button
            type="button"
            name={refused.name}
            onClick={() => void choose()}
            aria-invalid={refused['aria-invalid']}
            aria-describedby={describedBy(`${id}-label`, `${id}-path`, refused['aria-describedby'])}
          >
            <FormattedMessage id={purpose.action === 'import' ? 'io.chooseFile' : 'io.chooseSave'} />
          </button>
          <span id={`${id}-path`} className={value ? 'mono' : 'muted'} data-testid="chosen-path">
            {value ? value.path : t('io.noFile')}
          </span>
        </div>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        {errorFor(PATH_FIELD)}
      </div>
    </>
  );
}

function TypedPath({ purpose, platform, value, onChange }: ChooserProps & { platform: AppInfo['platform'] }) {
  const { t } = useFormat();
  const id = useId();
  const { fieldProps, errorFor } = useFormFieldErrors();
  const refused = fieldProps(PATH_FIELD);
  const folder = exampleFolder(platform);
  const backup = purpose.action === 'import' && purpose.kind === 'backup';
  const example =
    folder + (purpose.action === 'import' ? (backup ? 'hoiio-backup.db' : 'contacts.vcf') : purpose.suggestedName);
  const hint = t(
    backup ? 'history.restore.pathHint' : purpose.action === 'import' ? 'io.importPathHint' : 'io.exportPathHint',
    { example },
  );
  // The contract's path limit, refused beside the field rather than cut (AbsoluteFilePathSchema).
  const pathLimit = useTextLimit({ id, length: value?.path.length ?? 0, max: FILE_PATH_MAX_LENGTH });
  return (
    <>
      <label htmlFor={id}>{t(fileLabel(purpose))}</label>
      <div>
        <input
          id={id}
          {...withTextLimit(
            { ...refused, 'aria-describedby': describedBy(refused['aria-describedby'], `${id}-hint`) },
            pathLimit,
          )}
          type="text"
          className={`mono ${styles.pathInput}`}
          value={value?.path ?? ''}
          onChange={(event) =>
            onChange(event.target.value === '' ? null : { path: event.target.value, replaceConfirmed: false })
          }
          placeholder={example}
          spellCheck={false}
          autoComplete="off"
        />
        {errorFor(PATH_FIELD)}
        {pathLimit.notes}
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      </div>
    </>
  );
}

/** The file's field in every import, export, backup and restore request (the core reports problems under it). */
const PATH_FIELD = 'path';

function fileLabel(purpose: PathPurpose): string {
  if (purpose.action === 'export') return 'io.saveAs';
  return purpose.kind === 'backup' ? 'history.restore.file' : 'io.fileToImport';
}

function exampleFolder(platform: string): string {
  if (platform === 'win32') return 'C:\\Users\\you\\Documents\\';
  if (platform === 'darwin') return '/Users/you/Documents/';
  return '/home/you/Documents/';
}
