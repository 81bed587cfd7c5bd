import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import { NOTE_MAX_LENGTH, type CallNote, type NoteConflictDetails } from '../../../shared/history.ts';
import { AppError } from '../../../shared/errors.ts';
import { cleanUserText } from '../../../shared/user-text.ts';
import { useLeaveGuard, type LeaveGuard } from '../app/leave-guard.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { TextLimitCount, TextTooLong } from '../components/TextLimit.tsx';
import { queryKey, useHoiioMutation, useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import styles from './note-editor.module.css';

type Status = 'idle' | 'saving' | 'saved' | 'removed';

/**
 * The user's note on a call, live or ended (contract `notes.get` / `notes.set`): the note's text
 * with "Edit note", or "Add note"; either opens the textbox "Note", which saves only when the user
 * says so: Enter (Shift+Enter for a new line) or Save. Escape or Cancel leaves without saving;
 * leaving the field (a click elsewhere) keeps the draft open, unsaved. While the draft differs from
 * the saved note, closing the drawer or leaving the view asks first (Keep editing / Discard
 * changes), as the contact form does (app/leave-guard.ts). Emptying it deletes the note. "Note
 * saved" shows once main has stored it; a failure keeps the text open with the reason.
 * `compact`: one line and small buttons, for a row or a call card.
 */
export function NoteEditor({ callId, compact = false }: { callId: string; compact?: boolean }) {
  const { t, error: word } = useFormat();
  const id = useId();
  const queryClient = useQueryClient();
  const note = useHoiioQuery('notes', 'get', { callId });
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [status, setStatus] = useState<Status>('idle');
  // The note's revision the draft started from (null: there was none): saves are made against it, so a
  // note changed meanwhile in another window is never written over silently.
  const [base, setBase] = useState<CallNote | null>(null);
  const fieldRef = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const save = useHoiioMutation('notes', 'set', {
    onSuccess: (saved, input) => {
      queryClient.setQueryData(queryKey('notes', 'get', { callId: input.callId }), saved);
      setStatus(saved ? 'saved' : 'removed');
      setEditing(false);
    },
    onError: () => setStatus('idle'),
  });
  const body = note.data?.body ?? '';
  // A save refused because the note changed elsewhere: the newer note, to keep ours over it or take it.
  const conflict =
    save.error instanceof AppError && save.error.code === 'conflict' && save.error.details
      ? (save.error.details as unknown as NoteConflictDetails)
      : null;
  // The note changed elsewhere while the editor is open: an untouched draft follows it; a typed one is kept
  // (its save is then refused with the newer text to choose from).
  const stored = note.data ?? null;
  const [followed, setFollowed] = useState(false);
  if (editing && (stored?.updatedAt ?? null) !== (base?.updatedAt ?? null) && !save.isPending && !conflict) {
    if (cleanUserText(draft) === (base?.body ?? '')) {
      setDraft(stored?.body ?? '');
      setBase(stored);
      setFollowed(true);
    }
  }
  // Unsaved: the draft (as the contract stores it, trimmed) is not the stored note.
  const changed = editing && cleanUserText(draft) !== body;
  // Closing or leaving with an unsaved draft: what to do if the user discards it (null: not asking).
  const [leaving, setLeaving] = useState<{ proceed: () => void } | null>(null);
  const discarded = useRef(false); // chosen: the close that follows is not asked again
  const holdLeave = useCallback<LeaveGuard>((proceed) => {
    if (discarded.current) return false;
    setLeaving({ proceed });
    return true;
  }, []);
  useLeaveGuard(changed && !save.isPending ? holdLeave : null);

  useEffect(() => {
    if (editing) fieldRef.current?.focus();
    else if (returnFocus.current) openerRef.current?.focus();
    returnFocus.current = false;
  }, [editing]);

  const open = () => {
    discarded.current = false;
    setDraft(body);
    setBase(note.data ?? null);
    setFollowed(false);
    setStatus('idle');
    save.reset();
    setEditing(true);
  };
  // Counted as the contract counts it (cleaned by the user-text rule: invisible characters removed, trimmed); no maxLength on the field,
  // so a longer paste is not cut silently: it is refused, with how much to shorten.
  const length = cleanUserText(draft).length;
  const over = length - NOTE_MAX_LENGTH;
  const commit = () => {
    if (save.isPending) return;
    if (over > 0) {
      fieldRef.current?.focus();
      return;
    }
    returnFocus.current = true;
    if (cleanUserText(draft) === body) {
      setEditing(false);
      return;
    }
    setStatus('saving');
    save.mutate({ callId, body: draft, baseUpdatedAt: base?.updatedAt ?? null });
  };
  /** After a refused save: write our text over the newer note (now our base), or take the newer note. */
  const keepMine = (current: CallNote | null) => {
    setBase(current);
    setStatus('saving');
    save.mutate({ callId, body: draft, baseUpdatedAt: current?.updatedAt ?? null });
  };
  const takeOther = (current: CallNote | null) => {
    queryClient.setQueryData(queryKey('notes', 'get', { callId }), current);
    save.reset();
    returnFocus.current = true;
    setEditing(false);
  };
  const discard = () => {
    returnFocus.current = true;
    save.reset();
    setEditing(false);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      commit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      discard();
    }
  };

  const statusText =
    status === 'saving'
      ? t('note.saving')
      : status === 'saved'
        ? t('note.saved')
        : status === 'removed'
          ? t('note.removed')
          : '';
  const field = {
    id,
    ref: fieldRef,
    value: draft,
    placeholder: t('note.placeholder'),
    'aria-describedby': `${id}-hint ${id}-count${save.error || over > 0 ? ` ${id}-error` : ''}`,
    'aria-invalid': save.error || over > 0 ? true : undefined,
    onChange: (event: { target: { value: string } }) => setDraft(event.target.value),
    onKeyDown,
  };

  return (
    <div className={`${styles.note} ${compact ? styles.compact : ''}`} data-testid="note-editor">
      {editing ? (
        <div className={styles.field}>
          <label htmlFor={id} className={compact ? 'visually-hidden' : styles.label}>
            <FormattedMessage id="note.label" />
          </label>
          {compact ? <input type="text" {...field} /> : <textarea rows={3} {...field} />}
          <span id={`${id}-hint`} className="visually-hidden">
            {t('note.hint')}
          </span>
          <TextLimitCount id={`${id}-count`} length={length} max={NOTE_MAX_LENGTH} />
          <div className="row">
            <button type="button" className={compact ? 'small primary' : 'primary'} onClick={() => commit()}>
              <FormattedMessage id="common.save" />
            </button>
            <button type="button" className={compact ? 'small' : undefined} onClick={discard}>
              <FormattedMessage id="common.cancel" />
            </button>
          </div>
        </div>
      ) : (
        <>
          {body !== '' && (
            <p className={styles.text} data-testid="note-text">
              {body}
            </p>
          )}
          <button
            ref={openerRef}
            type="button"
            className={compact ? 'small' : undefined}
            onClick={open}
            disabled={note.isPending}
          >
            <FormattedMessage id={body === '' ? 'note.add' : 'note.edit'} />
          </button>
        </>
      )}
      {editing && over > 0 ? (
        <TextTooLong
          id={`${id}-error`}
          length={length}
          max={NOTE_MAX_LENGTH}
          messageId="note.tooLong"
          testId="note-too-long"
        />
      ) : conflict && editing ? (
        <div id={`${id}-error`} role="alert" data-testid="note-conflict">
          <p className="error-text">{word(save.error)}</p>
          <p>
            {conflict.current ? (
              <>
                <FormattedMessage id="note.conflict.newer" />{' '}
                <q data-testid="note-conflict-newer">{conflict.current.body}</q>
              </>
            ) : (
              <FormattedMessage id="note.conflict.newerDeleted" />
            )}
          </p>
          <div className="row">
            <button type="button" className={compact ? 'small' : undefined} onClick={() => keepMine(conflict.current)}>
              <FormattedMessage id="note.conflict.keepMine" />
            </button>
            <button type="button" className={compact ? 'small' : undefined} onClick={() => takeOther(conflict.current)}>
              <FormattedMessage id="note.conflict.takeOther" />
            </button>
          </div>
        </div>
      ) : save.error ? (
        <p id={`${id}-error`} className="error-text" role="alert">
          {word(save.error)}
        </p>
      ) : editing && followed ? (
        <span className={`${styles.status} ok-text`} role="status">
          {t('note.updatedElsewhere')}
        </span>
      ) : (
        <span className={`${styles.status} ok-text`} role="status">
          {statusText}
        </span>
      )}
      <ConfirmDialog
        open={leaving !== null}
        label={t('contacts.discard.label')}
        question={t('note.discardQuestion')}
        confirmLabel={t('contacts.discard.confirm')}
        cancelLabel={t('contacts.discard.keep')}
        onCancel={() => {
          setLeaving(null);
          // Back in the note, where the user was typing.
          requestAnimationFrame(() => fieldRef.current?.focus());
        }}
        onConfirm={() => {
          const chosen = leaving;
          setLeaving(null);
          discarded.current = true;
          save.reset();
          setEditing(false);
          chosen?.proceed();
        }}
      />
    </div>
  );
}
