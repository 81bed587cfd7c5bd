/**
 * fitText: labels and echoes shortened with an ellipsis at the end (tester faults: chart labels
 * clipped at their start, a 300-character refused tel: link filling the banner).
 */
import { describe, expect, it } from 'vitest';
import { fitText } from '../../src/shared/text-cut.ts';

describe('fitText', () => {
  it('keeps text that fits as it is', () => {
    expect(fitText('Alice Tan', 20)).toBe('Alice Tan');
  });

  it('keeps the start and ends with an ellipsis within the limit', () => {
    const long = `tel:${'1'.repeat(300)}`;
    const short = fitText(long, 100);
    expect(Array.from(short)).toHaveLength(100);
    expect(short.startsWith('tel:111')).toBe(true);
    expect(short.endsWith('…')).toBe(true);
  });

  it('the start of a label is kept, so <script>… is read from its "<"', () => {
    expect(fitText('<script>alert(1)</script> Tan Ah Kow', 16)).toBe('<script>alert(1…');
  });

  it('never splits a character (emoji, flag, accent) and trims a space before the ellipsis', () => {
    expect(fitText('😀😀😀😀', 3)).toBe('😀😀…');
    expect(fitText('🇸🇬🇸🇬🇸🇬', 2)).toBe('🇸🇬…');
    expect(fitText('e\u0301e\u0301e\u0301', 2)).toBe('e\u0301…');
    expect(fitText('Ann Lee Marie', 5)).toBe('Ann…');
  });

  it('fits to a pixel measure', () => {
    // Wide characters count twice.
    const measure = (value: string) =>
      Array.from(value).reduce((sum, c) => sum + (c > '\u2e80' && c !== '…' ? 2 : 1), 0);
    expect(fitText('陈大文先生公司', 7, measure)).toBe('陈大文…');
  });
});
