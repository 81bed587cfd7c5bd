import { afterEach, describe, expect, it } from 'vitest';
import { CallLogOutcomeFilterSchema } from '../../src/shared/call-log.ts';
import type { Store } from '../../src/main/core/store/index.ts';
import { createCallHistoryRepository } from '../../src/main/core/store/call-history.ts';
import { seededRandom } from '../../bench/support/random.ts';
import { callRecord, endedConnected, freshStore } from './support.ts';

/**
 * Totals per month over all calls read the day table (call_log_days, migration 15) and the hours
 * only where a month edge cuts a UTC day. They must equal totals summed from the calls themselves
 * (the path any filter takes), in UTC and in zones ahead of and behind UTC, with DST.
 */
const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

function seeded(): Store {
  const store = freshStore(() => new Date('2025-06-01T00:00:00.000Z'));
  const random = seededRandom(3);
  const start = Date.parse('2023-12-25T00:00:00.000Z');
  for (let index = 0; index < 1_500; index++) {
    // About 14 months, clustered around midnights and month edges too.
    const createdMs = start + Math.floor(random() * 420) * 86_400_000 + Math.floor(random() * 48) * 1_800_000;
    const createdAt = new Date(createdMs).toISOString();
    const ended = random() < 0.8;
    store.callLog.insert(
      callRecord({
        id: `call-${index}`,
        createdAt,
        updatedAt: createdAt,
        mode: random() < 0.5 ? 'live' : 'sandbox',
        ...(ended
          ? endedConnected({
              txnRef: `TX-${index}`,
              durationMinutes: 1 + Math.floor(random() * 9),
              debit: `0.${String(Math.floor(random() * 900) + 100)}`,
              currency: random() < 0.7 ? 'SGD' : 'USD',
            })
          : {}),
      }),
    );
  }
  return store;
}

/** The same totals summed from the calls: every outcome selected makes the repository read the calls. */
const fromCalls = { outcomes: CallLogOutcomeFilterSchema.options as unknown as string[] };

describe('totals per month from the day table', () => {
  for (const timeZone of ['UTC', 'Asia/Singapore', 'America/New_York', 'Europe/London', 'Pacific/Auckland']) {
    it(`equal the totals summed from the calls (${timeZone})`, () => {
      process.env.TZ = timeZone;
      const store = seeded();
      for (const query of [
        { period: 'month', timeZone: 'local' },
        { period: 'month', timeZone: 'utc' },
        { period: 'day', timeZone: 'utc' },
        { period: 'month', timeZone: 'local', mode: 'live' },
        { period: 'month', timeZone: 'local', from: '2024-02-10T13:00:00.000Z', to: '2024-09-03T05:00:00.000Z' },
      ] as const) {
        const viaTables = store.callLog.totals(query);
        const viaCalls = store.callLog.totals({ ...query, ...fromCalls } as typeof query);
        expect(viaTables.buckets.length).toBeGreaterThan(5);
        expect({ query, totals: viaTables }).toEqual({ query, totals: viaCalls });
      }
      store.close();
    });
  }

  it('stay equal to the calls through updates, deletes and an undo', () => {
    const store = seeded();
    const history = createCallHistoryRepository(store.db);
    history.deleteCalls(['call-1', 'call-2', 'call-3']);
    store.callLog.insert(callRecord({ id: 'late', createdAt: '2024-03-01T00:30:00.000Z' }));
    store.callLog.update('late', endedConnected({ txnRef: 'TX-late', durationMinutes: 4 }));
    const days = store.db
      .prepare('SELECT sum(calls) AS calls, sum(minutes) AS minutes, sum(debit_milli) AS debit FROM call_log_days')
      .get();
    const calls = store.db
      .prepare('SELECT count(*) AS calls, sum(duration_minutes) AS minutes, sum(debit_milli) AS debit FROM call_log')
      .get();
    expect(days).toEqual(calls);
    history.undoDelete();
    const query = { period: 'month', timeZone: 'utc' } as const;
    expect(store.callLog.totals(query)).toEqual(store.callLog.totals({ ...query, ...fromCalls } as typeof query));
    store.close();
  });

  it('a write finds an emptied slot by its key, never by reading the whole totals table (issue 13: clear-out at scale)', () => {
    const store = seeded();
    const triggers = store.db
      .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name GLOB 'call_log_[hd][oa]*'`)
      .all() as { name: string; sql: string }[];
    expect(triggers.map((trigger) => trigger.name).sort()).toEqual(
      ['days', 'hours'].flatMap((table) => ['delete', 'insert', 'update'].map((kind) => `call_log_${table}_${kind}`)),
    );
    const deletes = triggers.flatMap((trigger) => trigger.sql.match(/DELETE FROM call_log_\w+ WHERE[^;]*/g) ?? []);
    expect(deletes.length).toBe(4); // the delete and update triggers of each table
    for (const statement of deletes) {
      // The trigger's row values as parameters, then the plan SQLite makes for the statement.
      const sql = statement.replace(/\b(?:old|new)\.\w+/g, '?');
      const plan = store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from(sql.matchAll(/\?/g), () => 1)) as {
        detail: string;
      }[];
      expect(plan.map((step) => step.detail).join(' | '), statement).toMatch(/^SEARCH call_log_\w+ USING PRIMARY KEY/);
    }
    store.close();
  });
});
