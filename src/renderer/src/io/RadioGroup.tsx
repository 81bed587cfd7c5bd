import { useId } from 'react';
import styles from './io.module.css';

/** A labelled group (label and option labels already worded) of radio buttons (two cells of a .form-grid); arrow keys move between choices. */
export function RadioGroup<V extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: ReadonlyArray<{ value: V; label: string }>;
  value: V;
  onChange: (value: V) => void;
}) {
  const id = useId();
  return (
    <>
      <span id={id}>{label}</span>
      <div role="radiogroup" aria-labelledby={id} className={styles.radioGroup}>
        {options.map((option) => (
          <label key={option.value} className="checkbox">
            <input
              type="radio"
              name={id}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            {option.label}
          </label>
        ))}
      </div>
    </>
  );
}
