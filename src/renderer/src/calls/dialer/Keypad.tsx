import { memo, type KeyboardEvent } from 'react';
import { useIntl } from 'react-intl';
import styles from './dialer.module.css';

/** The phone keypad (ITU-T E.161 letters under the digits). */
const KEYS: readonly (readonly [key: string, letters: string])[] = [
  ['1', ''],
  ['2', 'ABC'],
  ['3', 'DEF'],
  ['4', 'GHI'],
  ['5', 'JKL'],
  ['6', 'MNO'],
  ['7', 'PQRS'],
  ['8', 'TUV'],
  ['9', 'WXYZ'],
  ['*', ''],
  ['0', ''],
  ['#', ''],
];
const PLUS = '+';
/** Characters the keyboard can type on the keypad. */
const TYPED = /^[0-9*#+]$/;

interface KeypadProps {
  /** A key was pressed (clicked, or typed while the keypad has focus): "0"–"9", "*", "#" or "+". */
  readonly onKey: (key: string) => void;
  /** Backspace or the delete key. */
  readonly onDelete: () => void;
}

/**
 * The on-screen keypad: each key adds its character to the number; while a key has focus the
 * keyboard works too (digits, *, #, +, Backspace), so it can be used with either.
 */
export const Keypad = memo(function Keypad({ onKey, onDelete }: KeypadProps) {
  const intl = useIntl();
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (TYPED.test(event.key)) {
      event.preventDefault();
      onKey(event.key);
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      onDelete();
    }
  };
  return (
    <div
      role="group"
      aria-label={intl.formatMessage({ id: 'dialer.keypad' })}
      className={styles.keypad}
      onKeyDown={onKeyDown}
      data-testid="dialer-keypad"
    >
      {KEYS.map(([key, letters]) => (
        <button key={key} type="button" className={styles.key} onClick={() => onKey(key)}>
          <span className={styles.keyDigit}>{key}</span>
          {/* The letters are decoration: a screen reader says the digit. */}
          {letters && (
            <span className={styles.keyLetters} aria-hidden="true">
              {letters}
            </span>
          )}
        </button>
      ))}
      <button type="button" className={styles.key} onClick={() => onKey('+')}>
        <span className={styles.keyDigit}>{PLUS}</span>
      </button>
      <button type="button" className={`${styles.key} ${styles.keyWide}`} onClick={onDelete}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            d="M9 5h11a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H9l-6-7zM12 9l6 6M18 9l-6 6"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
          />
        </svg>
        <span className={styles.keyLetters}>{intl.formatMessage({ id: 'dialer.keypad.delete' })}</span>
      </button>
    </div>
  );
});
