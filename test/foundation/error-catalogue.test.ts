/**
 * Issue 9 item 12: errors a user can cause cross IPC as data (code, catalogue key, params, per-field
 * problems) and read as plain sentences from one catalogue, in English and Simplified Chinese.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import os from 'node:os';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/index.ts';
import { dispatch } from '../../src/main/ipc.ts';
import { describeIpcError, englishErrorMessage, fieldErrorText } from '../../src/shared/error-messages.ts';
import type { IpcError } from '../../src/shared/errors.ts';

const LOCALES = path.resolve(import.meta.dirname, '../../src/shared/i18n/locales');
const catalogue = (locale: string, namespace: string): Record<string, string> =>
  JSON.parse(readFileSync(path.join(LOCALES, locale, `${namespace}.json`), 'utf8')) as Record<string, string>;

describe('the error and outcome catalogues', () => {
  for (const namespace of ['errors', 'outcomes']) {
    it(`${namespace}.json has the same keys in en and zh-CN, every message valid ICU in its locale`, () => {
      const en = catalogue('en', namespace);
      const zh = catalogue('zh-CN', namespace);
      expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
      const prefix = namespace === 'errors' ? 'error.' : 'outcome.';
      for (const [locale, messages] of [
        ['en', en],
        ['zh-CN', zh],
      ] as const) {
        for (const [id, message] of Object.entries(messages)) {
          expect(id.startsWith(prefix), id).toBe(true);
          expect(() => new IntlMessageFormat(message, locale), `${locale} ${id}`).not.toThrow();
        }
      }
    });
  }

  it('words a key with its ICU arguments, plurals included', () => {
    expect(englishErrorMessage('field.tooLong', { maximum: 1 })).toBe('Use at most 1 character.');
    expect(englishErrorMessage('field.tooLong', { maximum: 200 })).toBe('Use at most 200 characters.');
    expect(englishErrorMessage('no.such.key')).toBe('no.such.key');
  });
});

let core: Core;
let dataDir: string;
const silent = { error: () => {}, warn: () => {} };

async function refusal(channel: string, input: unknown): Promise<IpcError> {
  const result = await dispatch(core.api, channel, input, silent);
  if (result.ok) throw new Error(`${channel} unexpectedly succeeded`);
  return result.error;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-errors-'));
  core = await createCore({ dataDir, shell: 'browser' });
});
afterAll(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('errors a user can cause reach the UI as code, field path and key, never as developer text', () => {
  it('an empty contact name: "Enter a name." next to the name field (the issue\'s example)', async () => {
    const error = await refusal('contacts:create', { name: '  ', phones: [] });
    expect(error).toMatchObject({ code: 'invalid_input', key: 'request.invalid' });
    expect(error.fields).toEqual([{ path: ['name'], key: 'contact.nameRequired' }]);
    expect(fieldErrorText(error, 'name')).toBe('Enter a name.');
    expect(error.message).toBe('Enter a name.');
    expect(describeIpcError(error)).not.toMatch(/contacts:create|✖|→/);
  });

  it('a name over the limit names the limit', async () => {
    const error = await refusal('contacts:create', { name: 'A'.repeat(201) });
    expect(error.fields).toEqual([{ path: ['name'], key: 'field.tooLong', params: { maximum: 200 } }]);
    expect(fieldErrorText(error, 'name')).toBe('Use at most 200 characters.');
  });

  it('settings: default country, caller ID, maximum call length and your phone, each at its field', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ defaultCountry: 'XX' }, 'defaultCountry', 'Choose a country, e.g. SG or US.'],
      [
        { defaultCallerId: 'my number' },
        'defaultCallerId',
        'Choose your number, one of your Hoiio Numbers, or private.',
      ],
      [
        { maxDurationSeconds: 0 },
        'maxDurationSeconds',
        'Enter whole minutes from 1 to 1440 (24 hours), or leave it empty for no limit.',
      ],
      [
        { maxDurationSeconds: 1.5 },
        'maxDurationSeconds',
        'Enter whole minutes from 1 to 1440 (24 hours), or leave it empty for no limit.',
      ],
      [
        { defaultDest1: '9123-4567#' },
        'defaultDest1',
        '“9123-4567#”: # (character 10) cannot be dialled. Use digits, with spaces or - . ( ) / between them if you like.',
      ],
    ];
    for (const [patch, field, sentence] of cases) {
      const error = await refusal('settings:update', patch);
      expect(error.fields?.map((problem) => problem.path.join('.'))).toEqual([field]);
      expect(fieldErrorText(error, field)).toBe(sentence);
    }
  });

  it('settings: a country that is not a code, your phone, caller ID and maximum length refused together, each at its field', async () => {
    const error = await refusal('settings:update', {
      defaultCountry: 'Atlantis',
      defaultDest1: 'call me',
      defaultCallerId: 'my number',
      maxDurationSeconds: 0,
    });
    expect(error.fields?.map((problem) => problem.path.join('.')).sort()).toEqual([
      'defaultCallerId',
      'defaultCountry',
      'defaultDest1',
      'maxDurationSeconds',
    ]);
    expect(fieldErrorText(error, 'defaultCountry')).toBe('Choose a country, e.g. SG or US.');
    expect(fieldErrorText(error, 'defaultDest1')).toMatch(/^“call me”/);
    // National digits need the country to be read: they wait for a country that is a code, and are not refused here.
    const national = await refusal('settings:update', { defaultCountry: 'Atlantis', defaultDest1: '8123 4567' });
    expect(national.fields?.map((problem) => problem.path.join('.'))).toEqual(['defaultCountry']);
  });

  it('a phone number of a contact that is not one number: its own field, in the phone catalogue words', async () => {
    const error = await refusal('contacts:create', {
      name: 'Ann',
      phones: [
        { label: 'work', number: '+65 8123 4567' },
        { label: 'home', number: 'call me maybe' },
      ],
    });
    expect(error).toMatchObject({ code: 'invalid_input', key: 'phone.notANumber' });
    expect(fieldErrorText(error, 'phones.1.number')).toBe(
      '“call me maybe” is not one phone number. Enter a single number, e.g. +65 8123 4567.',
    );
  });

  it('an import path that does not exist says what to do, never a bare (ENOENT)', async () => {
    const missing = path.join(os.tmpdir(), `no-such-${randomUUID()}.vcf`);
    const error = await refusal('importExport:importContacts', {
      jobId: randomUUID(),
      path: missing,
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    expect(error).toMatchObject({ code: 'not_found', key: 'file.notFound', params: { path: missing } });
    expect(error.message).toBe(`The file ${missing} does not exist. Check the name, or choose the file again.`);
    expect(error.message).not.toContain('ENOENT');
  });

  it('a relative import path and a path with NUL are refused at the path field', async () => {
    for (const [bad, key] of [
      ['contacts.vcf', 'file.notAbsolute'],
      ['/tmp/a\0b.vcf', 'field.nulCharacter'],
    ] as const) {
      const error = await refusal('importExport:importContacts', {
        jobId: randomUUID(),
        path: bad,
        defaultCountry: 'SG',
        duplicates: 'merge',
      });
      expect(error.fields?.[0]).toMatchObject({ path: ['path'], key });
    }
  });

  it('a Hoiio refusal carries its status key and the field it concerns', async () => {
    const error = await refusal('calls:place', { dest2: '+65 9123 4567' }); // the sandbox's own number
    expect(error).toMatchObject({ code: 'hoiio', key: 'hoiio.error_same_dest1_dest2' });
    expect(describeIpcError(error)).toBe('Your phone and the number to call are the same.');
  });
});

describe('a refused restore is worded from the catalogue in every language', () => {
  /** The refusal's words in `locale`, from its catalogue key (what the renderer shows). */
  const worded = (error: IpcError, locale: 'en' | 'zh-CN'): string => {
    const message = catalogue(locale, 'errors')[`error.${error.key ?? ''}`];
    if (message === undefined) throw new Error(`no catalogue words for ${error.key ?? `(no key: ${error.message})`}`);
    return String(new IntlMessageFormat(message, locale).format(error.params ?? {}));
  };

  it('a wrong extension, a hidden, missing or non-database file, the data folder, another database', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'hoiio-restore-words-'));
    try {
      const file = (name: string, contents: string | null): string => {
        const chosen = path.join(folder, name);
        if (contents !== null) writeFileSync(chosen, contents);
        return chosen;
      };
      const other = new DatabaseSync(file('other.db', null));
      other.exec('CREATE TABLE things (id INTEGER PRIMARY KEY)');
      other.close();
      const cases: [string, string][] = [
        [file('contacts.vcf', 'BEGIN:VCARD\r\nEND:VCARD\r\n'), 'file.wrongExtension'],
        [file('backup.txt', 'not a backup'), 'file.wrongExtension'],
        [file('.hidden.db', 'x'), 'file.hidden'],
        [file('missing.db', null), 'file.notFound'],
        [file('notes.db', 'just some text, not SQLite'), 'restore.notDatabase'],
        [path.join(folder, 'other.db'), 'restore.foreign'],
        [path.join(dataDir, 'hoiio.db'), 'file.inDataFolder'],
      ];
      for (const [chosen, key] of cases) {
        for (const channel of ['database:checkBackup', 'database:restore']) {
          const input = channel === 'database:restore' ? { jobId: randomUUID(), path: chosen } : { path: chosen };
          const error = await refusal(channel, input);
          expect(error.key, `${channel} ${chosen}`).toBe(key);
          const english = worded(error, 'en');
          expect(english).toMatch(/Choose|Check|Nothing was changed/);
          const chinese = worded(error, 'zh-CN');
          expect(chinese).not.toBe(english);
          expect(chinese, chinese).toMatch(/[\u4e00-\u9fff]/);
        }
      }
      const wrong = await refusal('database:checkBackup', { path: path.join(folder, 'backup.txt') });
      expect(worded(wrong, 'en')).toBe(
        `${path.join(folder, 'backup.txt')} is not a .db, .sqlite, .sqlite3 or .hoiio-backup file. ` +
          'Choose a backup file ending in .db, .sqlite, .sqlite3 or .hoiio-backup.',
      );
      expect(worded(wrong, 'zh-CN')).toContain('备份文件');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
