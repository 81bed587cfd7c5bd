import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect, useRef, type MouseEvent, type ReactNode, type SyntheticEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import { leaveIsHeld } from '../app/leave-guard.ts';
import { QueryView } from '../components/QueryView.tsx';
import { useFormat } from '../i18n/format.ts';
import styles from './call-log.module.css';

/**
 * The drawer a call's details open in (CallDetails, TeamCallDetails): a modal <dialog> shown on
 * mount, so focus stays inside and Escape closes it, and focus goes back to the opener on unmount.
 * While `query` loads it shows the spinner (or the error with Try again); then a header with the
 * title "Call with {party}" (`titleId` names the dialog) and Close, followed by `children`.
 * `onClose`: the dialog closed (Escape, Close or a click outside it). Closing is a leave
 * (app/leave-guard.ts): with an unsaved note in the drawer it asks first and stays open until the
 * user discards. `attributes`: the dialog's test id and the data attributes that name its call.
 */
export function CallDrawer<T>({
  query,
  titleId,
  party,
  attributes,
  onClose,
  children,
}: {
  query: UseQueryResult<T>;
  titleId: string;
  party: (value: T) => string;
  attributes: { 'data-testid': string } & Record<`data-${string}`, string>;
  onClose: () => void;
  children: (value: T) => ReactNode;
}) {
  const { t } = useFormat();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const close = () => dialogRef.current?.close();
  const askClose = () => {
    if (!leaveIsHeld(close)) close();
  };
  // Escape on the drawer (not in the note, which discards its draft itself).
  // React passes a nested dialog's cancel and close (the note's "Discard changes?") up to this
  // one's handlers: only the drawer's own count.
  const onCancel = (event: SyntheticEvent) => {
    if (event.target === event.currentTarget && leaveIsHeld(close)) event.preventDefault();
  };
  // A click on the backdrop lands on the <dialog> itself, outside its box.
  const onBackdropClick = (event: MouseEvent<HTMLDialogElement>) => {
    if (event.target !== event.currentTarget) return;
    const box = event.currentTarget.getBoundingClientRect();
    const inside =
      event.clientX >= box.left &&
      event.clientX <= box.right &&
      event.clientY >= box.top &&
      event.clientY <= box.bottom;
    if (!inside) askClose();
  };
  useEffect(() => {
    opener.current = document.activeElement;
    dialogRef.current?.showModal();
    return () => {
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    };
  }, []);
  return (
    <dialog
      ref={dialogRef}
      className={styles.drawer}
      aria-labelledby={titleId}
      onClose={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      onCancel={onCancel}
      onClick={onBackdropClick}
      {...attributes}
    >
      <QueryView query={query} label={t('callLog.details.loadingLabel')}>
        {(value) => (
          <>
            <header className={styles.drawerHeader}>
              <h2 id={titleId}>
                <FormattedMessage id="callLog.details.title" values={{ party: party(value) }} />
              </h2>
              <button type="button" className="small" onClick={askClose}>
                <FormattedMessage id="common.close" />
              </button>
            </header>
            {children(value)}
          </>
        )}
      </QueryView>
    </dialog>
  );
}
