/**
 * Phone labels are stored as keywords and worded per UI language: the reading of a stored label
 * (keyword in any case, vCard's "cell", the word in either locale) and custom labels left as typed.
 */
import { describe, expect, it } from 'vitest';
import { PHONE_LABELS, readPhoneLabel, shownPhoneLabel, storedPhoneLabel } from '../../src/shared/phone-labels.ts';
import en from '../../src/shared/i18n/locales/en/ui.json' with { type: 'json' };
import zh from '../../src/shared/i18n/locales/zh-CN/ui.json' with { type: 'json' };

const catalogue = { en: en as Record<string, string>, 'zh-CN': zh as Record<string, string> };

describe('phone labels', () => {
  it('reads every keyword as itself, whatever its letter case and surrounding spaces', () => {
    for (const label of PHONE_LABELS) {
      expect(readPhoneLabel(label.keyword)?.keyword).toBe(label.keyword);
      expect(readPhoneLabel(label.keyword.toUpperCase())?.keyword).toBe(label.keyword);
    }
    expect(readPhoneLabel('  Mobile ')?.keyword).toBe('mobile');
    expect(readPhoneLabel('Home Fax')?.keyword).toBe('home fax');
  });

  it('reads vCard\'s "cell" as mobile', () => {
    expect(readPhoneLabel('cell')?.keyword).toBe('mobile');
    expect(readPhoneLabel('CELL')?.keyword).toBe('mobile');
  });

  it('reads the Chinese words back to their keywords (labels saved as text in the Chinese UI)', () => {
    expect(readPhoneLabel('手机')?.keyword).toBe('mobile');
    expect(readPhoneLabel('工作')?.keyword).toBe('work');
    expect(readPhoneLabel('住宅传真')?.keyword).toBe('home fax');
    expect(storedPhoneLabel('手机')).toBe('mobile');
  });

  it('leaves custom labels as typed, and an empty label empty', () => {
    expect(readPhoneLabel('Assistant')).toBeNull();
    expect(readPhoneLabel('老板')).toBeNull();
    expect(readPhoneLabel('mobile 2')).toBeNull();
    expect(readPhoneLabel('')).toBeNull();
    expect(storedPhoneLabel('Assistant')).toBe('Assistant');
    expect(storedPhoneLabel('')).toBe('');
    expect(shownPhoneLabel('Assistant', (id) => catalogue['zh-CN'][id]!)).toBe('Assistant');
  });

  it('shows a known label in the current locale, from either locale it was saved in', () => {
    expect(shownPhoneLabel('mobile', (id) => catalogue['zh-CN'][id]!)).toBe('手机');
    expect(shownPhoneLabel('手机', (id) => catalogue.en[id]!)).toBe('mobile');
    expect(shownPhoneLabel('cell', (id) => catalogue['zh-CN'][id]!)).toBe('手机');
  });

  it("keeps each label's words equal to the catalogues the UI shows", () => {
    for (const label of PHONE_LABELS) {
      expect(catalogue.en[label.messageId]).toBe(label.en);
      expect(catalogue['zh-CN'][label.messageId]).toBe(label['zh-CN']);
    }
  });
});
