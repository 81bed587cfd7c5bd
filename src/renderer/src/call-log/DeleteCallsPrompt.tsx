import { FormattedMessage } from 'react-intl';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { StatusNotice } from '../components/StatusNotice.tsx';
import { useFormat } from '../i18n/format.ts';
import type { DeleteCalls } from './use-delete-calls.ts';

/**
 * The confirmation and the outcome line (with Undo) of `useDeleteCalls`. `onDeleted` / `onRestored`
 * let the list move focus (to the next row after a delete, to the restored row after Undo).
 */
export function DeleteCallsPrompt({
  deleting,
  onDeleted,
  onRestored,
}: {
  deleting: DeleteCalls;
  onDeleted?: () => void;
  onRestored?: (ids: string[]) => void;
}) {
  const { t } = useFormat();
  const { asking, notice } = deleting;
  return (
    <>
      <ConfirmDialog
        open={asking !== null}
        label={t('callDelete.title', { count: asking?.ids.length ?? 1 })}
        question={t(asking?.notes ? 'callDelete.questionWithNotes' : 'callDelete.question', {
          count: asking?.ids.length ?? 1,
          party: asking?.party ?? '',
          notes: asking?.notes ?? 0,
        })}
        confirmLabel={t('callDelete.confirm')}
        onCancel={deleting.cancel}
        onConfirm={() => void deleting.confirm().then((count) => count > 0 && onDeleted?.())}
      />
      <StatusNotice notice={notice} onDismiss={deleting.dismiss} testId="delete-notice">
        {notice?.undo && (
          <button
            type="button"
            disabled={deleting.busy}
            onClick={() => void deleting.undo().then((ids) => ids.length > 0 && onRestored?.(ids))}
          >
            <FormattedMessage id="callDelete.undo" />
          </button>
        )}
      </StatusNotice>
    </>
  );
}
