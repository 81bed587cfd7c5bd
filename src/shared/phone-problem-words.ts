/**
 * The catalogue key and ICU arguments for a number `interpretDestination` refused: one wording
 * for the Dialer (as you type), the core (before voice/call), Settings, contacts, imports and
 * tel: links. Pure and catalogue-free (the renderer formats the key in its locale; the core takes
 * the English sentence from phone-errors.ts). Every quote of the typed text goes through
 * `quoteInput`, so a tab or a zero-width space in it shows as ⟨tab⟩ / ⟨U+200B⟩.
 */
import type { Destination } from './destination.ts';
import type { ErrorParams } from './errors.ts';
import { formatPhoneNumber, type CountryCode } from './phone.ts';
import { quoteInput, visibleCharacter } from './visible-text.ts';

export type DestinationFailure = Extract<Destination, { ok: false }>;

/**
 * Which number is refused: a leg of a call (words from Hoiio's own errors, `hoiio.error_dest1_*`,
 * as the core would answer), or any other number (a contact's, the caller ID: `phone.*`).
 */
export type NumberRole = 'dest1' | 'dest2' | 'number';

/**
 * `{ key, params }` for a refused number: `key` is an error catalogue key without `error.`;
 * `params` always carries `text` (visibly quoted), `country`, `countryName`, `suggestion` (a
 * formatted number or "none"), `character` (the undiallable character, visibly), `position`
 * (1-based) and `keypad` (a vanity number's digits or "none"), plus `dest1`/`dest2` for a leg.
 */
export function phoneProblemMessage(
  problem: Pick<DestinationFailure, 'problem' | 'suggestions' | 'character'> & { e164?: string | null },
  text: string,
  role: NumberRole,
  defaultCountry: CountryCode | undefined,
  countryName: string,
): { key: string; params: ErrorParams } {
  const quoted = quoteInput(text.trim());
  const suggestion = problem.suggestions[0];
  const params: ErrorParams = {
    text: quoted,
    country: defaultCountry ?? '',
    countryName,
    suggestion: suggestion === undefined ? 'none' : formatPhoneNumber(suggestion),
    character: problem.character ? visibleCharacter(problem.character.text) : '',
    position: problem.character?.position ?? 0,
    keypad: problem.character?.keypad ?? 'none',
  };
  if (role === 'number') return { key: `phone.${problem.problem}`, params };
  switch (problem.problem) {
    case 'empty':
      return { key: `hoiio.error_${role}_param_missing`, params };
    case 'notServed':
      return { key: `hoiio.error_${role}_not_supported`, params: { ...params, [role]: problem.e164 ?? quoted } };
    case 'notDialable':
      return { key: `hoiio.error_${role}_invalid`, params: { ...params, [role]: quoted } };
    default:
      return { key: `phone.${problem.problem}`, params };
  }
}
