/**
 * Migration step 20: calls stored before the outcome 'cancelled' existed, which the user hung up
 * while a leg still rang, were stored as 'no_answer' while their sentence said "Cancelled"; the
 * step re-labels exactly those (shared/calls.ts callOutcome) and leaves every other call as it was.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../src/main/core/store/database.ts';
import { openStore } from '../../src/main/core/store/index.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/core/store/migrations.ts';
import { tempDir } from './support.ts';

const OLD_VERSION = 19;

/** A database at schema 19 holding one call per case: [id, outcome, hang up requested]. */
function oldDatabase(rows: [id: string, outcome: string, hangupRequested: boolean][]): string {
  const file = path.join(tempDir(), 'old.db');
  const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, OLD_VERSION) });
  const at = '2024-05-01T10:00:00.000Z';
  for (const [index, [id, outcome, hangupRequested]] of rows.entries()) {
    db.prepare(
      `INSERT INTO call_log (id, txn_ref, mode, dest1, dest2, tag, state, outcome, hangup_requested_at,
         created_at, created_ms, updated_at, search_text)
       VALUES (?, ?, 'sandbox', '+6590000000', '+6581230001', ?, 'ended', ?, ?, ?, ?, ?, '')`,
    ).run(id, `AA-C-${1_000_001 + index}`, id, outcome, hangupRequested ? at : null, at, Date.parse(at) + index, at);
  }
  expect(schemaVersion(db)).toBe(OLD_VERSION);
  db.close();
  return file;
}

describe('migration step 20: cancelled calls', () => {
  it('re-labels only unanswered calls with a Hang up, and the outcome filter finds them', () => {
    const store = openStore(
      oldDatabase([
        ['hung-up-ringing', 'no_answer', true],
        ['unanswered', 'no_answer', false],
        ['hung-up-connected', 'connected', true],
        ['busy', 'busy', true],
      ]),
    );
    expect(schemaVersion(store.db)).toBe(SCHEMA_VERSION);
    const outcomes = Object.fromEntries(
      store.callLog.query({ limit: 10 }).items.map((call) => [call.tag, call.outcome]),
    );
    expect(outcomes).toEqual({
      'hung-up-ringing': 'cancelled',
      unanswered: 'no_answer',
      'hung-up-connected': 'connected',
      busy: 'busy',
    });
    expect(store.callLog.query({ outcomes: ['cancelled'], limit: 10 }).items.map((call) => call.tag)).toEqual([
      'hung-up-ringing',
    ]);
    store.close();
  });
});
