import { useEffect, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import styles from './App.module.css';

/** True when a key press is typing into a field, not a command. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** The keyboard shortcuts, in a modal sheet opened with `?` (or its button) and closed with Escape. */
export function ShortcutSheet({ views }: { views: ReadonlyArray<{ label: string; shortcut: string }> }) {
  const intl = useIntl();
  const [open, setOpen] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (open && dialog && !dialog.open) dialog.showModal();
    if (!open && dialog?.open) dialog.close();
  }, [open]);

  const rows: Array<[string, string]> = [
    ...views.map((view): [string, string] => [
      intl.formatMessage({ id: 'shortcuts.ctrl' }, { key: view.shortcut }),
      intl.formatMessage({ id: 'shortcuts.openView' }, { view: intl.formatMessage({ id: view.label }) }),
    ]),
    ['?', intl.formatMessage({ id: 'shortcuts.showSheet' })],
    [intl.formatMessage({ id: 'shortcuts.escapeKey' }), intl.formatMessage({ id: 'shortcuts.escape' })],
    [intl.formatMessage({ id: 'shortcuts.enterKey' }), intl.formatMessage({ id: 'shortcuts.enter' })],
  ];
  return (
    <>
      <button type="button" className={styles.shortcutButton} onClick={() => setOpen(true)} aria-keyshortcuts="?">
        <FormattedMessage id="shortcuts.button" />
      </button>
      <dialog
        ref={dialogRef}
        aria-labelledby="shortcut-sheet-title"
        onClose={() => setOpen(false)}
        className={styles.sheet}
      >
        <h2 id="shortcut-sheet-title">
          <FormattedMessage id="shortcuts.title" />
        </h2>
        <table className={styles.shortcutTable}>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="shortcuts.keys" />
              </th>
              <th scope="col">
                <FormattedMessage id="shortcuts.action" />
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([keys, action]) => (
              <tr key={keys}>
                <td>
                  <kbd>{keys}</kbd>
                </td>
                <td>{action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="dialog-actions">
          <button type="button" autoFocus onClick={() => setOpen(false)}>
            <FormattedMessage id="common.close" />
          </button>
        </div>
      </dialog>
    </>
  );
}
