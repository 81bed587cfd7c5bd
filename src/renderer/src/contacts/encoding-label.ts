import type { IntlShape } from 'react-intl';
import type { ImportEncoding } from '../../../shared/import-export.ts';

/**
 * The import encoding chooser's words for one encoding, from the catalogue (`import.encoding.name`):
 * what it is for people, then its name ("Cyrillic (DOS, IBM 866)", "Western European
 * (Windows-1252)"). The option's value stays the WHATWG name. ICU select keys cannot hold "-", so
 * the encoding is selected with "_" (`utf_8`); a name the catalogue does not list shows as itself.
 */
export function encodingLabel(intl: Pick<IntlShape, 'formatMessage'>, encoding: ImportEncoding): string {
  return intl.formatMessage({ id: 'import.encoding.name' }, { encoding: encoding.replace(/-/g, '_'), label: encoding });
}
