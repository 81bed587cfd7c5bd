import { describe, expect, it } from 'vitest';
import { parseCallLink, parseCalltoUri, readCallLinkText } from '../../src/shared/call-link.ts';
import { interpretDestination } from '../../src/shared/destination.ts';
import { findCallLinkArgument, linkFromLaunch } from '../../src/main/link-args.ts';

describe('parseCallLink: callto:', () => {
  it.each([
    ['callto:+14155550100', '+14155550100'],
    ['callto://+14155550100', '+14155550100'],
    ['CALLTO://+14155550100/', '+14155550100'],
    ['callto:+1%20415%20555%200100', '+14155550100'],
    ['callto:+1-415-555-0100', '+14155550100'],
  ])('accepts %s', (link, number) => {
    expect(parseCallLink(link)).toEqual({ ok: true, number, extension: null, assumedCountry: null });
  });

  it.each([
    ['callto:alice.smith', /names a user/],
    ['callto://alice', /names a user/],
    ['callto:alice@example.com', /names a user/],
    ['callto:echo123', /names a user/],
    ['callto:', /no phone number/],
    ['callto://', /no phone number/],
    ['callto:4155550100', /international format/],
    ['callto:+1415555%', /malformed %-escape/],
    ['callto:+1415<script>', /characters a phone number may not contain/],
    ['callto:+1415555;ext=1', /characters a phone number may not contain/],
    ['callto:+123', /valid phone number/],
    [`callto:+1${'5'.repeat(10_240)}`, /too long/],
  ])('refuses %s with the reason', (link, reason) => {
    const result = parseCalltoUri(link);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });
});

describe('parseCallLink: tel: and everything else', () => {
  it('hands tel: links to the strict RFC 3966 parser', () => {
    expect(parseCallLink('tel:+1-415-555-0100;ext=12')).toEqual({
      ok: true,
      number: '+14155550100',
      extension: '12',
      assumedCountry: null,
    });
  });

  it.each([
    ['tel:+1415garbage!!', /characters|valid/],
    ['tel:%%%', /characters|escape/],
    ['tel://+14155550100', /tel:\/\//],
    ['tel:', /no phone number/],
    [`tel:+1${'5'.repeat(10_240)}`, /too long/],
    ['sip:alice@example.com', /Only tel: and callto:/],
    ['https://example.com/tel:+1', /Only tel: and callto:/],
    ['', /empty/],
  ])('refuses %s', (link, reason) => {
    const result = parseCallLink(link);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });
});

describe('findCallLinkArgument / linkFromLaunch', () => {
  it('finds tel: and callto: links among Chromium switches, whole and last', () => {
    const argv = ['C:\\Program Files\\Hoiio\\Hoiio.exe', '--allow-file-access-from-files', 'callto://+14155550100'];
    expect(findCallLinkArgument(argv)).toBe('callto://+14155550100');
    expect(findCallLinkArgument(['electron', '.', 'TEL:+14155550100;ext=1'])).toBe('TEL:+14155550100;ext=1');
    expect(findCallLinkArgument(['x', 'tel:+1', 'callto:+6581234567'])).toBe('callto:+6581234567');
  });

  it('never takes the executable, a switch or text that merely contains a link', () => {
    expect(findCallLinkArgument(['tel:+14155550100'])).toBeNull();
    expect(
      findCallLinkArgument(['app', '--flag=tel:+1', 'http://x/tel:+1', ' tel:+1', 'telephone', 'calltoo:+1']),
    ).toBeNull();
  });

  it('passes a 10 KB link on whole (the core refuses it with its reason), and reads argv only off macOS', () => {
    const huge = `tel:+1${'5'.repeat(10_240)}`;
    expect(linkFromLaunch('linux', ['/usr/bin/hoiio', huge])).toBe(huge);
    expect(linkFromLaunch('win32', ['hoiio.exe', 'tel:+14155550100'])).toBe('tel:+14155550100');
    // macOS delivers links through open-url only.
    expect(linkFromLaunch('darwin', ['/Applications/Hoiio.app/Contents/MacOS/Hoiio', 'tel:+14155550100'])).toBeNull();
  });
});

describe('readCallLinkText: a link pasted into the Dialer is read by the link handler’s parser', () => {
  // Every form the link handler accepts (--open-tel-link, the OS) gives the same number when pasted.
  it.each([
    'callto:+14155550100',
    'callto://+14155550100',
    'CALLTO://+14155550100/',
    'callto:+1 415 555 0100',
    'callto:+1%20415%20555%200100',
    'tel:+14155550100',
    'tel:+1-415-555-0100',
    '  tel:+14155550100  ',
  ])('%s reads as the number the link opens with', (text) => {
    const opened = parseCallLink(text.trim(), 'SG');
    const pasted = readCallLinkText(text, 'SG');
    expect(opened.ok).toBe(true);
    expect(pasted).toEqual({ ok: true, number: opened.ok ? opened.number : null });
    const read = interpretDestination(pasted?.ok ? pasted.number : '', 'SG');
    expect(read.ok && read.e164).toBe('+14155550100');
  });

  it('keeps a tel: link’s extension for the number rule to read', () => {
    const pasted = readCallLinkText('tel:+1-415-555-0100;ext=23', 'SG');
    expect(pasted).toEqual({ ok: true, number: '+14155550100;ext=23' });
    const read = interpretDestination(pasted?.ok ? pasted.number : '', 'SG');
    expect(read.ok && [read.e164, read.extension]).toEqual(['+14155550100', '23']);
  });

  it('reads a local tel: number in the default country, as an opened link is', () => {
    expect(readCallLinkText('tel:8123 4567', 'SG')).toEqual({ ok: true, number: '+6581234567' });
  });

  it.each([
    ['callto:alice.smith', /names a user/],
    ['callto:4155550100', /international format/],
    ['tel:', /no phone number/],
  ])('refuses %s with the link handler’s reason', (text, reason) => {
    const pasted = readCallLinkText(text, 'SG');
    expect(pasted?.ok).toBe(false);
    expect(pasted?.ok === false && pasted.reason).toMatch(reason);
  });

  it('leaves text that is not a link to the number rule', () => {
    expect(readCallLinkText('+1 415 555 0100', 'SG')).toBeNull();
    expect(readCallLinkText('call mom', 'SG')).toBeNull();
  });
});
