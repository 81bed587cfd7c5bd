import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  createIntlFor,
  formatMoney,
  LOCALES,
  mergeNamespaces,
  resolveLocale,
  type Locale,
} from '../../src/shared/i18n/index.ts';
import { IMPORT_ENCODINGS } from '../../src/shared/import-export.ts';
import { CallOutcomeSchema, LOST_CALL_REASONS } from '../../src/shared/calls.ts';
import { describeOutcome } from '../../src/shared/call-outcome-words.ts';
import { failedCallKey } from '../../src/renderer/src/calls/describe-call.ts';
import { encodingLabel } from '../../src/renderer/src/contacts/encoding-label.ts';
import { upgradeProgressText } from '../../src/renderer/src/app/upgrade-progress.ts';
import type { IntlShape } from 'react-intl';

const root = path.resolve(import.meta.dirname, '../../src/shared/i18n/locales');
const rendererRoot = path.resolve(import.meta.dirname, '../../src/renderer/src');

/** Every namespace file of a locale, read as the renderer's glob import would give them. */
function filesOf(locale: Locale): Record<string, unknown> {
  const dir = path.join(root, locale);
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => [`locales/${locale}/${file}`, JSON.parse(readFileSync(path.join(dir, file), 'utf8'))]),
  );
}

/** The argument names an ICU message uses ({name}, {n, plural, …}, tags), sorted. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if ('value' in element && element.type !== TYPE.literal) into.add(String(element.value));
    if ('options' in element) for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    if ('children' in element) argumentsOf(element.children, into);
  }
  return into;
}

const catalogues = Object.fromEntries(LOCALES.map((locale) => [locale, mergeNamespaces(locale, filesOf(locale))]));

describe('the message catalogues', () => {
  test('every namespace file exists in every locale, with the same keys', () => {
    const namespaces = (locale: Locale) => readdirSync(path.join(root, locale)).sort();
    for (const locale of LOCALES) expect(namespaces(locale)).toEqual(namespaces('en'));
    for (const file of namespaces('en')) {
      const keys = (locale: Locale) =>
        Object.keys(JSON.parse(readFileSync(path.join(root, locale, file), 'utf8')) as object).sort();
      for (const locale of LOCALES) expect(keys(locale), `${locale}/${file}`).toEqual(keys('en'));
    }
  });

  test('every message is valid ICU and uses the same arguments in every locale', () => {
    for (const [id, english] of Object.entries(catalogues.en!)) {
      const expected = [...argumentsOf(parse(english))].sort();
      for (const locale of LOCALES) {
        const message = catalogues[locale]![id]!;
        expect([...argumentsOf(parse(message))].sort(), `${locale} ${id}`).toEqual(expected);
      }
    }
  });

  test('every message id the renderer names literally is in the catalogue', () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name)) sources.push(readFileSync(full, 'utf8'));
      }
    };
    walk(rendererRoot);
    const ids = new Set<string>();
    const patterns = [
      /<FormattedMessage\s+id="([a-z][\w.-]+)"/g,
      /\bid: '([a-z][\w.-]+)'/g,
      /\bt\('([a-z][\w.-]+)'/g,
      /label: '([a-z][\w.-]+\.[\w.-]+)'/g,
      /'((?:nav|common|dialer|contacts|callLog|settings|about|import|io|call|tel|shortcuts|live|app)\.[\w.-]+)'/g,
    ];
    for (const source of sources)
      for (const pattern of patterns) for (const match of source.matchAll(pattern)) ids.add(match[1]!);
    expect(ids.size).toBeGreaterThan(150);
    // Catalogue ids are dotted (`area.name`); element ids and file names are not ids here.
    const missing = [...ids].filter((id) => id.includes('.') && !/\.(vcf|csv)$/.test(id) && !(id in catalogues.en!));
    expect(missing).toEqual([]);
  });

  test('every key a call outcome or explanation sentence is built from exists in every locale with the same placeholders', () => {
    // These ids are built at run time (`outcome.${key}`, `call.outcome.${outcome}`, `call.lost.${reason}`),
    // so the literal-id scan above cannot see them: a missing one would fall back to another sentence.
    const legs = ['answered', 'unanswered', 'busy', 'failed'] as const;
    const ids = new Set<string>(['call.state.placing', 'call.state.live', 'call.state.unknown', 'call.state.failed']);
    for (const outcome of CallOutcomeSchema.options) ids.add(`call.outcome.${outcome}`);
    for (const reason of LOST_CALL_REASONS) ids.add(`call.lost.${reason}`);
    for (const leg1 of legs)
      for (const leg2 of legs)
        for (const hangupRequestedAt of [null, '2024-05-01T10:00:05.000Z']) {
          const ended = { statusDest1: leg1, statusDest2: leg2, durationMinutes: 1, debit: '0.029', currency: 'USD' };
          ids.add(`outcome.${describeOutcome({ ...ended, hangupRequestedAt }).key}`);
        }
    const lost = {
      state: 'failed',
      txnRef: 'AA-C-1',
      statusDest1: null,
      statusDest2: null,
      hangupRequestedAt: null,
    } as const;
    for (const errorStatus of [null, ...LOST_CALL_REASONS]) ids.add(failedCallKey({ ...lost, errorStatus }));
    ids.add(failedCallKey({ ...lost, txnRef: null, errorStatus: null }));
    expect(ids).toContain('call.lost.untracked');
    for (const id of ids) {
      expect(catalogues.en, id).toHaveProperty([id]);
      const expected = [...argumentsOf(parse(catalogues.en![id]!))].sort();
      for (const locale of LOCALES) {
        expect(catalogues[locale], `${locale} ${id}`).toHaveProperty([id]);
        expect([...argumentsOf(parse(catalogues[locale]![id]!))].sort(), `${locale} ${id}`).toEqual(expected);
      }
    }
  });

  test('there is generic wording for every IPC error code', async () => {
    const { ErrorCodeSchema } = await import('../../src/shared/errors.ts');
    for (const code of ErrorCodeSchema.options) expect(catalogues.en, code).toHaveProperty([`error.code.${code}`]);
  });
});

describe('mergeNamespaces', () => {
  test('merges any namespace of the locale, including ones added later, and ignores other locales', () => {
    const merged = mergeNamespaces('zh-CN', {
      '/x/locales/zh-CN/ui.json': { 'nav.about': '关于' },
      '/x/locales/zh-CN/desktop.json': { default: { 'tray.quit': '退出' } },
      '/x/locales/en/ui.json': { 'nav.about': 'About' },
    });
    expect(merged).toEqual({ 'nav.about': '关于', 'tray.quit': '退出' });
  });

  test('refuses a key defined by two namespaces (each key has one owner)', () => {
    expect(() =>
      mergeNamespaces('en', { 'locales/en/ui.json': { 'a.b': 'x' }, 'locales/en/errors.json': { 'a.b': 'y' } }),
    ).toThrow(/a\.b is defined in both/);
  });
});

describe('resolveLocale', () => {
  test('follows the setting, else the first OS language we have, else English', () => {
    expect(resolveLocale('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(resolveLocale('en', ['zh-CN'])).toBe('en');
    expect(resolveLocale('system', ['zh-Hans-SG', 'en'])).toBe('zh-CN');
    expect(resolveLocale('system', ['fr-FR', 'en-GB'])).toBe('en');
    expect(resolveLocale('system', ['fr-FR'])).toBe('en');
    expect(resolveLocale('system', [])).toBe('en');
  });
});

describe('words and figures through Intl', () => {
  test('money keeps every digit of the exact amount from the wire, with its currency', () => {
    expect(formatMoney('en', '0.029', 'USD')).toBe('USD\u00a00.029');
    expect(formatMoney('en', '1234.5', 'SGD')).toBe('SGD\u00a01,234.50');
    expect(formatMoney('zh-CN', '0.029', 'USD')).toBe('USD\u00a00.029');
    // 17 significant digits: no binary float rounding.
    expect(formatMoney('en', '123456789012345.678', 'USD')).toBe('USD\u00a0123,456,789,012,345.678');
  });

  test('plurals and numbers follow the locale', () => {
    const en = createIntlFor('en', catalogues.en!);
    const zh = createIntlFor('zh-CN', catalogues['zh-CN']!);
    expect(en.formatMessage({ id: 'import.read' }, { records: 1, format: 'CSV', encoding: 'UTF-8' })).toBe(
      'Read 1 record (CSV, UTF-8).',
    );
    expect(en.formatMessage({ id: 'import.read' }, { records: 2000, format: 'CSV', encoding: 'UTF-8' })).toBe(
      'Read 2,000 records (CSV, UTF-8).',
    );
    expect(zh.formatMessage({ id: 'import.read' }, { records: 2000, format: 'CSV', encoding: 'UTF-8' })).toBe(
      '已读取 2,000 条记录（CSV，UTF-8）。',
    );
  });
});

describe('the import encoding chooser', () => {
  test('every encoding offered has a human label in every locale (never its raw code), its code kept in brackets', () => {
    for (const locale of LOCALES) {
      const intl = createIntlFor(locale, catalogues[locale]!);
      const labels = new Set<string>();
      for (const encoding of ['auto', ...IMPORT_ENCODINGS] as const) {
        const label = encodingLabel(intl, encoding);
        expect(label, `${locale} ${encoding}`).not.toBe(encoding);
        if (encoding !== 'auto') expect(label, `${locale} ${encoding}`).toMatch(/.[(（].+[)）]$/);
        labels.add(label);
      }
      // No two encodings read the same.
      expect(labels.size).toBe(IMPORT_ENCODINGS.length + 1);
    }
    const en = createIntlFor('en', catalogues.en!);
    expect(encodingLabel(en, 'ibm866')).toBe('Cyrillic (DOS, IBM 866)');
    expect(encodingLabel(en, 'windows-1252')).toBe('Western European (Windows-1252)');
    expect(encodingLabel(createIntlFor('zh-CN', catalogues['zh-CN']!), 'windows-1252')).toBe('西欧（Windows-1252）');
  });
});

describe('the start-up screen during an upgrade', () => {
  const intl = (locale: Locale) => createIntlFor(locale, catalogues[locale]!) as unknown as IntlShape;
  const upgrading = (step: number, steps: number, rowsTotal: number | null, percent: number) => ({
    step,
    steps,
    rowsTotal,
    percent,
  });

  test('counts steps only when there are several: never "step 1 of 1"', () => {
    expect(upgradeProgressText(intl('en'), upgrading(2, 3, null, 42))).toBe('42% · step 2 of 3');
    expect(upgradeProgressText(intl('zh-CN'), upgrading(2, 3, null, 42))).toBe('42% · 第 2 步，共 3 步');
    for (const locale of LOCALES) {
      const one = upgradeProgressText(intl(locale), upgrading(1, 1, 10_000, 42));
      expect(one, locale).toBe('42%');
    }
  });

  test('one step that cannot count its rows shows no figure (an indeterminate bar, not a 0% that never moves)', () => {
    for (const locale of LOCALES) expect(upgradeProgressText(intl(locale), upgrading(1, 1, null, 0))).toBeNull();
  });
});
