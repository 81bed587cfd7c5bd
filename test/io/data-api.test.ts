import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IpcResult } from '../../src/shared/errors.ts';
import { callRecord, endedConnected } from '../store/support.ts';
import { dataApiHarness as harness, fixture, tempDir } from './support.ts';

const errorCode = (result: IpcResult<unknown>): string | undefined => (result.ok ? undefined : result.error.code);

describe('data API over the IPC contract', () => {
  it('reads numbers typed without a country code in the default country from settings', async () => {
    const { value, call } = harness();
    const singaporean = await value<{ phones: Array<{ e164: string }> }>('contacts:create', {
      name: 'Local',
      phones: [{ number: '8123 4567' }],
    });
    expect(singaporean.phones.map((phone) => phone.e164)).toEqual(['+6581234567']);
    const american = await value<{ phones: Array<{ e164: string }> }>('contacts:create', {
      name: 'Visitor',
      phones: [{ number: '(415) 555-0100' }],
      defaultCountry: 'US',
    });
    expect(american.phones.map((phone) => phone.e164)).toEqual(['+14155550100']);
    expect(errorCode(await call('contacts:create', { name: 'Nope', phones: [{ number: '12' }] }))).toBe(
      'invalid_input',
    );
  });

  it('contacts: create, list, search, favourite, delete and undo, each announcing contactsChanged', async () => {
    const { store, seen, value } = harness();
    const created = await value<{ id: string }>('contacts:create', {
      name: 'Ada',
      phones: [{ label: 'mobile', number: '(415) 555-0100' }],
      defaultCountry: 'US',
    });
    expect(await value('contacts:list', { search: '5550' })).toMatchObject({ total: 1, items: [{ id: created.id }] });
    expect(await value('contacts:findByNumber', { e164: '+14155550100' })).toMatchObject({
      id: created.id,
      name: 'Ada',
    });
    expect(await value('contacts:findByNumber', { e164: '+14155550199' })).toBeNull();
    expect(await value('contacts:toggleFavourite', { id: created.id })).toMatchObject({ favourite: true });
    expect(await value('contacts:setFavourite', { id: created.id, favourite: false })).toMatchObject({
      favourite: false,
    });
    expect(await value('contacts:update', { id: created.id, company: 'Engines' })).toMatchObject({
      company: 'Engines',
    });
    expect(await value('contacts:delete', { ids: [created.id] })).toEqual({ deleted: 1, undoable: true });
    expect(await value('contacts:undoDelete')).toMatchObject({ restored: [{ id: created.id }] });
    expect(await value('contacts:get', { id: created.id })).toMatchObject({ name: 'Ada', company: 'Engines' });
    expect(seen.map((event) => (event.payload as { reason: string }).reason)).toEqual([
      'created',
      'updated',
      'updated',
      'updated',
      'deleted',
      'restored',
    ]);
    store.close();
  });

  it('rejects inputs outside the contract: unknown keys, oversized strings and pages, bad numbers', async () => {
    const { store, call } = harness();
    expect(errorCode(await call('contacts:create', { name: 'x'.repeat(201) }))).toBe('invalid_input');
    expect(errorCode(await call('contacts:create', { name: 'A', admin: true }))).toBe('invalid_input');
    expect(errorCode(await call('contacts:create', { name: 'A', defaultCountry: 'XX' }))).toBe('invalid_input');
    expect(errorCode(await call('contacts:list', { limit: 1_000 }))).toBe('invalid_input');
    expect(errorCode(await call('contacts:list', { search: 'y'.repeat(101) }))).toBe('invalid_input');
    expect(errorCode(await call('contacts:delete', { ids: [] }))).toBe('invalid_input');
    expect(errorCode(await call('callLog:query', { limit: 501 }))).toBe('invalid_input');
    expect(errorCode(await call('callLog:totals', { period: 'week' }))).toBe('invalid_input');
    expect(errorCode(await call('contacts:create', { name: 'A', phones: [{ number: 'abc' }] }))).toBe('invalid_input');
    expect(errorCode(await call('contacts:get', { id: 'missing' }))).toBe('not_found');
    expect(errorCode(await call('contacts:undoDelete'))).toBe('not_found');
    expect(store.contacts.count()).toBe(0);
    store.close();
  });

  it('call log: query, get and totals return data the contract accepts', async () => {
    const { store, value, call } = harness();
    store.callLog.insert(callRecord({ id: 'c1', ...endedConnected({ txnRef: 'TXQ' }) }));
    expect(await value('callLog:query', { search: 'txq' })).toMatchObject({
      total: 1,
      items: [{ id: 'c1', contactName: null, outcome: 'connected' }],
    });
    expect(await value('callLog:get', { id: 'c1' })).toMatchObject({ id: 'c1', debit: '0.150' });
    expect(errorCode(await call('callLog:get', { id: 'nope' }))).toBe('not_found');
    expect(await value('callLog:totals', { period: 'month', timeZone: 'utc' })).toMatchObject({
      overall: { calls: 1, minutes: 3, costs: [{ currency: 'SGD', amount: '0.150' }] },
    });
    store.close();
  });

  it('imports with progress events tagged by the job id, and exports contacts and the call log to chosen paths', async () => {
    const { store, seen, value, call } = harness();
    const jobId = crypto.randomUUID();
    const report = await value<{ counts: { imported: number } }>('importExport:importContacts', {
      jobId,
      path: fixture('google-contacts.csv'),
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    // Five: the file's contact with no number is imported without one.
    expect(report.counts.imported).toBe(5);
    const progress = seen.filter((event) => event.name === 'importExportProgress').map((event) => event.payload);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((event) => (event as { jobId: string }).jobId === jobId)).toBe(true);
    expect(
      seen.some(
        (event) => event.name === 'contactsChanged' && (event.payload as { reason: string }).reason === 'imported',
      ),
    ).toBe(true);

    const dir = tempDir();
    const vcf = path.join(dir, 'out.vcf');
    expect(
      await value('importExport:exportContacts', { jobId: crypto.randomUUID(), path: vcf, format: 'vcard' }),
    ).toEqual({ path: vcf, count: 5 });
    store.callLog.insert(callRecord({ id: 'e1' }));
    const csv = path.join(dir, 'calls.csv');
    expect(await value('callLog:exportCsv', { jobId: crypto.randomUUID(), path: csv, filter: { search: '' } })).toEqual(
      { path: csv, count: 1 },
    );
    expect(readFileSync(csv, 'utf8')).toMatch(/e1/);

    expect(
      errorCode(
        await call('importExport:importContacts', {
          jobId,
          path: 'relative.vcf',
          defaultCountry: 'SG',
          duplicates: 'skip',
        }),
      ),
    ).toBe('invalid_input');
    const windowsPath = await call('importExport:importContacts', {
      jobId,
      path: 'C:\\x.vcf',
      defaultCountry: 'SG',
      duplicates: 'skip',
    });
    expect(errorCode(windowsPath)).toBe(process.platform === 'win32' ? 'not_found' : 'invalid_input');
    store.close();
  });

  it('cancels a running import by job id: the call fails with cancelled and nothing is imported', async () => {
    const { store, events, call } = harness();
    const lines = Array.from(
      { length: 30_000 },
      (_, index) => `Person ${index},+4477009${String(index).padStart(5, '0')}`,
    );
    const file = path.join(tempDir(), 'many.csv');
    writeFileSync(file, `Name,Phone\r\n${lines.join('\r\n')}\r\n`);
    const jobId = crypto.randomUUID();
    let cancelAnswer: Promise<IpcResult<unknown>> | undefined;
    const unsubscribe = events.on('importExportProgress', (progress) => {
      if (progress.jobId === jobId) cancelAnswer ??= call('importExport:cancel', { jobId });
    });
    const result = await call('importExport:importContacts', {
      jobId,
      path: file,
      defaultCountry: 'GB',
      duplicates: 'merge',
    });
    unsubscribe();
    expect(await cancelAnswer).toEqual({ ok: true, value: { cancelled: true } });
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(store.contacts.count()).toBe(0);
    expect(await call('importExport:cancel', { jobId })).toEqual({ ok: true, value: { cancelled: false } });
    store.close();
  });
});
