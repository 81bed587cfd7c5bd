import { describe, expect, it } from 'vitest';
import { MAX_TEL_URI_LENGTH, parseTelUri } from '../../src/shared/tel-uri.ts';

function reasonOf(uri: string): string {
  const result = parseTelUri(uri);
  if (result.ok) throw new Error(`expected ${uri} to be rejected, got ${result.number}`);
  return result.reason;
}

describe('parseTelUri: valid links', () => {
  it.each([
    ['tel:+14155550100', '+14155550100'],
    ['tel:+1-415-555-0100', '+14155550100'],
    ['tel:+1.415.555.0100', '+14155550100'],
    ['tel:+1(415)555-0100', '+14155550100'],
    ['tel:+(1)415-555-0100', '+14155550100'],
    ['TEL:+6581234567', '+6581234567'],
    ['Tel:+65-8123-4567', '+6581234567'],
    ['tel:+1%20415%20555%200100', '+14155550100'],
    // Spaces as some apps write them: visual separators like "-" (tester fault: refused before).
    ['tel:+65 8123 4567', '+6581234567'],
    ['tel:+1 (415) 555-0100', '+14155550100'],
    ['tel:8123 4567;phone-context=+65', '+6581234567'],
    ['tel:%2B14155550100', '+14155550100'],
    ['tel:415-555-0100;phone-context=+1', '+14155550100'],
    ['tel:8123-4567;phone-context=+65', '+6581234567'],
    ['tel:81234567;PHONE-CONTEXT=+6-5', '+6581234567'],
    ['tel:+14155550100;isub=1411', '+14155550100'],
    ['tel:+14155550100;isub=a%2Fb', '+14155550100'],
    ['tel:+14155550100;foo', '+14155550100'],
    ['tel:+14155550100;foo=bar;x-y=a[b]', '+14155550100'],
    ['tel:+14155550100;foo=%41', '+14155550100'],
  ])('%s dials %s', (uri, number) => {
    expect(parseTelUri(uri)).toEqual({ ok: true, number, extension: null, assumedCountry: null });
  });

  it('returns the extension without separators', () => {
    expect(parseTelUri('tel:+1-415-555-0100;ext=1-23')).toEqual({
      ok: true,
      number: '+14155550100',
      extension: '123',
      assumedCountry: null,
    });
    expect(parseTelUri('tel:+6581234567;EXT=7;foo=bar')).toEqual({
      ok: true,
      number: '+6581234567',
      extension: '7',
      assumedCountry: null,
    });
  });

  it('accepts parameters in any order', () => {
    expect(parseTelUri('tel:415-555-0100;ext=9;phone-context=+1;isub=5')).toEqual({
      ok: true,
      number: '+14155550100',
      extension: '9',
      assumedCountry: null,
    });
  });

  it('accepts a link of exactly the maximum length', () => {
    const base = 'tel:+14155550100;x=';
    const uri = base + 'a'.repeat(MAX_TEL_URI_LENGTH - base.length);
    expect(uri).toHaveLength(MAX_TEL_URI_LENGTH);
    expect(parseTelUri(uri)).toMatchObject({ ok: true, number: '+14155550100' });
  });
});

describe('parseTelUri: rejected links', () => {
  it.each([
    [''],
    ['+14155550100'],
    ['tel'],
    ['tel+14155550100'],
    ['callto:+14155550100'],
    ['sip:+14155550100@example.com'],
    ['http://example.com/?tel:+14155550100'],
    ['javascript:alert(1)//tel:+14155550100'],
    [' tel:+14155550100'],
    ['teI:+14155550100'],
  ])('refuses %j as not a tel: link', (uri) => {
    expect(parseTelUri(uri).ok).toBe(false);
  });

  it('says what is wrong with a non-tel link', () => {
    expect(reasonOf('mailto:someone@example.com')).toMatch(/only tel: links/i);
  });

  it.each([['tel://+14155550100'], ['TEL://14155550100'], ['tel:////+1']])('refuses %s (no // in RFC 3966)', (uri) => {
    expect(reasonOf(uri)).toMatch(/tel:\/\//);
  });

  it('refuses links over the length limit', () => {
    const uri = 'tel:+14155550100;x=' + 'a'.repeat(MAX_TEL_URI_LENGTH);
    expect(reasonOf(uri)).toMatch(/too long/);
    expect(reasonOf('tel:+1' + '0'.repeat(10_000))).toMatch(/too long/);
  });

  it('reads a local number without phone-context in the default country, and says which country it assumed', () => {
    expect(parseTelUri('tel:8111 2222', 'SG')).toEqual({
      ok: true,
      number: '+6581112222',
      extension: null,
      assumedCountry: 'SG',
    });
    expect(parseTelUri('tel:415-555-0100;ext=1', 'US')).toEqual({
      ok: true,
      number: '+14155550100',
      extension: '1',
      assumedCountry: 'US',
    });
    // Written with the international prefix: the country is the link's own, nothing assumed.
    expect(parseTelUri('tel:0065-8111-2222', 'US')).toMatchObject({
      ok: true,
      number: '+6581112222',
      assumedCountry: null,
    });
  });

  it('refuses local numbers it cannot read, in plain words (no RFC terms)', () => {
    const plain = (reason: string) => expect(reason).not.toMatch(/phone-context|RFC|E\.164/);
    for (const reason of [reasonOf('tel:4155550100'), reasonOf('tel:555-0100;ext=1')]) {
      expect(reason).toMatch(/local number without a country code, and no default country/);
      plain(reason);
    }
    const notLocal = parseTelUri('tel:4155550100', 'SG');
    expect(notLocal).toMatchObject({ ok: false });
    if (!notLocal.ok) {
      expect(notLocal.reason).toMatch(/not a valid number of your default country \(SG\)/);
      plain(notLocal.reason);
    }
  });

  it('refuses local numbers in a domain context (no country to dial)', () => {
    expect(reasonOf('tel:1234;phone-context=example.com')).toMatch(/local to "example.com"/);
    expect(reasonOf('tel:1234;phone-context=-bad-')).toMatch(/cannot be read/);
    expect(reasonOf('tel:1234;phone-context=+')).toMatch(/cannot be read/);
    for (const uri of ['tel:1234;phone-context=-bad-', 'tel:1234;phone-context=+', 'tel:+14155550100;phone-context=+1'])
      expect(reasonOf(uri)).not.toMatch(/phone-context/);
  });

  it('refuses service codes and letters that cannot be dialled', () => {
    expect(reasonOf('tel:*21%23;phone-context=+65')).toMatch(/cannot be called/);
    expect(reasonOf('tel:ABC;phone-context=+65')).toMatch(/cannot be called/);
    expect(reasonOf('tel:+1415555ABCD')).toMatch(/valid phone number/);
  });

  it('refuses a phone-context on an international number', () => {
    expect(reasonOf('tel:+14155550100;phone-context=+1')).toMatch(/country code and a local area/);
  });

  it.each([
    ['tel:+14155550100;ext=1;ext=2', 'ext'],
    ['tel:+14155550100;EXT=1;ext=2', 'ext'],
    ['tel:+14155550100;isub=1;isub=2', 'isub'],
    ['tel:415-555-0100;phone-context=+1;phone-context=+65', 'phone-context'],
    ['tel:+14155550100;foo=1;Foo=2', 'foo'],
  ])('refuses duplicate parameters in %s', (uri, name) => {
    expect(reasonOf(uri)).toContain(`"${name}"`);
  });

  it.each([
    ['tel:+1415%5550100'],
    ['tel:+1415%G00100'],
    ['tel:+14155550100%'],
    ['tel:+14155550100%2'],
    ['tel:+14155550100;foo=%zz'],
    ['tel:+14155550100;foo=%C3%28'],
    ['tel:+14155550100;isub=%'],
    ['tel:%FF14155550100'],
  ])('refuses the bad percent-escape in %s', (uri) => {
    expect(parseTelUri(uri).ok).toBe(false);
  });

  it('never lets an escaped ; start a parameter', () => {
    expect(reasonOf('tel:+14155550100%3Bext=1')).toMatch(/valid phone number/);
    expect(reasonOf('tel:415-555-0100%3Bphone-context=+1')).toMatch(/valid phone number/);
  });

  it.each([
    ['tel:'],
    ['tel:;ext=1'],
    ['tel:+'],
    ['tel:+-.()'],
    ['tel:+14155550100;'],
    ['tel:+14155550100;;foo'],
    ['tel:+14155550100;=1'],
    ['tel:+14155550100;fo o=1'],
    ['tel:+14155550100;foo='],
    ['tel:+14155550100;foo=a"b'],
    ['tel:+14155550100;ext='],
    ['tel:+14155550100;ext'],
    ['tel:+14155550100;ext=--'],
    ['tel:+14155550100;ext=12a'],
    ['tel:+14155550100;isub'],
    ['tel:+14155550100;phone-context'],
    ['tel:+14155550100;ext=1 23'],
    ['tel:+14155550100;foo=a b'],
    ['tel:+14155550100\n'],
    ['tel:+14155550100\u0000'],
    ['tel:+1415555０100'],
    ['tel:+14155550100?call=now'],
    ['tel:+14155550100#frag'],
    ['tel:+14155550100<script>'],
    ['tel:+1-415-555-0100@evil.example'],
    ['tel:++14155550100'],
    ['tel:+1+4155550100'],
    ['tel:+0'],
    ['tel:+123'],
    ['tel:+1234567890123456789'],
  ])('refuses the malformed %j', (uri) => {
    const result = parseTelUri(uri);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
  });

  it('gives reasons without echoing the link', () => {
    const hostile = 'tel:<img src=x onerror=alert(1)>';
    expect(reasonOf(hostile)).not.toContain('<img');
  });
});
