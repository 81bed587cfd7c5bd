import { memo, useMemo } from 'react';
import { useIntl } from 'react-intl';
import { ComboField, type ComboOption } from '../../components/ComboField.tsx';
import { countryOptionText, findCountry, useCountryChoices } from './countries.ts';
import { Flag } from './Flag.tsx';

interface CountryPickerProps {
  /** ISO 3166-1 alpha-2. */
  readonly value: string;
  readonly onChange: (country: string) => void;
  readonly description?: string;
}

/**
 * The combobox "Country": which country a number typed without + belongs to, searchable by name
 * (in the UI language), ISO code or calling code ("65", "+65"). Memoised: typing a number must not
 * rebuild its ~245 options.
 */
export const CountryPicker = memo(function CountryPicker({ value, onChange, description }: CountryPickerProps) {
  const intl = useIntl();
  const countries = useCountryChoices();
  const options = useMemo<ComboOption[]>(
    () =>
      countries.map((country) => ({
        id: country.code,
        text: countryOptionText(intl, country),
        keywords: `${country.code} +${country.callingCode}`,
        icon: <Flag country={country.code} />,
      })),
    [countries, intl],
  );
  return (
    <ComboField
      label={intl.formatMessage({ id: 'dialer.country' })}
      options={options}
      value={value}
      onChange={(id) => id && onChange(id)}
      prefix={<Flag country={value} />}
      description={description}
      testId="dialer-country"
    />
  );
});

interface CountryTextFieldProps {
  readonly label: string;
  readonly hideLabel?: boolean;
  readonly placeholder?: string;
  /** The text in the field: a name, code or chosen option ("Singapore (+65)"); read by `findCountry`. */
  readonly text: string;
  readonly onTextChange: (text: string) => void;
  readonly name?: string;
  readonly isInvalid?: boolean;
  /** The id of the message beside the field when the text names no country. */
  readonly errorId?: string;
  readonly testId?: string;
}

/**
 * A country typed or picked where the text is kept as typed until saved (Settings → Default
 * country): typing a name, ISO code or calling code filters the list; the form reads the text with
 * `findCountry` (from the same choices) and refuses it when it names no country.
 */
export function CountryTextField(props: CountryTextFieldProps) {
  const intl = useIntl();
  const countries = useCountryChoices();
  const options = useMemo<ComboOption[]>(
    () =>
      countries.map((country) => ({
        id: country.code,
        text: countryOptionText(intl, country),
        keywords: `${country.code} +${country.callingCode}`,
        icon: <Flag country={country.code} />,
      })),
    [countries, intl],
  );
  // Only the exact text of a choice selects it: a partial name ("Si") must not snap to a country.
  const selected = options.find((option) => option.text === props.text)?.id ?? null;
  const found = findCountry(props.text, countries, (country) => countryOptionText(intl, country));
  return (
    <ComboField
      label={props.label}
      hideLabel={props.hideLabel}
      placeholder={props.placeholder}
      options={options}
      value={selected}
      onChange={() => {}}
      allowsCustomValue
      inputValue={props.text}
      onInputChange={props.onTextChange}
      prefix={found ? <Flag country={found.code} /> : undefined}
      name={props.name}
      isInvalid={props.isInvalid}
      errorId={props.errorId}
      testId={props.testId}
    />
  );
}

