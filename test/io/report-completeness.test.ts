/**
 * Issue 9: the import report lists every record of the file exactly once (imported, merged,
 * skipped or rejected), for every import fixture in the test suite, imported into an empty store
 * and then again over itself (where records become merges or skips).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importContactsFromFile } from '../../src/main/core/io/contact-import.ts';
import type { ImportReport } from '../../src/shared/import-export.ts';
import { FIXTURES, fixture, freshStore } from './support.ts';

const FILES = readdirSync(FIXTURES).filter((name) => /\.(vcf|csv)$/i.test(name));

function rowsListed(report: ImportReport): number[] {
  return [...report.imported, ...report.merged, ...report.skipped, ...report.rejected].map((entry) => entry.row);
}

function expectEveryRecordOnce(report: ImportReport): void {
  const rows = rowsListed(report).sort((a, b) => a - b);
  expect(rows).toEqual(Array.from({ length: report.records }, (_, index) => index + 1));
  const { imported, merged, skipped, rejected } = report.counts;
  expect(imported + merged + skipped + rejected).toBe(report.records);
}

describe('every record of every fixture appears exactly once in the report', () => {
  it('there are fixtures to check', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of FILES) {
    for (const duplicates of ['merge', 'skip'] as const) {
      it(`${name}, duplicates ${duplicates}: first import and a repeat import`, async () => {
        const store = freshStore();
        const options = { defaultCountry: 'US' as const, duplicates };
        const first = await importContactsFromFile(store.contacts, fixture(name), options);
        expect(first.records).toBeGreaterThan(0);
        expectEveryRecordOnce(first);
        const again = await importContactsFromFile(store.contacts, fixture(name), options);
        expect(again.records).toBe(first.records);
        expectEveryRecordOnce(again);
        store.close();
      });
    }
  }
});
