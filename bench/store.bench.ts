/**
 * `npm run bench:store`: the local data layer on a real database file with 100,000 calls and
 * 10,000 contacts. Prints figures; asserts nothing (timings depend on the machine).
 *
 * Measures: call append and update (p50/p99, synchronous=NORMAL as the app runs, and FULL),
 * call-log search and contact search, the first page of the log, totals, importing 10,000
 * vCards, opening the database (checks + migrations), and the same append/update against a
 * single-JSON-file store (conf, electron-store's engine) as the baseline ratio.
 * Flags: --calls <n> (default 100000; 1000000 for issue 13's second set of figures), --contacts <n>
 * (default 10000; 100000 for the contact-search goal), --only contacts (no calls are written and only
 * the contact figures are taken: seconds, not minutes, at 100,000 contacts), --only search (only the
 * call-log search figures: a minute at 1,000,000 calls once the cached file exists), --json, --keep <file>
 * (reuse a populated database between runs). Above 100,000 calls the data set is written in bulk by SQL
 * (test/support/seed-large.ts, as bench:ui does) and cached in the temp folder by default
 * (hoiio-bench-store-<calls>x<contacts>.db), so 1,000,000 calls are built once; each run copies
 * the cache and opens the copy (migrations of a cache made by an older schema are timed in setup).
 * Every goal line ends with MET or MISSED against issue 13's goals; the load average is printed
 * because the figures move with it.
 */
import { decideImport } from '../src/main/core/io/import-merge-policy.ts';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Conf from 'conf';
import { importContactsFromFile } from '../src/main/core/io/contact-import.ts';
import { openStore, type Store } from '../src/main/core/store/index.ts';
import { inTransaction } from '../src/main/core/store/transaction.ts';
import type { CallRecord } from '../src/shared/calls.ts';
import { seededRandom } from './support/random.ts';
import { seedLargeDataDir } from '../test/support/seed-large.ts';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '100000' },
    contacts: { type: 'string', default: '10000' },
    json: { type: 'boolean', default: false },
    /** Keep the populated database here and reuse it on later runs (for profiling). */
    keep: { type: 'string' },
    /** `contacts`: only the contact figures, on a database with no calls; `search`: only the call-log search figures. */
    only: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`npm run bench:store -- [--calls <n>] [--contacts <n>] [--only contacts|search] [--keep <file>] [--json]
  --calls <n>       calls in the database (default 100000; 1000000 for issue 13's second set of figures;
                    above 100,000 the file is seeded in bulk and cached in the temp folder)
  --contacts <n>    contacts (default 10000; 100000 for the contact-search goal)
  --only contacts   only the contact figures (no calls written)
  --only search     only the call-log search figures (page + total per kind of query, 2nd page)
  --keep <file>     keep the populated database there and reuse it on later runs
  --json            figures as JSON`);
  process.exit(0);
}
if (values.only !== undefined && values.only !== 'contacts' && values.only !== 'search') {
  console.error(`--only takes "contacts" or "search" (got ${JSON.stringify(values.only)})`);
  process.exit(2);
}
const ONLY_CONTACTS = values.only === 'contacts';
const ONLY_SEARCH = values.only === 'search';
const CALLS = ONLY_CONTACTS ? 0 : Number(values.calls);
const CONTACTS = Number(values.contacts);

/** Deterministic pseudo-random numbers, so every run measures the same data. */
let random = seededRandom(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const digits = (count: number): string => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');

const SYLLABLES = [
  'an',
  'bel',
  'cor',
  'da',
  'el',
  'fin',
  'gra',
  'hal',
  'is',
  'jo',
  'ka',
  'lin',
  'mo',
  'na',
  'or',
  'pe',
  'qui',
  'ra',
  'si',
  'to',
  'ul',
  'vi',
  'wen',
  'xa',
  'yo',
  'zu',
];
const word = (): string => {
  const text = Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join('');
  return text[0]!.toUpperCase() + text.slice(1);
};
/** Number prefixes with the length of a whole E.164 number there (digits after "+"). */
const PREFIXES: readonly [string, number][] = [
  ['+1415', 11],
  ['+1212', 11],
  ['+4420', 12],
  ['+447700', 12],
  ['+6581', 10],
  ['+6591', 10],
  ['+6561', 10],
  ['+8190', 12],
  ['+4930', 12],
  ['+336', 11],
];
const randomNumber = (): string => {
  const [prefix, length] = pick(PREFIXES);
  return prefix + digits(length - (prefix.length - 1));
};

interface Figures {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

function percentiles(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number): number => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1)!, count: sorted.length };
}

function measure(runs: number, work: (index: number) => void): Figures {
  const samples: number[] = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    work(index);
    samples.push(performance.now() - start);
  }
  return percentiles(samples);
}

const OUTCOMES = [
  { state: 'ended', statusDest1: 'answered', statusDest2: 'answered' },
  { state: 'ended', statusDest1: 'answered', statusDest2: 'busy' },
  { state: 'ended', statusDest1: 'answered', statusDest2: 'unanswered' },
  { state: 'ended', statusDest1: 'unanswered', statusDest2: null },
  { state: 'failed', statusDest1: null, statusDest2: null },
] as const;

const START_MS = Date.UTC(2023, 0, 1);
function makeCall(index: number, contact: { id: string; number: string } | null): CallRecord {
  const createdMs = START_MS + index * 600_000 + Math.floor(random() * 300_000);
  const outcome = pick(OUTCOMES);
  const ended = outcome.state === 'ended';
  const minutes = outcome.statusDest2 === 'answered' ? 1 + Math.floor(random() * 20) : 0;
  const id = `call-${index}-${digits(6)}`;
  return {
    id,
    txnRef: outcome.state === 'failed' ? null : `TX${String(index).padStart(8, '0')}`,
    mode: 'live',
    dest1: '+6581234567',
    dest2: contact?.number ?? randomNumber(),
    callerId: null,
    tag: id,
    contactId: contact?.id ?? null,
    state: outcome.state,
    statusDest1: outcome.statusDest1,
    statusDest2: outcome.statusDest2,
    outcome: null,
    finalSource: ended ? 'notification' : 'request',
    createdAt: new Date(createdMs).toISOString(),
    answeredAt: minutes > 0 ? new Date(createdMs + 15_000).toISOString() : null,
    endedAt: ended ? new Date(createdMs + 15_000 + minutes * 60_000).toISOString() : null,
    updatedAt: new Date(createdMs + 60_000).toISOString(),
    durationMinutes: ended ? minutes : null,
    rate: ended ? '0.050' : null,
    debit: ended ? `${Math.floor((minutes * 50) / 1000)}.${String((minutes * 50) % 1000).padStart(3, '0')}` : null,
    currency: ended ? pick(['SGD', 'SGD', 'SGD', 'USD']) : null,
    errorStatus: ended ? null : 'error_insufficient_credit',
    errorMessage: null,
  };
}

function populate(store: Store): { contactIds: string[]; callIds: string[]; numbers: string[] } {
  const drafts = Array.from({ length: CONTACTS }, () => ({
    name: `${word()} ${word()}`,
    company: random() < 0.4 ? `${word()} ${pick(['Ltd', 'Pte Ltd', 'Inc.', 'GmbH'])}` : '',
    notes: '',
    favourite: random() < 0.05,
    phones: Array.from({ length: 1 + Math.floor(random() * 2) }, (_, index) => {
      const e164 = randomNumber();
      return { label: index === 0 ? 'mobile' : 'work', e164, original: e164 };
    }),
  }));
  const outcomes = store.contacts.importDrafts(drafts, 'merge', decideImport);
  const contacts = outcomes.map((outcome, index) => ({
    id: outcome.contactId,
    number: drafts[index]!.phones[0]!.e164,
  }));
  const callIds: string[] = [];
  inTransaction(store.db, () => {
    for (let index = 0; index < CALLS; index++) {
      const record = makeCall(index, random() < 0.6 ? pick(contacts) : null);
      store.callLog.insert(record);
      callIds.push(record.id);
    }
  });
  return {
    contactIds: contacts.map((contact) => contact.id),
    callIds,
    numbers: contacts.map((contact) => contact.number),
  };
}

/** Ids and numbers of an already populated database (--keep). */
function sample(store: Store): { contactIds: string[]; callIds: string[]; numbers: string[] } {
  const contacts = store.db.prepare('SELECT contact_id AS id, e164 FROM contact_phones WHERE position = 0').all() as {
    id: string;
    e164: string;
  }[];
  const callIds = (store.db.prepare('SELECT id FROM call_log').all() as { id: string }[]).map((row) => row.id);
  return { contactIds: contacts.map((row) => row.id), callIds, numbers: contacts.map((row) => row.e164) };
}

function appendAndUpdate(store: Store, label: string, runs: number): { append: Figures; update: Figures } {
  const fresh: string[] = [];
  const append = measure(runs, (index) => {
    const record: CallRecord = {
      ...makeCall(CALLS + index, null),
      state: 'placing',
      txnRef: null,
      statusDest1: null,
      statusDest2: null,
      endedAt: null,
      answeredAt: null,
      durationMinutes: null,
      rate: null,
      debit: null,
      currency: null,
      errorStatus: null,
      finalSource: null,
      id: `${label}-${index}`,
      tag: `${label}-${index}`,
    };
    store.callLog.insert(record);
    fresh.push(record.id);
    if (index % 20 === 0) sampleWal(store.filePath);
  });
  const update = measure(runs, (index) => {
    const id = fresh[index]!;
    store.callLog.update(id, {
      txnRef: `TX-${id}`,
      state: 'live',
      statusDest1: 'ongoing',
      updatedAt: new Date().toISOString(),
    });
    if (index % 20 === 0) sampleWal(store.filePath);
  });
  return { append, update };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-bench-store-'));
const file = path.join(dir, 'hoiio.db');

/** Size of the database's -wal file, bytes (0 when there is none). */
function walBytes(databaseFile: string): number {
  return existsSync(`${databaseFile}-wal`) ? statSync(`${databaseFile}-wal`).size : 0;
}

/** The largest -wal file seen during the append/update runs (sampled every 20 writes), bytes. */
let walPeakBytes = 0;
function sampleWal(databaseFile: string): void {
  walPeakBytes = Math.max(walPeakBytes, walBytes(databaseFile));
}
const results: Record<string, unknown> = {};
try {
  let started = performance.now();
  const keep =
    values.keep ?? (CALLS > 100_000 ? path.join(os.tmpdir(), `hoiio-bench-store-${CALLS}x${CONTACTS}.db`) : null);
  if (keep && existsSync(keep)) copyFileSync(keep, file);
  else if (CALLS > 100_000)
    seedLargeDataDir(dir, { calls: CALLS, contacts: CONTACTS, now: START_MS + CALLS * 300_000 });
  let store = openStore(file);
  const populated = ONLY_CONTACTS ? store.contacts.count() > 0 : store.callLog.count() > 0;
  const data = populated ? sample(store) : populate(store);
  store.close();
  if (keep && !existsSync(keep)) copyFileSync(file, keep);
  results.setup = {
    calls: CALLS,
    contacts: CONTACTS,
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    fileMB: Number((statSync(file).size / 1024 / 1024).toFixed(1)),
  };

  store = openStore(file);
  if (!ONLY_SEARCH) {
    // Issue 13: contact search p99 <= 5 ms at 10,000 and 100,000 contacts, by kind of query (its
    // own seed, so --only contacts measures the same queries as a full run).
    random = seededRandom(13);
    const contactSearchKinds: Record<string, string[]> = {
      'four digits': ['0001', '5678', ...Array.from({ length: 58 }, () => digits(4))],
      'part of a number': Array.from({ length: 30 }, () => pick(data.numbers).slice(-7, -2)),
      'three letters': Array.from({ length: 60 }, () => word().toLowerCase().slice(0, 3)),
      'two words': ['ada ta', ...Array.from({ length: 39 }, () => `${word()} ${word()}`.toLowerCase().slice(0, 6))],
      'one letter': Array.from({ length: 30 }, () => word().toLowerCase().slice(0, 1)),
      'two letters': Array.from({ length: 30 }, () => word().toLowerCase().slice(0, 2)),
      'one digit': Array.from({ length: 30 }, () => digits(1)),
      'two digits': ['12', ...Array.from({ length: 29 }, () => digits(2))],
      'no match': ['zq', 'qx', 'zzz', 'xqzj', '0000000'].flatMap((miss) => Array.from({ length: 6 }, () => miss)),
    };
    const contactSearch = (query: string) => store.contacts.page({ search: query, limit: 100, withTotal: true });
    const contactsByKind: Record<string, Figures> = {};
    for (const [kind, queries] of Object.entries(contactSearchKinds)) {
      contactsByKind[kind] = measure(queries.length, (index) => contactSearch(queries[index]!));
    }
    results.searchContactsByKind = contactsByKind;
    // All kinds together, best of five rounds (the p99 of a mixed set is its slowest few queries).
    const contactSearches = Object.values(contactSearchKinds).flat();
    const rounds = Array.from({ length: 5 }, () =>
      measure(contactSearches.length, (index) => contactSearch(contactSearches[index]!)),
    );
    results.searchContacts = rounds.reduce((best, round) => (round.p99 < best.p99 ? round : best));
    results.searchContactsNextPage = measure(contactSearches.length, (index) => {
      const first = store.contacts.page({ search: contactSearches[index]!, limit: 100 });
      if (first.next) store.contacts.page({ search: contactSearches[index]!, limit: 100, anchor: first.next });
    });
    results.firstPageContacts = measure(200, () => store.contacts.page({ limit: 100, withTotal: true }));
    results.lastPageContacts = measure(100, () => store.contacts.page({ limit: 100, anchor: { kind: 'last' } }));
  }
  store.close();
  if (!ONLY_CONTACTS) {
    let normal: { append: Figures; update: Figures } | null = null;
    if (!ONLY_SEARCH) {
      results.open = measure(20, () => openStore(file).close());
      store = openStore(file);
      normal = appendAndUpdate(store, 'normal', 2_000);
      results.appendNormal = normal.append;
      results.updateNormal = normal.update;
      // The -wal file after the append/update run (issue 10: kept under ~4 MiB by the checkpointer).
      results.walMB = Number((walBytes(file) / 1024 / 1024).toFixed(1));
      results.walPeakMB = Number((walPeakBytes / 1024 / 1024).toFixed(1));
    } else {
      store = openStore(file);
    }

    // Issue 13: any query, 1-2 characters, digits and no-match included, is one page of results.
    // By kind, so a miss can be traced to the kind of query (and its plan: EXPLAIN QUERY PLAN).
    const logSearchKinds: Record<string, string[]> = {
      'four digits': Array.from({ length: 60 }, () => digits(4)),
      'part of a number': Array.from({ length: 30 }, () => pick(data.numbers).slice(-7, -2)),
      'four letters': Array.from({ length: 30 }, () => word().toLowerCase().slice(0, 4)),
      txn_ref: Array.from({ length: 30 }, () => `TX${String(Math.floor(random() * CALLS)).padStart(8, '0')}`),
      'one digit': Array.from({ length: 30 }, () => digits(1)),
      'two digits': Array.from({ length: 30 }, () => digits(2)),
      '+ country code': Array.from({ length: 30 }, () => pick(['+49', '+65', '+1', '+44', '+81', '+33'])),
      'one letter': Array.from({ length: 30 }, () => word().toLowerCase().slice(0, 1)),
      'two letters': Array.from({ length: 30 }, () => word().toLowerCase().slice(0, 2)),
      'no match': ['zq', 'qx', 'zzz', 'xqzj', 'nobody here'].flatMap((miss) => Array.from({ length: 6 }, () => miss)),
    };
    const logSearches = Object.values(logSearchKinds).flat();
    const byKind: Record<string, Figures> = {};
    const searchSamples: number[] = [];
    // The first search after opening reads the index's pages from disk (the app's query worker
    // keeps its connection, and the OS its page cache, afterwards): timed apart, then one untimed
    // pass so the figures by kind do not charge the first kind for it.
    results.searchLogCold = measure(1, () =>
      store.callLog.page({ search: logSearches[0]!, limit: 100, withTotal: true }),
    );
    for (const query of logSearches) store.callLog.page({ search: query, limit: 100, withTotal: true });
    for (const [kind, queries] of Object.entries(logSearchKinds)) {
      byKind[kind] = measure(queries.length, (index) =>
        store.callLog.page({ search: queries[index]!, limit: 100, withTotal: true }),
      );
    }
    results.searchLogByKind = byKind;
    const timed: { query: string; ms: number }[] = [];
    // On a shared machine the wall time includes waiting for a core: also the best of three runs
    // of each query (the query's own cost, less most of the waiting), printed apart from the goal.
    const bestSamples: number[] = [];
    for (const query of logSearches) {
      const begun = performance.now();
      store.callLog.page({ search: query, limit: 100, withTotal: true });
      searchSamples.push(performance.now() - begun);
      let best = searchSamples.at(-1)!;
      for (let again = 0; again < 2; again++) {
        const start = performance.now();
        store.callLog.page({ search: query, limit: 100, withTotal: true });
        best = Math.min(best, performance.now() - start);
      }
      bestSamples.push(best);
      timed.push({ query, ms: best });
    }
    results.searchLog = percentiles(searchSamples);
    results.searchLogBestOf3 = percentiles(bestSamples);
    results.slowestSearches = timed.sort((a, b) => b.ms - a.ms).slice(0, 5);
    results.searchLogNextPage = measure(logSearches.length, (index) => {
      const first = store.callLog.page({ search: logSearches[index]!, limit: 100 });
      if (first.older) store.callLog.page({ search: logSearches[index]!, limit: 100, anchor: first.older });
    });
    if (!ONLY_SEARCH) {
      results.firstPageLog = measure(200, () => store.callLog.page({ limit: 100, withTotal: true }));
      results.lastPageLog = measure(100, () => store.callLog.page({ limit: 100, anchor: { kind: 'oldest' } }));
      results.firstPageLogFiltered = measure(100, () =>
        store.callLog.page({ limit: 100, outcomes: ['connected'], contactId: pick(data.contactIds), withTotal: true }),
      );
      const monthStart = new Date(START_MS + CALLS * 300_000).toISOString();
      const monthEnd = new Date(START_MS + CALLS * 300_000 + 30 * 86_400_000).toISOString();
      results.dateRangePage = measure(100, () =>
        store.callLog.page({ limit: 100, from: monthStart, to: monthEnd, withTotal: true }),
      );
      results.callsInProgress = measure(200, () => store.callLog.query({ outcomes: ['in_progress'], limit: 20 }));
      results.unfinishedAtStart = measure(50, () => store.callLog.listUnfinished());
      results.totalsPerDay = measure(10, () => store.callLog.totals({ period: 'day', timeZone: 'local' }));
      results.totalsPerMonth = measure(10, () => store.callLog.totals({ period: 'month', timeZone: 'local' }));
      results.totalsPerMonthUtc = measure(10, () => store.callLog.totals({ period: 'month', timeZone: 'utc' }));
    }
    store.close();
    if (!ONLY_SEARCH && normal) {
      const full = openStore(file, { synchronous: 'full' });
      const fullFigures = appendAndUpdate(full, 'full', 500);
      results.appendFull = fullFigures.append;
      results.updateFull = fullFigures.update;
      full.close();

      // Import of 10,000 vCards into a fresh database.
      const vcf = path.join(dir, 'import.vcf');
      writeFileSync(
        vcf,
        Array.from(
          { length: 10_000 },
          (_, index) =>
            `BEGIN:VCARD\r\nVERSION:3.0\r\nN:${word()};${word()};;;\r\nFN:${word()} ${word()} ${index}\r\nORG:${word()} Ltd\r\n` +
            `TEL;TYPE=CELL:${randomNumber()}\r\nTEL;TYPE=WORK:${randomNumber()}\r\nNOTE:Imported contact ${index}\r\nEND:VCARD\r\n`,
        ).join(''),
      );
      const importStore = openStore(path.join(dir, 'import.db'));
      started = performance.now();
      const report = await importContactsFromFile(importStore.contacts, vcf, {
        defaultCountry: 'SG',
        duplicates: 'merge',
      });
      results.import10kVCards = { ms: Number((performance.now() - started).toFixed(0)), ...report.counts };
      importStore.close();

      // Baseline: the same append/update with conf (one JSON file holding every call).
      const confDir = path.join(dir, 'conf');
      const conf = new Conf<{ calls: Record<string, CallRecord> }>({ cwd: confDir, configName: 'calls' });
      random = seededRandom(42);
      const calls: Record<string, CallRecord> = {};
      // Capped at 100,000 calls: the ratio is the point, and a 1,000,000-call JSON file only exhausts memory.
      for (let index = 0; index < Math.min(CALLS, 100_000); index++) {
        const record = makeCall(index, null);
        calls[record.id] = record;
      }
      conf.set('calls', calls);
      const confRuns = 5;
      const confAppend = measure(confRuns, (index) => {
        const record = { ...makeCall(CALLS + index, null), id: `conf-${index}` };
        conf.set(`calls.${record.id}`, record);
      });
      const confUpdate = measure(confRuns, (index) => conf.set(`calls.conf-${index}.state`, 'live'));
      results.confAppend = confAppend;
      results.confUpdate = confUpdate;
      results.confFileMB = Number((statSync(conf.path).size / 1024 / 1024).toFixed(1));
      results.baselineRatio = {
        appendP50: Number((confAppend.p50 / normal.append.p50).toFixed(0)),
        updateP50: Number((confUpdate.p50 / normal.update.p50).toFixed(0)),
      };
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (values.json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const ms = (value: number): string => `${value.toFixed(2)} ms`;
  /** A figure's line; with `goal` ({ p99 } or { p50 }: at most that many ms), MET or MISSED after it. */
  const row = (label: string, figures: unknown, target = '', goal?: { p99?: number; p50?: number }): void => {
    const { p50, p99, max, count } = figures as Figures;
    const verdict =
      goal === undefined
        ? ''
        : (goal.p99 === undefined || p99 <= goal.p99) && (goal.p50 === undefined || p50 <= goal.p50)
          ? ' MET'
          : ' MISSED';
    console.log(
      `${label.padEnd(34)} p50 ${ms(p50).padStart(11)}  p99 ${ms(p99).padStart(11)}  max ${ms(max).padStart(11)}  (n=${count}) ${target}${verdict}`,
    );
  };
  console.log(`store bench: ${JSON.stringify(results.setup)}`);
  console.log(
    `load average while measuring: ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores ` + '(figures taken under load are inflated by it)',
  );
  if (!ONLY_SEARCH) {
    const contactGoal = `goal p99 <= 5 ms (at 10,000 and 100,000 contacts; best of 5 rounds)`;
    row('contact search, page + total', results.searchContacts, contactGoal, { p99: 5 });
    for (const [kind, figures] of Object.entries(results.searchContactsByKind as Record<string, Figures>)) {
      row(`  contacts: ${kind}`, figures, '', { p99: 5 });
    }
    row('contact search, 2nd page', results.searchContactsNextPage, 'two pages: goal p99 <= 10 ms', { p99: 10 });
    const flatContacts = 'goal: flat from 10,000 to 100,000 contacts (bounded by an index or the page)';
    row('contacts first page + count', results.firstPageContacts, flatContacts);
    row('contacts last page (End)', results.lastPageContacts, flatContacts);
    if (ONLY_CONTACTS) process.exit(0);
    row('database open (check + migrate)', results.open, 'target p50 < 200 ms', { p50: 200 });
    row('call append (NORMAL)', results.appendNormal, 'target p99 < 2 ms', { p99: 2 });
    row('call update (NORMAL)', results.updateNormal, 'target p99 < 2 ms', { p99: 2 });
    row('call append (FULL)', results.appendFull);
    row('call update (FULL)', results.updateFull);
  }
  // Issue 13's goals: the search page p99 <= 5 ms at 100,000 calls and <= 10 ms at 1,000,000.
  const searchMs = CALLS > 100_000 ? 10 : 5;
  const searchGoal = `goal p99 <= ${searchMs} ms (at ${CALLS > 100_000 ? '1,000,000' : '100,000'} calls)`;
  const flat = 'goal: flat from 10,000 to 1,000,000 calls (bounded by an index or the page)';
  row('first search after open (cold)', results.searchLogCold, 'pages read from disk; not in the goal');
  row('call log search, page + total', results.searchLog, searchGoal, { p99: searchMs });
  row('  the same, best of 3 runs per query', results.searchLogBestOf3, 'less the waiting for a core (not the goal)');
  for (const [kind, figures] of Object.entries(results.searchLogByKind as Record<string, Figures>)) {
    row(`  search: ${kind}`, figures, '', { p99: searchMs });
  }
  row('call log search, 2nd page', results.searchLogNextPage, `two pages: goal p99 <= ${2 * searchMs} ms`, {
    p99: 2 * searchMs,
  });
  console.log(
    `slowest searches (page + total, best of 3): ${(results.slowestSearches as { query: string; ms: number }[])
      .map(({ query, ms: taken }) => `${JSON.stringify(query)} ${ms(taken)}`)
      .join(', ')}`,
  );
  if (ONLY_SEARCH) process.exit(0);
  row('call log first page + count', results.firstPageLog, flat);
  row('call log last page (End)', results.lastPageLog, flat);
  row('call log first page, contact+outcome', results.firstPageLogFiltered, flat);
  row('call log 30-day range page + count', results.dateRangePage, flat);
  row('calls in progress (Dialer)', results.callsInProgress, flat);
  row('unfinished calls at start-up', results.unfinishedAtStart, flat);
  row('totals per day (all calls)', results.totalsPerDay);
  row('totals per month (all calls)', results.totalsPerMonth, 'goal p99 <= 20 ms', { p99: 20 });
  row('totals per month (all calls, UTC)', results.totalsPerMonthUtc, 'goal p99 <= 20 ms', { p99: 20 });
  console.log(
    `WAL after the append/update run: ${String(results.walMB)} MB; largest during it: ${String(results.walPeakMB)} MB ` +
      '(rewound past 4 MiB, journal_size_limit 4 MiB)',
  );
  const imported = results.import10kVCards as { ms: number };
  console.log(
    `import 10,000 vCards: ${JSON.stringify(imported)} (target < 3000 ms)${imported.ms < 3000 ? ' MET' : ' MISSED'}`,
  );
  row(`conf append (${String(results.confFileMB)} MB JSON)`, results.confAppend);
  row('conf update', results.confUpdate);
  console.log(`baseline ratio conf/SQLite (p50): ${JSON.stringify(results.baselineRatio)}`);
}
