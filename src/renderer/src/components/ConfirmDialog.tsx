import { useEffect, useRef, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

/**
 * Asks before doing something destructive, in a native modal <dialog> (focus trapped, Escape
 * cancels). The safe choice has focus.
 */
export function ConfirmDialog({
  open,
  label,
  question,
  confirmLabel,
  cancelLabel,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  label: string;
  question: ReactNode;
  confirmLabel: string;
  /** The safe choice's words (default: Cancel). */
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={dialogRef}
      onClose={() => {
        if (open) onCancel();
      }}
      aria-label={label}
    >
      <p>{question}</p>
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={onCancel}>
          {cancelLabel ?? <FormattedMessage id="common.cancel" />}
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
