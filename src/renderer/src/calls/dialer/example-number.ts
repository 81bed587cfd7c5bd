import { useEffect, useState } from 'react';
import { getExampleNumber, type CountryCode } from 'libphonenumber-js';

type Examples = Parameters<typeof getExampleNumber>[1];
let examples: Promise<Examples> | null = null;

/**
 * An example number of `country` as its people write it ("8123 4567" for SG, "(201) 555-0123"
 * for US), from libphonenumber-js's mobile examples (fetched once, on first use, as their own
 * chunk: they are not part of the first screen); null until they are loaded or when the country
 * has none.
 */
export function useExampleNumber(country: string): string | null {
  const [example, setExample] = useState<{ country: string; text: string | null } | null>(null);
  useEffect(() => {
    let current = true;
    examples ??= import('libphonenumber-js/mobile/examples').then((module) => module.default as Examples);
    void examples.then((loaded) => {
      if (!current) return;
      const number = getExampleNumber(country as CountryCode, loaded);
      setExample({ country, text: number ? number.formatNational() : null });
    });
    return () => {
      current = false;
    };
  }, [country]);
  return example?.country === country ? example.text : null;
}
