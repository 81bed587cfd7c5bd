import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors.ts';
import { moneyToThousandths, thousandthsToMoney } from '../../src/main/core/store/money.ts';
import { openStore, type Store } from '../../src/main/core/store/index.ts';
import { constantOffsetPieces } from '../../src/main/core/store/call-log-repository.ts';
import { callRecord, endedConnected, errorOf, freshStore, tempDir } from './support.ts';

describe('money as integer thousandths', () => {
  it.each([
    ['0.000', 0],
    ['0.015', 15],
    ['1.230', 1230],
    ['-0.500', -500],
    ['123456789.999', 123456789999],
    ['9007199254740.991', 9007199254740991],
  ])('%s <-> %d exactly', (money, thousandths) => {
    expect(moneyToThousandths(money)).toBe(thousandths);
    expect(thousandthsToMoney(thousandths)).toBe(money);
  });

  it('refuses amounts that are not 3-decimal strings or too large to be exact', () => {
    for (const bad of ['1.23', '1', '1.2345', 'abc', '9007199254740.992']) {
      expect(() => moneyToThousandths(bad)).toThrow(AppError);
    }
  });
});

describe('call log: writes', () => {
  it('keeps a record exactly as inserted (money strings, instants with offsets) and derives the outcome', () => {
    const store = freshStore();
    const record = callRecord({
      ...endedConnected({ rate: '0.055', debit: '1.005', createdAt: '2024-05-01T18:00:00+08:00' }),
      outcome: 'busy', // wrong on purpose: the store derives it
      createdAt: '2024-05-01T18:00:00+08:00',
    });
    store.callLog.insert(record);
    expect(store.callLog.getById(record.id)).toEqual({ ...record, outcome: 'connected' });
    expect(store.callLog.getByTxnRef('TX-1')?.id).toBe(record.id);
    expect(store.callLog.getById('missing')).toBeNull();
    store.close();
  });

  it('treats inserting the same record twice as a no-op, and a different one with the same id as a conflict', () => {
    const store = freshStore();
    const record = callRecord();
    store.callLog.insert(record);
    store.callLog.insert(record);
    expect(store.callLog.count()).toBe(1);
    expect(errorOf(() => store.callLog.insert({ ...record, dest2: '+14155550199' })).code).toBe('conflict');
    store.close();
  });

  it('rejects an invalid record with invalid_input and writes nothing', () => {
    const store = freshStore();
    const error = errorOf(() => store.callLog.insert(callRecord({ dest2: '12345' })));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/dest2/);
    expect(store.callLog.count()).toBe(0);
    store.close();
  });

  it('updates idempotently: a repeated patch writes nothing and keeps updatedAt', () => {
    let clock = Date.parse('2024-05-01T10:05:00Z');
    const store = freshStore(() => new Date(clock));
    const record = callRecord();
    store.callLog.insert(record);
    const first = store.callLog.update(record.id, { txnRef: 'TX-9', state: 'live', statusDest1: 'ongoing' });
    expect(first).toMatchObject({
      txnRef: 'TX-9',
      state: 'live',
      outcome: null,
      updatedAt: '2024-05-01T10:05:00.000Z',
    });
    clock += 60_000;
    expect(store.callLog.update(record.id, { txnRef: 'TX-9', state: 'live', statusDest1: 'ongoing' })).toEqual(first);
    expect(store.callLog.getById(record.id)).toEqual(first);
    const ended = store.callLog.update(record.id, endedConnected({ txnRef: 'TX-9' }));
    expect(ended).toMatchObject({ state: 'ended', outcome: 'connected', updatedAt: '2024-05-01T10:06:00.000Z' });
    expect(store.callLog.update(record.id, { updatedAt: '2024-05-01T11:00:00.000Z' }).updatedAt).toBe(
      '2024-05-01T11:00:00.000Z',
    );
    store.close();
  });

  it('refuses to leave a final state or to change a txn_ref; a txn_ref another call has is kept on both (unique per mode and account only)', () => {
    const store = freshStore();
    const a = callRecord();
    const b = callRecord();
    store.callLog.insert(a);
    store.callLog.insert(b);
    store.callLog.update(a.id, endedConnected({ txnRef: 'TX-A' }));
    expect(errorOf(() => store.callLog.update(a.id, { state: 'live' })).code).toBe('conflict');
    expect(errorOf(() => store.callLog.update(a.id, { txnRef: 'TX-OTHER' })).code).toBe('conflict');
    // A restarted sandbox is a new account: Hoiio accepted the call, so the log keeps it (issue 9 item 1).
    expect(store.callLog.update(b.id, { txnRef: 'TX-A' }).txnRef).toBe('TX-A');
    expect(store.callLog.getById(a.id)?.txnRef).toBe('TX-A');
    // A final call may still get late details (e.g. the debit from history).
    expect(store.callLog.update(a.id, { debit: '0.200' }).debit).toBe('0.200');
    expect(store.callLog.getById(a.id)?.state).toBe('ended');
    store.close();
  });

  it('reports unknown ids and invalid patches, leaving the row unchanged', () => {
    const store = freshStore();
    const record = callRecord();
    store.callLog.insert(record);
    expect(errorOf(() => store.callLog.update('nope', { state: 'live' })).code).toBe('not_found');
    expect(errorOf(() => store.callLog.update(record.id, { debit: '1.5' })).code).toBe('invalid_input');
    expect(errorOf(() => store.callLog.update(record.id, { id: 'other' })).code).toBe('invalid_input');
    expect(store.callLog.getById(record.id)).toEqual(record);
    store.close();
  });

  it('updates and upserts by txn_ref idempotently', () => {
    const store = freshStore();
    const placed = callRecord({ txnRef: 'TX-7', state: 'live' });
    store.callLog.insert(placed);
    const viaTxn = store.callLog.updateByTxnRef('TX-7', endedConnected({ txnRef: 'TX-7' }));
    expect(viaTxn).toMatchObject({ id: placed.id, state: 'ended', outcome: 'connected' });
    expect(errorOf(() => store.callLog.updateByTxnRef('TX-none', { state: 'live' })).code).toBe('not_found');

    // From history: a call this machine never placed is inserted once, however often it is seen.
    const fromHistory = callRecord({ ...endedConnected({ txnRef: 'TX-H' }), finalSource: 'history' });
    const expected = { ...fromHistory, outcome: 'connected' };
    expect(store.callLog.upsertByTxnRef(fromHistory)).toEqual(expected);
    expect(store.callLog.upsertByTxnRef(fromHistory)).toEqual(expected);
    expect(store.callLog.count()).toBe(2);
    // A known txn_ref is updated in place, keeping its local id and creation time.
    const updated = store.callLog.upsertByTxnRef({
      ...fromHistory,
      id: 'other-id',
      createdAt: '2030-01-01T00:00:00.000Z',
      debit: '0.300',
    });
    expect(updated).toMatchObject({ id: fromHistory.id, createdAt: fromHistory.createdAt, debit: '0.300' });
    expect(errorOf(() => store.callLog.upsertByTxnRef(callRecord())).code).toBe('invalid_input');
    store.close();
  });

  it('lists unfinished calls (placing, live, unknown), oldest first', () => {
    const store = freshStore();
    const states = ['placing', 'live', 'unknown', 'ended', 'failed'] as const;
    states.forEach((state, index) => {
      const extra =
        state === 'ended'
          ? endedConnected({ txnRef: `TX-${index}` })
          : state === 'failed'
            ? { errorStatus: 'error_x' }
            : {};
      store.callLog.insert(
        callRecord({ id: state, state, ...extra, createdAt: `2024-05-0${5 - index}T00:00:00.000Z` }),
      );
    });
    expect(store.callLog.listUnfinished().map((record) => record.id)).toEqual(['unknown', 'live', 'placing']);
    store.close();
  });
});

describe('call log: queries', () => {
  function seeded(): Store {
    const store = freshStore();
    const alice = store.contacts.create({ name: 'Alice Émond', phones: [{ label: '', number: '+14155550100' }] });
    const day = (n: number, hour = 10): string =>
      `2024-05-${String(n).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
    const rows = [
      callRecord({
        id: 'a1',
        contactId: alice.id,
        createdAt: day(1),
        ...endedConnected({ txnRef: 'TXA1', durationMinutes: 2, debit: '0.100' }),
      }),
      callRecord({
        id: 'a2',
        contactId: alice.id,
        createdAt: day(1, 23),
        ...endedConnected({ txnRef: 'TXA2', durationMinutes: 5, debit: '0.250' }),
      }),
      callRecord({
        id: 'b1',
        dest2: '+442079460018',
        createdAt: day(2),
        ...endedConnected({ txnRef: 'TXB1', statusDest2: 'busy', durationMinutes: 0, debit: '0.000', currency: 'GBP' }),
      }),
      callRecord({
        id: 'f1',
        dest2: '+6581234567',
        createdAt: day(3),
        state: 'failed',
        errorStatus: 'error_insufficient_credit',
      }),
      callRecord({ id: 'p1', dest2: '+6598765432', createdAt: day(20), mode: 'live', state: 'live', txnRef: 'TXP1' }),
      callRecord({
        id: 'j1',
        dest2: '+6598765432',
        createdAt: day(40 - 9),
        ...endedConnected({ txnRef: 'TXJ1', durationMinutes: 1, debit: '0.050' }),
      }),
    ];
    for (const row of rows) store.callLog.insert(row);
    return store;
  }

  const ids = (store: Store, query: Parameters<Store['callLog']['query']>[0]): string[] =>
    store.callLog.query(query).items.map((item) => item.id);

  it('pages newest first with a total', () => {
    const store = seeded();
    expect(ids(store, {})).toEqual(['j1', 'p1', 'f1', 'b1', 'a2', 'a1']);
    const page = store.callLog.query({ offset: 2, limit: 2 });
    expect(page.items.map((item) => item.id)).toEqual(['f1', 'b1']);
    expect(page.total).toBe(6);
    expect(store.callLog.query({ limit: 1 }).items[0]).toMatchObject({ id: 'j1', contactName: null });
    expect(store.callLog.getEntry('a1')?.contactName).toBe('Alice Émond');
    store.close();
  });

  it('filters by date range, outcome, contact, number and mode', () => {
    const store = seeded();
    const alice = store.contacts.list({ search: 'alice' }).items[0]!;
    expect(ids(store, { from: '2024-05-01T12:00:00Z', to: '2024-05-03T10:00:00Z' })).toEqual(['b1', 'a2']);
    expect(ids(store, { from: '2024-05-02T00:00:00+08:00', to: '2024-05-02T00:00:00+08:00' })).toEqual([]);
    expect(ids(store, { outcomes: ['connected'] })).toEqual(['j1', 'a2', 'a1']);
    expect(ids(store, { outcomes: ['busy', 'error'] })).toEqual(['f1', 'b1']);
    expect(ids(store, { outcomes: ['in_progress'] })).toEqual(['p1']);
    expect(ids(store, { contactId: alice.id })).toEqual(['a2', 'a1']);
    expect(ids(store, { number: '+6598765432' })).toEqual(['j1', 'p1']);
    expect(ids(store, { number: '+6581234567' })).toEqual(['j1', 'p1', 'f1', 'b1', 'a2', 'a1']); // dest1 of every call
    expect(ids(store, { mode: 'live' })).toEqual(['p1']);
    expect(store.callLog.query({ outcomes: ['connected'], limit: 1 }).total).toBe(3);
    store.close();
  });

  it.each([
    ['5550', ['a2', 'a1']],
    ['+1 415 555', ['a2', 'a1']],
    ['020 7946', ['b1']],
    ['98765', ['j1', 'p1']],
    ['alice', ['a2', 'a1']],
    ['emond', ['a2', 'a1']],
    ['txb1', ['b1']],
    ['insufficient', ['f1']],
    ['alice 0100', ['a2', 'a1']],
    ['al', ['a2', 'a1']], // under 3 characters: contact names only
    ['a2', []],
    ['zzz', []],
  ])('full-text search %j finds %j', (search, expected) => {
    const store = seeded();
    expect(ids(store, { search })).toEqual(expected);
    store.close();
  });

  it('combines full-text search with filters, short terms and paging (totals stay exact)', () => {
    const store = seeded();
    const alice = store.contacts.list({ search: 'alice' }).items[0]!;
    expect(ids(store, { search: '5550', from: '2024-05-01T12:00:00Z' })).toEqual(['a2']);
    expect(store.callLog.query({ search: '5550', from: '2024-05-01T12:00:00Z' }).total).toBe(1);
    expect(ids(store, { search: 'alice al', contactId: alice.id })).toEqual(['a2', 'a1']);
    expect(ids(store, { search: 'txa1 al' })).toEqual(['a1']);
    expect(ids(store, { search: 'txb1', outcomes: ['connected'] })).toEqual([]);
    expect(store.callLog.query({ search: 'alice', offset: 1, limit: 1 })).toMatchObject({
      items: [{ id: 'a1' }],
      total: 2,
    });
    expect(store.callLog.query({ search: 'alice', offset: 10 })).toEqual({ items: [], total: 2 });
    store.close();
  });

  it('totals calls, minutes and cost per currency per day and per month (UTC)', () => {
    const store = seeded();
    const days = store.callLog.totals({ period: 'day', timeZone: 'utc' });
    expect(days.buckets).toEqual([
      { bucket: '2024-05-01', calls: 2, connected: 2, minutes: 7, costs: [{ currency: 'SGD', amount: '0.350' }] },
      { bucket: '2024-05-02', calls: 1, connected: 0, minutes: 0, costs: [{ currency: 'GBP', amount: '0.000' }] },
      { bucket: '2024-05-03', calls: 1, connected: 0, minutes: 0, costs: [] },
      { bucket: '2024-05-20', calls: 1, connected: 0, minutes: 0, costs: [] },
      { bucket: '2024-05-31', calls: 1, connected: 1, minutes: 1, costs: [{ currency: 'SGD', amount: '0.050' }] },
    ]);
    expect(days.overall).toEqual({
      calls: 6,
      connected: 3,
      minutes: 8,
      costs: [
        { currency: 'GBP', amount: '0.000' },
        { currency: 'SGD', amount: '0.400' },
      ],
    });
    const months = store.callLog.totals({ period: 'month', timeZone: 'utc', outcomes: ['connected'] });
    expect(months.buckets).toEqual([
      { bucket: '2024-05', calls: 3, connected: 3, minutes: 8, costs: [{ currency: 'SGD', amount: '0.400' }] },
    ]);
    store.close();
  });

  it("buckets by the machine's local calendar when asked (23:00 UTC is the next day in Singapore)", () => {
    const previous = process.env.TZ;
    process.env.TZ = 'Asia/Singapore';
    try {
      const store = seeded();
      const days = store.callLog.totals({ period: 'day', timeZone: 'local', to: '2024-05-02T12:00:00Z' });
      expect(days.buckets.map((bucket) => [bucket.bucket, bucket.calls])).toEqual([
        ['2024-05-01', 1],
        ['2024-05-02', 2],
      ]);
      store.close();
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });

  it('rejects malformed queries with invalid_input', () => {
    const store = seeded();
    expect(errorOf(() => store.callLog.query({ limit: 10_000 })).code).toBe('invalid_input');
    expect(errorOf(() => store.callLog.query({ from: 'yesterday' })).code).toBe('invalid_input');
    expect(errorOf(() => store.callLog.query({ search: 'x'.repeat(101) })).code).toBe('invalid_input');
    store.close();
  });
});

describe('call totals across a DST change', () => {
  it('cuts the range where the offset changes, so each call lands on its local day', () => {
    const previous = process.env.TZ;
    process.env.TZ = 'Europe/London'; // BST ends 2024-10-27 02:00 (01:00 UTC)
    try {
      const pieces = constantOffsetPieces(
        Date.parse('2024-10-20T00:00:00Z'),
        Date.parse('2024-11-03T00:00:00Z'),
        'local',
      );
      expect(
        pieces.map((piece) => [
          new Date(piece.from).toISOString(),
          new Date(piece.to).toISOString(),
          piece.offsetMs / 3_600_000,
        ]),
      ).toEqual([
        ['2024-10-20T00:00:00.000Z', '2024-10-27T01:00:00.000Z', 1],
        ['2024-10-27T01:00:00.000Z', '2024-11-03T00:00:00.000Z', 0],
      ]);
      const store = openStore(path.join(tempDir(), 'dst.db'));
      // 23:30 UTC is the next local day in summer (BST), the same day in winter (GMT).
      store.callLog.insert(callRecord({ id: 'summer', createdAt: '2024-10-26T23:30:00.000Z' }));
      store.callLog.insert(callRecord({ id: 'winter', createdAt: '2024-10-27T23:30:00.000Z' }));
      const days = store.callLog.totals({ period: 'day', timeZone: 'local' }).buckets.map((bucket) => bucket.bucket);
      expect(days).toEqual(['2024-10-27']);
      expect(store.callLog.totals({ period: 'day', timeZone: 'local' }).buckets[0]?.calls).toBe(2);
      store.close();
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });
});
