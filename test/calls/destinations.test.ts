/** Number checks before asking Hoiio: the same status and message Hoiio would give. */
import { describe, expect, it } from 'vitest';
import { checkDestination, checkDistinct, normalizeCallerId } from '../../src/main/core/calls/destinations.ts';
import { HoiioError } from '../../src/main/core/hoiio/errors.ts';

function refusal(run: () => unknown): HoiioError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HoiioError);
    return error as HoiioError;
  }
  throw new Error('expected a HoiioError');
}

describe('checkDestination', () => {
  it('normalises typed numbers to E.164 with the default country', () => {
    expect(checkDestination('8123 4567', 'dest2', 'SG')).toBe('+6581234567');
    expect(checkDestination('(415) 555-0100', 'dest2', 'US')).toBe('+14155550100');
    expect(checkDestination('tel:+1-415-555-0100', 'dest2', 'SG')).toBe('+14155550100');
    expect(checkDestination('+65 6511 1111', 'dest1', 'US')).toBe('+6565111111');
  });

  it('refuses like Hoiio: missing, invalid, not supported', () => {
    expect(refusal(() => checkDestination('  ', 'dest2', 'SG'))).toMatchObject({
      status: 'error_dest2_param_missing',
      message: 'Enter a number to call.',
    });
    expect(refusal(() => checkDestination('+123', 'dest2', 'SG'))).toMatchObject({
      status: 'error_dest2_invalid',
      message: '+123 is not a valid international number. Use +, the country code, then the number.',
    });
    expect(refusal(() => checkDestination('call me', 'dest1', 'SG'))).toMatchObject({ status: 'error_dest1_invalid' });
    expect(refusal(() => checkDestination('+881 2345 678', 'dest2', 'SG'))).toMatchObject({
      status: 'error_dest2_not_supported',
      message: 'Hoiio does not support calls to +881 2345678.', // the number as the app shows numbers
    });
    expect(refusal(() => checkDestination('+883123456789', 'dest1', 'SG')).status).toBe('error_dest1_not_supported');
  });

  it('marks local refusals as checked locally', () => {
    expect(refusal(() => checkDestination('+123', 'dest2', 'SG')).details).toMatchObject({
      raw: { checkedLocally: true },
    });
  });
});

describe('checkDistinct and caller IDs', () => {
  it('refuses the same number on both legs', () => {
    expect(refusal(() => checkDistinct('+6591234567', '+6591234567'))).toMatchObject({
      status: 'error_same_dest1_dest2',
      message: 'Your phone and the number to call are the same.',
    });
    expect(() => checkDistinct('+6591234567', '+6581234567')).not.toThrow();
  });

  it('treats "p" and "private" alike and always sends private', () => {
    expect(normalizeCallerId('p')).toBe('private');
    expect(normalizeCallerId('private')).toBe('private');
    expect(normalizeCallerId(' +6591234567 ')).toBe('+6591234567');
    expect(normalizeCallerId('')).toBeUndefined();
    expect(normalizeCallerId(null)).toBeUndefined();
  });
});

describe('issue 9 item 4: a national number not valid in the default country is refused before anything is dialled', () => {
  it('SG, "(415) 555-0100": refused with the reason and "Did you mean +1 415 555 0100?"', () => {
    let thrown: unknown;
    try {
      checkDestination('(415) 555-0100', 'dest2', 'SG');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'invalid_input',
      key: 'phone.notValidForCountry',
      message: '(415) 555-0100 is not a Singapore number. Did you mean +1 415 555 0100?',
      fields: [{ path: ['dest2'], key: 'phone.notValidForCountry' }],
    });
  });

  it('a national number with nothing to suggest says to add the country code', () => {
    expect(() => checkDestination('020 7946 0018', 'dest2', 'SG')).toThrow(
      '020 7946 0018 is not a Singapore number. Add the country code: +, the code, then the number.',
    );
  });

  it('a +code number that is possible but not valid is dialled (the sandbox contract accepts it, §7.3)', () => {
    expect(checkDestination('+6511111111', 'dest2', 'SG')).toBe('+6511111111');
  });
});
