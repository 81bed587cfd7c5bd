/** The one interpretation of a number to call, shared by the Dialer (as you type) and the core (before voice/call). */
import { describe, expect, it } from 'vitest';
import { interpretDestination } from '../../src/shared/destination.ts';

describe('interpretDestination', () => {
  it('reads national digits in the chosen country and keeps the extension', () => {
    expect(interpretDestination('8123 4567', 'SG')).toEqual({
      ok: true,
      e164: '+6581234567',
      extension: null,
      country: 'SG',
      valid: true,
    });
    expect(interpretDestination('(415) 555-0100 x123', 'US')).toMatchObject({
      ok: true,
      e164: '+14155550100',
      extension: '123',
      country: 'US',
    });
    expect(interpretDestination('+65 8123 4567;ext=9', 'US')).toMatchObject({ e164: '+6581234567', extension: '9' });
  });

  it('says why a number cannot be dialled through Hoiio (§7.3)', () => {
    expect(interpretDestination('', 'SG')).toMatchObject({ ok: false, problem: 'empty' });
    expect(interpretDestination('call mom', 'SG')).toMatchObject({ ok: false, problem: 'notANumber' });
    expect(interpretDestination('+881 2345 678', 'SG')).toMatchObject({
      ok: false,
      problem: 'notServed',
      e164: '+8812345678',
    });
    expect(interpretDestination('8123 4567', 'US')).toMatchObject({ ok: false, problem: 'notValidForCountry' });
    // Well-formed for storing (7 digits) but below Hoiio's 8-digit minimum.
    expect(interpretDestination('+1234567', 'SG')).toMatchObject({ ok: false });
  });
});
