import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TypedEmitter, type CoreEventMap } from '../../src/main/core/events.ts';
import { exportContacts } from '../../src/main/core/io/export.ts';
import { dispatch } from '../../src/main/ipc.ts';
import { createStore, DATABASE_FILE_NAME } from '../../src/main/core/store/index.ts';
import type { CoreApi } from '../../src/shared/contract.ts';
import { AppError, type IpcError, type IpcResult } from '../../src/shared/errors.ts';
import type { ImportReport } from '../../src/shared/import-export.ts';
import { fixture, tempDir } from './support.ts';
import { databaseWorkers, dataHandlers } from './support.ts';

const silent = { error: () => {}, warn: () => {} };
/** Creating symlinks on Windows needs a privilege CI machines rarely have. */
const symlinks = process.platform !== 'win32';

/**
 * The app as it runs: the store in `<dataDir>/hoiio.db`, the data API told where dataDir is,
 * every call through the real IPC dispatch (contract validation in and out). `outside` is an
 * ordinary folder where the user keeps files.
 */
function app() {
  const dataDir = tempDir('hoiio-data-');
  const outside = tempDir('hoiio-documents-');
  const store = createStore({ dataDir, checkpointIntervalMs: 0 });
  store.contacts.create({ name: 'Ada Lovelace', phones: [{ label: 'mobile', number: '+14155550100' }] });
  const data = dataHandlers({
    store,
    dataDir,
    events: new TypedEmitter<CoreEventMap>(),
    defaultCountry: 'SG',
    workers: databaseWorkers(store),
  });
  const call = (channel: string, input: Record<string, unknown>): Promise<IpcResult<unknown>> =>
    dispatch(data.api as unknown as CoreApi, channel, { jobId: crypto.randomUUID(), ...input }, silent);
  const failure = async (channel: string, input: Record<string, unknown>): Promise<IpcError> => {
    const result = await call(channel, input);
    if (result.ok) throw new Error(`${channel} ${JSON.stringify(input)} should have failed`);
    return result.error;
  };
  const value = async <T>(channel: string, input: Record<string, unknown>): Promise<T> => {
    const result = await call(channel, input);
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  const importInput = (file: string, extra: Record<string, unknown> = {}) => ({
    path: file,
    defaultCountry: 'SG',
    duplicates: 'skip',
    ...extra,
  });
  const close = (): void => {
    data.close();
    store.close();
  };
  return { dataDir, outside, store, call, failure, value, importInput, close };
}

/** The files of a folder with their bytes, to show nothing changed. */
function snapshot(folder: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder)
      .filter((name) => statSync(path.join(folder, name)).isFile())
      .map((name) => [name, readFileSync(path.join(folder, name)).toString('base64')]),
  );
}

describe('export never writes into the data folder', () => {
  it('refuses hoiio.db itself, with or without overwrite; the database is untouched and opens with every contact', async () => {
    const { dataDir, store, failure, close } = app();
    store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const database = path.join(dataDir, DATABASE_FILE_NAME);
    const before = readFileSync(database);

    for (const overwrite of [false, true]) {
      for (const format of ['vcard', 'csv'] as const) {
        const error = await failure('importExport:exportContacts', { path: database, format, overwrite });
        expect(error.code).toBe('invalid_input');
      }
      expect((await failure('callLog:exportCsv', { path: database, overwrite })).code).toBe('invalid_input');
    }
    // Even with the right extension, nothing in the data folder can be written.
    const inside = await failure('importExport:exportContacts', {
      path: path.join(dataDir, 'contacts.vcf'),
      format: 'vcard',
    });
    expect(inside).toMatchObject({ code: 'invalid_input' });
    expect(inside.message).toMatch(/data folder/);
    expect(inside.message).toMatch(/Choose a file in another folder/);
    expect(existsSync(path.join(dataDir, 'contacts.vcf'))).toBe(false);
    expect(
      (await failure('callLog:exportCsv', { path: path.join(dataDir, 'logs', 'calls.csv'), overwrite: true })).code,
    ).toBe('invalid_input');
    close();

    expect(readFileSync(database).equals(before)).toBe(true);
    expect(readdirSync(dataDir).some((name) => name.endsWith('.partial'))).toBe(false);
    const reopened = createStore({ dataDir, checkpointIntervalMs: 0 });
    expect(reopened.recoveredFrom).toBeNull();
    expect(reopened.contacts.list({}).items.map((contact) => contact.name)).toEqual(['Ada Lovelace']);
    reopened.close();
  });

  it.runIf(symlinks)('symlinks cannot lead an export into the data folder', async () => {
    const { dataDir, outside, failure, value, close } = app();
    const before = snapshot(dataDir);

    // A folder link: outside/app-data -> dataDir.
    symlinkSync(dataDir, path.join(outside, 'app-data'), 'dir');
    const viaFolder = await failure('importExport:exportContacts', {
      path: path.join(outside, 'app-data', 'contacts.vcf'),
      format: 'vcard',
      overwrite: true,
    });
    expect(viaFolder.code).toBe('invalid_input');
    expect(viaFolder.message).toMatch(/data folder/);

    // A file link with an innocent name: outside/contacts.vcf -> dataDir/hoiio.db.
    symlinkSync(path.join(dataDir, DATABASE_FILE_NAME), path.join(outside, 'contacts.vcf'));
    const viaFile = await failure('importExport:exportContacts', {
      path: path.join(outside, 'contacts.vcf'),
      format: 'vcard',
      overwrite: true,
    });
    expect(viaFile.code).toBe('invalid_input');
    expect(viaFile.message).toMatch(/data folder/);
    // A dangling link (to a file the app would create there) is refused too, not followed or replaced.
    symlinkSync(path.join(dataDir, 'settings.csv'), path.join(outside, 'calls.csv'));
    const dangling = await failure('callLog:exportCsv', { path: path.join(outside, 'calls.csv'), overwrite: true });
    expect(dangling).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/link to a file that does not exist/),
    });
    expect(existsSync(path.join(dataDir, 'settings.csv'))).toBe(false);

    expect(snapshot(dataDir)).toEqual(before);
    // The same folder through an ordinary path still works.
    expect(
      await value('importExport:exportContacts', { path: path.join(outside, 'ada.vcf'), format: 'vcard' }),
    ).toEqual({ path: path.join(outside, 'ada.vcf'), count: 1 });
    close();
  });
});

describe('import never reads from the data folder', () => {
  it('refuses files inside the data folder, even with a contacts extension', async () => {
    const { dataDir, failure, importInput, close } = app();
    writeFileSync(path.join(dataDir, 'copy.csv'), 'Name,Phone\r\nEve,+14155550111\r\n');
    const error = await failure('importExport:importContacts', importInput(path.join(dataDir, 'copy.csv')));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/data folder/);
    expect(
      (await failure('importExport:importContacts', importInput(path.join(dataDir, DATABASE_FILE_NAME)))).code,
    ).toBe('invalid_input');
    close();
  });

  it.runIf(symlinks)('symlinks into the data folder, or to files of another kind, are refused', async () => {
    const { dataDir, outside, failure, value, importInput, close } = app();
    mkdirSync(path.join(dataDir, 'logs'));
    writeFileSync(path.join(dataDir, 'logs', 'main.csv'), 'Name,Phone\r\nSecret,+14155550111\r\n');
    symlinkSync(path.join(dataDir, DATABASE_FILE_NAME), path.join(outside, 'contacts.vcf'));
    symlinkSync(path.join(dataDir, 'logs'), path.join(outside, 'logs'), 'dir');
    for (const file of [path.join(outside, 'contacts.vcf'), path.join(outside, 'logs', 'main.csv')]) {
      const error = await failure('importExport:importContacts', importInput(file));
      expect(error.code).toBe('invalid_input');
      expect(error.message).toMatch(/data folder/);
    }

    // outside/addresses.csv -> outside/private.key: the real file's name decides.
    writeFileSync(path.join(outside, 'private.key'), 'Name,Phone\r\nKey,+14155550111\r\n');
    symlinkSync(path.join(outside, 'private.key'), path.join(outside, 'addresses.csv'));
    const other = await failure('importExport:importContacts', importInput(path.join(outside, 'addresses.csv')));
    expect(other.code).toBe('invalid_input');
    expect(other.message).toMatch(/leads to private\.key/);

    // A link to a real contacts file elsewhere is fine.
    symlinkSync(fixture('google-contacts.csv'), path.join(outside, 'google.csv'));
    const report = await value<ImportReport>(
      'importExport:importContacts',
      importInput(path.join(outside, 'google.csv')),
    );
    expect(report.counts.imported).toBe(5); // the fixture's five people, one with no number (csv-import.test)
    close();
  });
});

describe('file names and extensions', () => {
  it('import: the extension must fit the format; hidden files are refused; case does not matter', async () => {
    const { outside, failure, value, importInput, close } = app();
    const contents = readFileSync(fixture('apple-contacts.vcf'));
    const write = (name: string): string => {
      const file = path.join(outside, name);
      writeFileSync(file, contents);
      return file;
    };
    const refused = async (file: string, format?: string): Promise<string> => {
      const error = await failure('importExport:importContacts', importInput(file, format ? { format } : {}));
      expect(error.code).toBe('invalid_input');
      return error.message;
    };
    expect(await refused(write('contacts.txt'))).toMatch(/\.vcf, \.vcard or \.csv/);
    expect(await refused(write('contacts'))).toMatch(/Choose a contacts file ending in/);
    expect(await refused(write('cards.vcf'), 'csv')).toMatch(/not a \.csv file/);
    expect(await refused(write('table.csv'), 'vcard')).toMatch(/not a \.vcf or \.vcard file/);
    expect(await refused(write('.contacts.vcf'))).toMatch(
      /hidden file.*Choose a file whose name does not start with "\."/,
    );
    expect(await refused(write('.vcf'))).toMatch(/hidden file/);

    const upper = await value<ImportReport>('importExport:importContacts', importInput(write('APPLE.VCF')));
    expect(upper.counts.imported).toBeGreaterThan(0);
    const vcard = await value<ImportReport>(
      'importExport:importContacts',
      importInput(write('apple.vcard'), { format: 'vcard', duplicates: 'merge' }),
    );
    expect(vcard.format).toBe('vcard');
    const missing = await failure('importExport:importContacts', importInput(path.join(outside, 'gone.vcf')));
    expect(missing.code).toBe('not_found');
    close();
  });

  it('export: .vcf for vCard, .csv for CSV and the call log; hidden files are refused', async () => {
    const { outside, failure, value, close } = app();
    const refused = async (channel: string, name: string, format?: string): Promise<string> => {
      const error = await failure(channel, {
        path: path.join(outside, name),
        overwrite: true,
        ...(format ? { format } : {}),
      });
      expect(error.code).toBe('invalid_input');
      expect(existsSync(path.join(outside, name))).toBe(false);
      return error.message;
    };
    expect(await refused('importExport:exportContacts', 'contacts.csv', 'vcard')).toMatch(
      /does not end in \.vcf\. Choose a file name ending in \.vcf/,
    );
    expect(await refused('importExport:exportContacts', 'contacts.vcard', 'vcard')).toMatch(/\.vcf/);
    expect(await refused('importExport:exportContacts', 'contacts.vcf', 'csv')).toMatch(/does not end in \.csv/);
    expect(await refused('importExport:exportContacts', 'contacts.sh', 'csv')).toMatch(/\.csv/);
    expect(await refused('importExport:exportContacts', '.bashrc', 'csv')).toMatch(/hidden file/);
    expect(await refused('importExport:exportContacts', '.hidden.vcf', 'vcard')).toMatch(/hidden file/);
    expect(await refused('callLog:exportCsv', 'calls.vcf')).toMatch(/does not end in \.csv/);
    expect(await refused('callLog:exportCsv', '.calls.csv')).toMatch(/hidden file/);
    expect(await refused('callLog:exportCsv', 'calls')).toMatch(/\.csv/);
    const noFolder = await failure('callLog:exportCsv', { path: path.join(outside, 'nope', 'calls.csv') });
    expect(noFolder).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/does not exist/) });

    expect(
      await value('importExport:exportContacts', { path: path.join(outside, 'Ada.VCF'), format: 'vcard' }),
    ).toEqual({
      path: path.join(outside, 'Ada.VCF'),
      count: 1,
    });
    expect(await value('callLog:exportCsv', { path: path.join(outside, 'calls.csv') })).toEqual({
      path: path.join(outside, 'calls.csv'),
      count: 0,
    });
    close();
  });
});

describe('replacing an existing file', () => {
  it('an export onto an existing file fails with conflict unless overwrite is true', async () => {
    const { outside, failure, value, close } = app();
    const contacts = path.join(outside, 'contacts.vcf');
    const calls = path.join(outside, 'calls.csv');
    writeFileSync(contacts, 'keep me');
    writeFileSync(calls, 'keep me too');

    const conflict = await failure('importExport:exportContacts', { path: contacts, format: 'vcard' });
    expect(conflict.code).toBe('conflict');
    expect(conflict.message).toBe(
      `A file named contacts.vcf already exists in ${outside}. Choose another name or confirm replacing it.`,
    );
    expect(
      (await failure('importExport:exportContacts', { path: contacts, format: 'vcard', overwrite: false })).code,
    ).toBe('conflict');
    expect((await failure('callLog:exportCsv', { path: calls })).code).toBe('conflict');
    expect(readFileSync(contacts, 'utf8')).toBe('keep me');
    expect(readFileSync(calls, 'utf8')).toBe('keep me too');
    expect(readdirSync(outside).sort()).toEqual(['calls.csv', 'contacts.vcf']);

    expect(await value('importExport:exportContacts', { path: contacts, format: 'vcard', overwrite: true })).toEqual({
      path: contacts,
      count: 1,
    });
    expect(readFileSync(contacts, 'utf8')).toMatch(/^BEGIN:VCARD/);
    expect(await value('callLog:exportCsv', { path: calls, overwrite: true })).toMatchObject({ count: 0 });
    expect(readFileSync(calls, 'utf8')).toMatch(/Call id/);

    mkdirSync(path.join(outside, 'folder.csv'));
    const folder = await failure('callLog:exportCsv', { path: path.join(outside, 'folder.csv'), overwrite: true });
    expect(folder).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/is a folder/) });
    close();
  });

  it('a file that appears while the export is being written is not replaced', async () => {
    const { outside, store, close } = app();
    const target = path.join(outside, 'late.vcf');
    let error: unknown;
    try {
      await exportContacts(
        store.contacts,
        target,
        { format: 'vcard' },
        { onProgress: () => writeFileSync(target, 'written by someone else meanwhile') },
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('conflict');
    expect(readFileSync(target, 'utf8')).toBe('written by someone else meanwhile');
    expect(readdirSync(outside)).toEqual(['late.vcf']);
    close();
  });
});

describe('the import report quotes only enough of the file to find the record', () => {
  it('cuts echoed values to 64 characters and lists at most three unreadable numbers per record', async () => {
    const { outside, value, importInput, close } = app();
    const secret = `SECRET-${'s'.repeat(500)}`;
    const numbers = Array.from({ length: 10 }, (_, index) => `not a number ${index} ${'z'.repeat(100)}`);
    const file = path.join(outside, 'odd.csv');
    writeFileSync(
      file,
      [
        'Name,Phone,Phone 2',
        `Leaky,${secret},`,
        `${'N'.repeat(300)},+14155550122,${secret}`,
        ...numbers.slice(0, 5).map((text, index) => `Many ${index},${text},${numbers[index + 5]}`),
      ].join('\r\n'),
    );
    const report = await value<ImportReport>('importExport:importContacts', importInput(file));
    const texts = [...report.rejected, ...report.warnings, ...report.imported].flatMap((entry) => [
      entry.reason ?? '',
      entry.name ?? '',
    ]);
    expect(texts.every((text) => !text.includes('s'.repeat(64)) && !text.includes('z'.repeat(64)))).toBe(true);
    expect(texts.every((text) => !text.includes('N'.repeat(65)))).toBe(true);
    const leaky = report.rejected.find((entry) => entry.line === 2);
    // Still useful: which value, and why.
    expect(leaky?.reason).toMatch(/^No valid phone number: "SECRET-s+…" is (not a phone number|too short or too long)/);
    expect(leaky!.reason!.length).toBeLessThan(160);
    const warned = report.warnings.find((entry) => entry.line === 3);
    expect(warned?.name).toBe(`${'N'.repeat(63)}…`);
    close();
  });

  it('a CSV without usable columns names at most twelve, each cut short', async () => {
    const { outside, failure, importInput, close } = app();
    const file = path.join(outside, 'table.csv');
    const header = Array.from({ length: 20 }, (_, index) => `column ${index} ${'h'.repeat(200)}`).join(',');
    writeFileSync(file, `${header}\r\nvalue\r\n`);
    const error = await failure('importExport:importContacts', importInput(file));
    expect(error.code).toBe('invalid_input');
    expect(error.message).not.toMatch(/h{40}/);
    expect(error.message).toMatch(/column 0 h+…, column 1/);
    expect(error.message.length).toBeLessThan(800);
    close();
  });

  it('a vCard the parser cannot read is rejected with a short reason', async () => {
    const { outside, value, importInput, close } = app();
    const file = path.join(outside, 'broken.vcf');
    writeFileSync(
      file,
      `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken\r\nTEL;TYPE="${'q'.repeat(400)}:+14155550100\r\nEND:VCARD\r\n`,
    );
    const report = await value<ImportReport>('importExport:importContacts', importInput(file));
    const reasons = report.rejected.map((entry) => entry.reason ?? '');
    expect(reasons.every((reason) => reason.length < 140 && !reason.includes('q'.repeat(100)))).toBe(true);
    close();
  });
});

describe('a restore chosen with the wrong extension', () => {
  it('asks for a backup file, not a contacts file', async () => {
    const { createFileGuard } = await import('../../src/main/core/io/file-paths.ts');
    const guard = createFileGuard(tempDir('hoiio-data-'));
    const chosen = path.join(tempDir('hoiio-files-'), 'contacts.vcf');
    writeFileSync(chosen, 'BEGIN:VCARD\r\nEND:VCARD\r\n');
    expect(() => guard.importFile(chosen, 'backup')).toThrow(/Choose a backup file ending in \.db/);
    expect(() => guard.importFile(chosen, 'csv')).toThrow(/Choose a contacts file ending in \.csv/);
  });
});
