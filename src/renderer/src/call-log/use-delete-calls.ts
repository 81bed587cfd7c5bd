import { useCallback, useState } from 'react';
import { useStatusNotice, type StatusNoticeText } from '../components/StatusNotice.tsx';
import { useHoiioMutation } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';

/** What the last delete said: worded text, and whether Undo is offered. */
export interface DeleteNotice extends StatusNoticeText {
  readonly undo: boolean;
}

export interface DeleteCalls {
  /**
   * The calls waiting for the user to confirm, how the question names them (one call: its party),
   * and how many of them have a note (the question mentions notes only then).
   */
  readonly asking: { readonly ids: readonly string[]; readonly party: string | null; readonly notes: number } | null;
  /** Asks to delete `ids` (a call or a selection); `party` names a single call; `notes`: how many have a note. */
  ask(ids: readonly string[], party?: string | null, notes?: number): void;
  cancel(): void;
  /** Deletes what was asked; resolves with the deleted count (0 on failure, worded in `notice`). */
  confirm(): Promise<number>;
  /** Brings the last deleted calls back with their notes; resolves with their ids. */
  undo(): Promise<string[]>;
  readonly notice: DeleteNotice | null;
  dismiss(): void;
  readonly busy: boolean;
}

/**
 * Deleting calls from the log with a confirmation and Undo (contract `callLog.delete` /
 * `callLog.undoDelete`): for a row's Delete, the details drawer and a selection. The lists reload
 * through the `callLogChanged` push event. Render `DeleteCallsPrompt` with the returned value.
 */
export function useDeleteCalls(): DeleteCalls {
  const { t, error: word } = useFormat();
  const [asking, setAsking] = useState<DeleteCalls['asking']>(null);
  const { notice, show: setNotice, clear: dismiss } = useStatusNotice<DeleteNotice>();
  const remove = useHoiioMutation('callLog', 'delete');
  const restore = useHoiioMutation('callLog', 'undoDelete');
  const { mutateAsync: removeAsync } = remove;
  const { mutateAsync: restoreAsync } = restore;

  const ask = useCallback((ids: readonly string[], party: string | null = null, notes = 0) => {
    if (ids.length > 0) setAsking({ ids, party, notes });
  }, []);
  const cancel = useCallback(() => setAsking(null), []);
  const confirm = useCallback(async () => {
    if (!asking) return 0;
    setAsking(null);
    try {
      const result = await removeAsync({ ids: [...asking.ids] });
      setNotice({ text: t('callDelete.deleted', { count: result.deleted }), undo: result.undoable, kind: 'ok' });
      return result.deleted;
    } catch (failure) {
      setNotice({ text: word(failure), undo: false, kind: 'error' });
      return 0;
    }
  }, [asking, removeAsync, t, word, setNotice]);
  const undo = useCallback(async () => {
    try {
      const { restored } = await restoreAsync(undefined);
      setNotice({ text: t('callDelete.restored', { count: restored.length }), undo: false, kind: 'ok' });
      return restored;
    } catch (failure) {
      setNotice({ text: word(failure), undo: false, kind: 'error' });
      return [];
    }
  }, [restoreAsync, t, word, setNotice]);

  return { asking, ask, cancel, confirm, undo, notice, dismiss, busy: remove.isPending || restore.isPending };
}
