import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A button that asks before doing something destructive, in a native modal <dialog>
 * (focus trapped, Escape cancels). The safe choice has focus.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled,
}: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <>
      <button type="button" className="danger" onClick={() => setOpen(true)} disabled={disabled}>
        {label}
      </button>
      <dialog ref={dialogRef} onClose={() => setOpen(false)} aria-label={label}>
        <p>{question}</p>
        <div className="dialog-actions">
          <button type="button" autoFocus onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => {
              setOpen(false);
              onConfirm();
            }}
          >
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
