import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { useHoiioMutation, useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import type { ImportUndoPreview } from '../../../shared/import-export.ts';
import styles from './io.module.css';

/**
 * "Undo this import" for the last import (importExport.lastImport / undoImport): says what it
 * would do (how many contacts it added are deleted, how many it merged into get their previous
 * details back) and asks before doing it. When a contact the import touched was edited since, it
 * says which and offers no undo (the core refuses too, so no edit is lost). Hidden when there is
 * no import to undo.
 *
 * `justImported`: the undo an import just reported (ImportReport.undo), shown under its report in
 * place of the cached lastImport (which still names the import before it until it is read again);
 * its line then says only that this import can be undone (the report above gives its figures).
 */
export function UndoImport({ justImported }: { justImported?: ImportUndoPreview } = {}) {
  const { t, error: word, dateTime } = useFormat();
  const last = useHoiioQuery('importExport', 'lastImport');
  const undo = useHoiioMutation('importExport', 'undoImport');
  const [confirming, setConfirming] = useState(false);

  if (undo.isSuccess) {
    return (
      <p role="status" className={styles.undo} data-testid="import-undone">
        <FormattedMessage
          id="import.undo.done"
          values={{ removed: undo.data.removed, restored: undo.data.restored, file: undo.data.fileName }}
        />
      </p>
    );
  }
  // The cached lastImport only once it is this import's (it then also counts later edits).
  const preview = justImported
    ? last.data?.importedAt === justImported.importedAt && last.data.fileName === justImported.fileName
      ? last.data
      : justImported
    : last.data;
  if (!preview) return null;
  const values = {
    file: preview.fileName,
    when: dateTime(preview.importedAt),
    added: preview.added,
    merged: preview.merged,
  };
  return (
    <div className={styles.undo} data-testid="import-undo">
      <p>
        {justImported ? (
          <FormattedMessage id="import.undo.this" />
        ) : (
          <FormattedMessage id="import.undo.last" values={values} />
        )}
      </p>
      {preview.editedCount > 0 ? (
        <p className="muted" data-testid="import-undo-blocked">
          <FormattedMessage
            id="import.undo.blocked"
            values={{ count: preview.editedCount, names: preview.editedNames.join(', ') }}
          />
        </p>
      ) : (
        <button type="button" onClick={() => setConfirming(true)} disabled={undo.isPending}>
          <FormattedMessage id="import.undo.button" />
        </button>
      )}
      {undo.isError && (
        <p className="error-text" role="alert">
          {word(undo.error)}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        label={t('import.undo.button')}
        question={t('import.undo.question', {
          ...values,
          // Plain numbers: the message's plural `#` formats them (a pre-formatted "3,000" reads as NaN).
          added: preview.added,
          merged: preview.merged,
        })}
        confirmLabel={t('import.undo.confirm')}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          undo.mutate(undefined);
        }}
      />
    </div>
  );
}
