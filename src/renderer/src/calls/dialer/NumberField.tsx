import { useState, type KeyboardEvent, type RefObject } from 'react';
import { FormattedMessage } from 'react-intl';
import { formatPhoneNumber } from '../../../../shared/phone.ts';
import { useFormat } from '../../i18n/format.ts';
import { useExampleNumber } from './example-number.ts';
import { useSuggestions, type Suggestion } from './use-suggestions.ts';
import popup from '../../components/combo-field.module.css';
import styles from './dialer.module.css';

interface NumberFieldProps {
  readonly id: string;
  readonly inputRef: RefObject<HTMLInputElement | null>;
  readonly value: string;
  /** Typing (or the keypad) changed the text. */
  readonly onChange: (text: string) => void;
  /** A suggestion was picked (arrow keys + Enter, or a click). */
  readonly onPick: (suggestion: Suggestion) => void;
  /** Ids of the elements describing the field (the interpreted number). */
  readonly describedBy: string;
  readonly invalid: boolean;
  /** The country national numbers are read as: the placeholder is an example number of it. */
  readonly country: string;
}

/**
 * The textbox "Number to call", with suggestions from contacts and recent calls under it as you
 * type: ArrowDown/ArrowUp move through them (aria-activedescendant keeps focus in the field), Enter
 * picks the highlighted one (without one, Enter places the call), Escape closes the list.
 */
export function NumberField({ id, inputRef, value, onChange, onPick, describedBy, invalid, country }: NumberFieldProps) {
  const { t, dateTime } = useFormat();
  const example = useExampleNumber(country);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const suggestions = useSuggestions(value, open);
  const shown = open ? suggestions : [];
  const listId = `${id}-suggestions`;
  const optionId = (index: number) => `${id}-suggestion-${index}`;
  const current = active >= 0 && active < shown.length ? active : -1;

  const pick = (suggestion: Suggestion) => {
    setOpen(false);
    setActive(-1);
    onPick(suggestion);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!open) setOpen(true);
      if (shown.length === 0) return;
      event.preventDefault();
      if (event.key === 'ArrowDown') setActive(current < shown.length - 1 ? current + 1 : 0);
      else setActive(current <= 0 ? shown.length - 1 : current - 1);
    } else if (event.key === 'Enter' && current >= 0) {
      event.preventDefault();
      pick(shown[current]!);
    } else if (event.key === 'Escape' && shown.length > 0) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <div className={styles.numberField}>
      <label htmlFor={id} className={styles.fieldLabel}>
        <FormattedMessage id="dialer.number" />
      </label>
      <input
        id={id}
        ref={inputRef}
        className={styles.numberInput}
        type="tel"
        inputMode="tel"
        autoComplete="off"
        spellCheck={false}
        placeholder={example ?? t('dialer.placeholder')}
        value={value}
        // No maxLength: a longer paste is not cut silently; the number rule reads it or refuses it by name.
        onChange={(event) => {
          onChange(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        aria-autocomplete="list"
        aria-controls={shown.length > 0 ? listId : undefined}
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        aria-describedby={describedBy}
        aria-invalid={invalid}
        data-testid="dialer-number"
      />
      {shown.length > 0 && (
        <ul
          id={listId}
          role="listbox"
          aria-label={t('dialer.suggestions')}
          className={`${popup.popupSurface} ${styles.suggestions}`}
        >
          {shown.map((suggestion, index) => (
            <li
              key={suggestion.key}
              id={optionId(index)}
              role="option"
              aria-selected={index === current}
              className={styles.suggestion}
              // Keep focus in the field: the click must not blur it first.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(suggestion)}
            >
              <span className={styles.suggestionName}>{suggestion.name ?? formatPhoneNumber(suggestion.e164)}</span>
              <span className={styles.suggestionDetail}>
                {suggestion.name && <span>{formatPhoneNumber(suggestion.e164)}</span>}
                {suggestion.placedAt && (
                  <span>{t('dialer.suggestion.recent', { date: dateTime(suggestion.placedAt) })}</span>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
