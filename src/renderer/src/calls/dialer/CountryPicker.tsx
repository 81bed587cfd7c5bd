import { memo, useMemo } from 'react';
import { useIntl } from 'react-intl';
import { ComboField, type ComboOption } from '../../components/ComboField.tsx';
import { countryOptionText, useCountryChoices } from './countries.ts';
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
