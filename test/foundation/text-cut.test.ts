/**
 * Issue 9 item 11: cutting text to a length limit never splits a character. Extra inputs: a flag
 * (two regional indicators), a ZWJ family emoji, a letter with a combining accent, and CJK text
 * (UAX #29 grapheme clusters, the cases Unicode's GraphemeBreakTest covers).
 */
import { describe, expect, it } from 'vitest';
import { importContactsFromBytes } from '../../src/main/core/io/contact-import.ts';
import { cutAtGraphemeBoundary } from '../../src/shared/text-cut.ts';
import { freshStore } from '../io/support.ts';

describe('cutAtGraphemeBoundary', () => {
  it("the issue's example: 199 A then 😀, cut to 200, keeps no half emoji", () => {
    const cut = cutAtGraphemeBoundary(`${'A'.repeat(199)}😀`, 200);
    expect(cut).toBe('A'.repeat(199));
    expect(cut).not.toMatch(/[\uD800-\uDFFF]/);
  });

  it('keeps flags, ZWJ sequences and combining accents whole or leaves them out whole', () => {
    expect(cutAtGraphemeBoundary('ab🇸🇬', 5)).toBe('ab');
    expect(cutAtGraphemeBoundary('ab🇸🇬', 6)).toBe('ab🇸🇬');
    expect(cutAtGraphemeBoundary('x👨‍👩‍👧', 6)).toBe('x');
    expect(cutAtGraphemeBoundary('Zoe\u0301', 3)).toBe('Zo');
    expect(cutAtGraphemeBoundary('山田太郎', 3)).toBe('山田太');
    expect(cutAtGraphemeBoundary('short', 200)).toBe('short');
  });
});

describe('imports cut long names at grapheme boundaries', () => {
  it('a 199 A + 😀 name (over the 200 limit after a space) is stored without U+FFFD or a lone surrogate', async () => {
    const store = freshStore();
    const name = `${'A'.repeat(199)}😀`;
    const vcard = `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${name} B\r\nTEL:+14155550191\r\nEND:VCARD\r\n`;
    const report = await importContactsFromBytes(store.contacts, new TextEncoder().encode(vcard), 'long.vcf', {
      defaultCountry: 'US',
      duplicates: 'merge',
    });
    expect(report.counts.imported).toBe(1);
    const stored = store.contacts.list({ limit: 10, favouritesFirst: false }).items[0]!.name;
    expect(stored).toBe('A'.repeat(199));
    expect(stored).not.toContain('\uFFFD');
    store.close();
  });
});
