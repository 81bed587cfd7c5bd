import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import {
  CALL_LOG_COLUMNS,
  SQL_MANAGED_COLUMNS,
  rowParams,
  rowToRecord,
} from '../../src/main/core/store/call-log-columns.ts';
import { openDatabase } from '../../src/main/core/store/database.ts';
import { CallRecordSchema } from '../../src/shared/calls.ts';
import { callRecord, endedConnected } from './support-records.ts';
import { tempDir } from './support.ts';

describe('the call-log column table', () => {
  it('matches the migrated call_log schema exactly (every column once, nothing missing)', () => {
    const db: DatabaseSync = openDatabase(path.join(tempDir(), 'columns.db'));
    try {
      const schema = (db.prepare('PRAGMA table_info(call_log)').all() as { name: string }[]).map((row) => row.name);
      const table = [...CALL_LOG_COLUMNS.map((column) => column.column), ...SQL_MANAGED_COLUMNS];
      expect(new Set(table).size).toBe(table.length);
      expect([...table].sort()).toEqual([...schema].sort());
    } finally {
      db.close();
    }
  });

  it('holds every CallRecord field exactly once', () => {
    const fields = CALL_LOG_COLUMNS.flatMap((column) => (column.field ? [column.field] : []));
    expect([...fields].sort()).toEqual(Object.keys(CallRecordSchema.shape).sort());
  });

  it('maps a record to a row and back unchanged (money through integer thousandths)', () => {
    const record = { ...callRecord({ id: 'round-trip' }), ...endedConnected({ rate: '0.050', debit: '12.345' }) };
    const row = rowParams(record);
    expect(row.debit_milli).toBe(12_345);
    expect(rowToRecord(row)).toEqual(record);
  });
});
