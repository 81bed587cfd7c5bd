import { describe, expect, it } from 'vitest';
import { parseCallLink, parseCalltoUri } from '../../src/shared/call-link.ts';
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
