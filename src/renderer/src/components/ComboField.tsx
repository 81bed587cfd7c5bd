import { useMemo, useRef, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import {
  Button,
  ComboBox,
  I18nProvider,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
} from 'react-aria-components';
import styles from './combo-field.module.css';

/** One choice of a ComboField. */
export interface ComboOption {
  readonly id: string;
  /** What the input shows once chosen, and what typing filters on. */
  readonly text: string;
  /** A second, quieter line in the list (e.g. "registered number"). */
  readonly detail?: string;
  /** Shown before the text in the list (e.g. a flag). */
  readonly icon?: ReactNode;
  /** Extra words typing may match (e.g. "65" for Singapore), not shown. */
  readonly keywords?: string;
}

interface ComboFieldProps {
  /** The visible label, also the combobox's accessible name. */
  readonly label: string;
  readonly options: readonly ComboOption[];
  /** The chosen option's id; null = none (with `allowsCustomValue`: the typed text is the value). */
  readonly value: string | null;
  readonly onChange: (id: string | null) => void;
  /** Free text instead of a choice (controlled with `inputValue`/`onInputChange`). */
  readonly allowsCustomValue?: boolean;
  readonly inputValue?: string;
  readonly onInputChange?: (text: string) => void;
  /** Shown inside the field before the text (e.g. the chosen country's flag). */
  readonly prefix?: ReactNode;
  /** A hint under the field, read as the combobox's description. */
  readonly description?: ReactNode;
  readonly placeholder?: string;
  readonly isDisabled?: boolean;
  readonly isInvalid?: boolean;
  readonly className?: string;
  /** The input's form name and the id of a message about it (a field error beside the field). */
  readonly name?: string;
  readonly errorId?: string;
  /** Keep the label for assistive technology only (a form grid shows its own label column). */
  readonly hideLabel?: boolean;
  /** For tests and benchmarks. */
  readonly testId?: string;
}

/**
 * A searchable single choice (React Aria's ComboBox: the ARIA combobox pattern, arrow keys,
 * Enter, Escape, typing filters): the one combobox of the app, styled with the tokens. Import it
 * lazily where it is not needed for the first paint: React Aria is a large part of the bundle.
 */
export function ComboField(props: ComboFieldProps) {
  const { options } = props;
  const { locale } = useIntl();
  // The list lines up with the whole field (flag, input and button), not the input alone.
  const controlRef = useRef<HTMLDivElement>(null);
  const byText = useMemo(() => new Map(options.map((option) => [option.text, option])), [options]);
  return (
    // React Aria's own few words (the list button's name) in the UI language.
    <I18nProvider locale={locale}>
      <ComboBox
        className={`${styles.field} ${props.className ?? ''}`}
        defaultItems={options}
        selectedKey={props.value}
        onSelectionChange={(key) => props.onChange(key === null ? null : String(key))}
        inputValue={props.inputValue}
        onInputChange={props.onInputChange}
        allowsCustomValue={props.allowsCustomValue}
        defaultFilter={(textValue, input) => {
          const option = byText.get(textValue);
          return option ? filterOption(option, input) : fold(textValue).includes(fold(input));
        }}
        isDisabled={props.isDisabled}
        isInvalid={props.isInvalid}
        menuTrigger="focus"
        data-testid={props.testId}
      >
        <Label className={props.hideLabel ? 'visually-hidden' : styles.label}>{props.label}</Label>
        <div className={styles.control} ref={controlRef}>
          {props.prefix && <span className={styles.prefix}>{props.prefix}</span>}
          <Input
            className={styles.input}
            placeholder={props.placeholder}
            name={props.name}
            {...(props.errorId ? { 'aria-errormessage': props.errorId } : {})}
          />
          <Button className={styles.toggle}>
            <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
              <path d="M3 6l5 5 5-5" fill="none" stroke="currentColor" strokeWidth="2" />
            </svg>
          </Button>
        </div>
        {props.description && (
          <Text slot="description" className={styles.description}>
            {props.description}
          </Text>
        )}
        <Popover className={styles.popover} offset={4} triggerRef={controlRef}>
          <ListBox<ComboOption> className={styles.list}>
            {(option) => (
              <ListBoxItem id={option.id} textValue={option.text} className={styles.option}>
                {option.icon}
                <span className={styles.optionText}>
                  <span>{option.text}</span>
                  {option.detail && <span className={styles.optionDetail}>{option.detail}</span>}
                </span>
              </ListBoxItem>
            )}
          </ListBox>
        </Popover>
      </ComboBox>
    </I18nProvider>
  );
}

/** Typing matches any word start of the text, its detail or keywords, accents and case ignored. */
function filterOption(option: ComboOption, typed: string): boolean {
  const query = fold(typed.trim());
  if (query === '') return true;
  const haystack = fold(`${option.text} ${option.detail ?? ''} ${option.keywords ?? ''}`);
  return haystack.includes(query);
}

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
