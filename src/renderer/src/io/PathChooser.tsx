import { useId, useState } from 'react';
import type { AppInfo } from '../../../shared/contract.ts';
import type { ExportFileKind } from '../../../shared/import-export.ts';
import { useBridge } from '../bridge-context.tsx';
import { AsyncView } from '../components/AsyncView.tsx';
import { errorMessage, useAsync } from '../use-async.ts';

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
  | { readonly action: 'import' }
  | { readonly action: 'export'; readonly kind: ExportFileKind; readonly suggestedName: string };

/**
 * The file field of an import or export form (two cells of a .form-grid): the native dialog in
 * the Electron app, a path typed as text in the browser host (which cannot open dialogs).
 */
export function PathChooser({ purpose, value, onChange }: ChooserProps) {
  const hoiio = useBridge();
  const [info, reload] = useAsync(() => hoiio.app.getInfo(), [hoiio]);
  return (
    <AsyncView state={info} retry={reload} label="file choices">
      {(app) =>
        app.shell === 'electron' ? (
          <DialogChooser purpose={purpose} value={value} onChange={onChange} />
        ) : (
          <TypedPath purpose={purpose} platform={app.platform} value={value} onChange={onChange} />
        )
      }
    </AsyncView>
  );
}

function DialogChooser({ purpose, value, onChange }: ChooserProps) {
  const hoiio = useBridge();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const choose = async () => {
    setError(null);
    try {
      const chosen =
        purpose.action === 'import'
          ? await hoiio.files.chooseImportFile()
          : await hoiio.files.chooseExportFile({ kind: purpose.kind, suggestedName: purpose.suggestedName });
      // Cancelling the dialog keeps the previous choice.
      if (chosen) onChange({ path: chosen.path, replaceConfirmed: purpose.action === 'export' });
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <>
      <span id={`${id}-label`}>{purpose.action === 'import' ? 'File to import' : 'Save as'}</span>
      <div>
        <div className="row path-row">
          <button type="button" onClick={() => void choose()} aria-describedby={`${id}-label ${id}-path`}>
            {purpose.action === 'import' ? 'Choose file…' : 'Choose where to save…'}
          </button>
          <span id={`${id}-path`} className={value ? 'mono path-text' : 'muted'} data-testid="chosen-path">
            {value ? value.path : 'No file chosen'}
          </span>
        </div>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
      </div>
    </>
  );
}

function TypedPath({ purpose, platform, value, onChange }: ChooserProps & { platform: AppInfo['platform'] }) {
  const id = useId();
  const folder = exampleFolder(platform);
  const hint =
    purpose.action === 'import'
      ? `The full path of a vCard (.vcf, .vcard) or CSV (.csv) file on this computer, such as ${folder}contacts.vcf.`
      : `The full path of the file to write, such as ${folder}${purpose.suggestedName}. ` +
        'Not inside the app’s data folder.';
  return (
    <>
      <label htmlFor={id}>{purpose.action === 'import' ? 'File to import' : 'Save as'}</label>
      <div>
        <input
          id={id}
          type="text"
          className="mono"
          value={value?.path ?? ''}
          onChange={(event) =>
            onChange(event.target.value === '' ? null : { path: event.target.value, replaceConfirmed: false })
          }
          placeholder={purpose.action === 'import' ? `${folder}contacts.vcf` : `${folder}${purpose.suggestedName}`}
          aria-describedby={`${id}-hint`}
          spellCheck={false}
          autoComplete="off"
          maxLength={4096}
        />
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      </div>
    </>
  );
}

function exampleFolder(platform: string): string {
  if (platform === 'win32') return 'C:\\Users\\you\\Documents\\';
  if (platform === 'darwin') return '/Users/you/Documents/';
  return '/home/you/Documents/';
}
