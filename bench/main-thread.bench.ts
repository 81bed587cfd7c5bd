/**
 * `npm run bench:main-thread`: how long the thread that answers IPC stalls while heavy database
 * work runs. A 1 ms `setInterval` runs on that thread; every gap longer than its period is a
 * stall. Scenarios (issue 8):
 *   (a) importing 10,000 contacts (vCard),
 *   (b) exporting the whole log of 1,000,000 calls as CSV,
 *   (c) searches and monthly totals over 1,000,000 calls,
 *   (d) starting after an unclean stop (a WAL with frames left) with 1,000,000 calls, until the
 *       start-up integrity check has finished, also reported apart: (i) until the core is ready,
 *       (ii) while the integrity check runs after ready; then the same start on a database of an older
 *       schema (--from, default: the oldest cached), which the app upgrades in a worker first: it
 *       also prints the time to the first IPC answer (`app.getStartup`), the slowest answer while
 *       the upgrade runs, and how long the upgrade took until the app was ready.
 *   (0) the noise floor: the same timer with no work at all for 5 s (on shared, loaded cores the
 *       OS alone delays it; read the other figures against this one).
 * For each scenario it prints, over several runs, the p50/p99/max of each run's longest stall and
 * the total count of stalls over 16 ms (one frame), and the thread CPU of the longest slice (the
 * most CPU this thread spent between two ticks: the work itself, without the OS's delays on loaded
 * cores). Asserts nothing: timings depend on the machine.
 *
 * The 1,000,000-call databases (calls-N-vSCHEMA.db, one per schema version) and the vCard file
 * are generated once into --cache (default /tmp/hoiio-bench-cache) and reused. `--root <checkout>`
 * measures another checkout of the app (e.g. main, for before/after figures) with this same bench.
 * Flags: --runs <n> (default 3), --only 0,a,b,c,d,u (u: only the older-schema half of d), --calls <n>
 * (default 1000000), --from <version>.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { seededRandom } from './support/random.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: path.resolve(import.meta.dirname, '..') },
    cache: { type: 'string', default: path.join(os.tmpdir(), 'hoiio-bench-cache') },
    runs: { type: 'string', default: '3' },
    only: { type: 'string', default: '0,a,b,c,d' },
    calls: { type: 'string', default: '1000000' },
    from: { type: 'string' },
  },
});
const ROOT = path.resolve(values.root);
const CACHE = path.resolve(values.cache);
const RUNS = Number(values.runs);
const CALLS = Number(values.calls);
const FRAME_MS = 16;
mkdirSync(CACHE, { recursive: true });

const load = async <T>(relative: string): Promise<T> =>
  (await import(pathToFileURL(path.join(ROOT, relative)).href)) as T;

interface CoreLike {
  api: {
    importExport: { importContacts(input: object): Promise<{ counts: { imported: number } }> };
    callLog: {
      exportCsv(input: object): Promise<{ count: number }>;
      query(input: object): Promise<{ total: number }>;
      totals(input: object): Promise<unknown>;
    };
  };
  /** Present once issue 8 landed: resolves when the deferred start-up checks have finished. */
  startupChecks?: Promise<unknown>;
  close(): Promise<void>;
}
type CreateCore = (options: object) => Promise<CoreLike>;
/** Present once the database upgrade moved to a worker (issue 8 (d)): the core's api from the first moment. */
type StartCore = (options: object) => {
  api: { app: { getStartup(): Promise<{ phase: string; percent?: number }> } };
  ready: Promise<CoreLike>;
};
const { createCore, startCore } = await load<{ createCore: CreateCore; startCore?: StartCore }>(
  'src/main/core/index.ts',
);
const quietLogger = { info() {}, warn() {}, error() {} };

/** Deterministic pseudo-random numbers, so every run measures the same data. */
const random = seededRandom(8);
const digits = (count: number): string => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
const NAMES = ['Tan', 'Lim', 'Lee', 'Ng', 'Wong', 'Goh', 'Chua', 'Ong', 'Koh', 'Teo', 'Ang', 'Yeo', 'Chen', 'Smith'];
const name = (): string => `${NAMES[Math.floor(random() * NAMES.length)]} ${digits(4)}`;

/** A vCard 3.0 file with `count` contacts (some duplicates, so the merge path runs too). */
function vcardFile(count: number): string {
  const file = path.join(CACHE, `contacts-${count}.vcf`);
  if (existsSync(file)) return file;
  const cards: string[] = [];
  for (let index = 0; index < count; index++) {
    cards.push(
      `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${name()}\r\nORG:Company ${index % 300}\r\n` +
        `TEL;TYPE=CELL:+659${digits(7)}\r\nTEL;TYPE=WORK:+6562${digits(6)}\r\nEND:VCARD\r\n`,
    );
  }
  writeFileSync(file, cards.join(''));
  return file;
}

const { SCHEMA_VERSION } = await load<{ SCHEMA_VERSION: number }>('src/main/core/store/migrations.ts');

/**
 * The cached database with `CALLS` calls at the current schema, built once through the app's own
 * store code. A cache of an older schema (an older checkout's) is upgraded once instead, and the
 * upgrade's time printed: the migrations run where the store is opened, so this is how long a user's
 * first start after an update waits with that many calls.
 */
async function callsDatabase(): Promise<string> {
  const file = path.join(CACHE, `calls-${CALLS}-v${SCHEMA_VERSION}.db`);
  if (existsSync(file)) return file;
  const older = olderDatabases()[0];
  if (older) return upgradedCopy(older.file, file);
  console.log(`generating ${CALLS} calls into ${file} (once)...`);
  const { openStore } = await load<{
    openStore(
      file: string,
      options?: object,
    ): {
      db: { exec(sql: string): void };
      callLog: { insert(record: object): void };
      close(): void;
    };
  }>('src/main/core/store/index.ts');
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const store = openStore(partial, { checkpointIntervalMs: 0 });
  const start = Date.UTC(2022, 0, 1);
  const states = ['ended', 'ended', 'ended', 'failed'] as const;
  for (let batch = 0; batch < CALLS; batch += 10_000) {
    store.db.exec('BEGIN');
    for (let index = batch; index < Math.min(CALLS, batch + 10_000); index++) {
      const createdMs = start + index * 90_000;
      const state = states[index % states.length]!;
      const ended = state === 'ended';
      const minutes = ended ? 1 + (index % 17) : null;
      store.callLog.insert({
        id: `call-${index}`,
        txnRef: ended ? `TX${String(index).padStart(9, '0')}` : null,
        mode: 'live',
        dest1: '+6581234567',
        dest2: `+659${digits(7)}`,
        callerId: null,
        tag: `call-${index}`,
        contactId: null,
        state,
        statusDest1: ended ? 'answered' : null,
        statusDest2: ended ? 'answered' : null,
        outcome: null,
        finalSource: ended ? 'notification' : 'request',
        createdAt: new Date(createdMs).toISOString(),
        answeredAt: ended ? new Date(createdMs + 15_000).toISOString() : null,
        endedAt: ended ? new Date(createdMs + 15_000 + minutes! * 60_000).toISOString() : null,
        updatedAt: new Date(createdMs + 60_000).toISOString(),
        durationMinutes: minutes,
        rate: ended ? '0.050' : null,
        debit: ended ? `0.${String(minutes! * 50).padStart(3, '0')}` : null,
        currency: ended ? 'SGD' : null,
        errorStatus: ended ? null : 'error_insufficient_credit',
        errorMessage: null,
      });
    }
    store.db.exec('COMMIT');
  }
  store.close();
  copyFileSync(partial, file);
  rmSync(partial, { force: true });
  return file;
}

interface Stalls {
  /** The longest gap between two ticks of the 1 ms timer, beyond its period (ms). */
  longest: number;
  /** Gaps longer than one frame (16 ms). */
  overFrame: number;
  /**
   * The most CPU time this thread spent between two ticks (ms, process.threadCpuUsage): the
   * longest slice of work itself, without the time the OS gave other threads (2 shared cores).
   */
  sliceCpu: number;
}

const noStalls = (): Stalls => ({ longest: 0, overFrame: 0, sliceCpu: 0 });
const threadCpuMs = (): number => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

/**
 * Runs `work` while a 1 ms timer ticks on this thread; returns, per phase, the longest gap beyond
 * 1 ms, the count over a frame and the most thread CPU between two ticks. `work` names the phase
 * it enters with `phase(label)`; a gap counts in the phase current when it began (the first phase
 * is `start`).
 */
async function measurePhases(work: (phase: (label: string) => void) => Promise<unknown>): Promise<Map<string, Stalls>> {
  const phases = new Map<string, Stalls>();
  let current = 'start';
  phases.set(current, noStalls());
  let last = performance.now();
  let lastCpu = threadCpuMs();
  const tick = (): void => {
    const now = performance.now();
    const cpu = threadCpuMs();
    const stats = phases.get(current)!;
    const stall = now - last - 1;
    if (stall > stats.longest) stats.longest = stall;
    if (stall > FRAME_MS) stats.overFrame++;
    if (cpu - lastCpu > stats.sliceCpu) stats.sliceCpu = cpu - lastCpu;
    last = now;
    lastCpu = cpu;
  };
  const timer = setInterval(tick, 1);
  try {
    await work((label) => {
      tick(); // the gap so far belongs to the phase that is ending
      current = label;
      if (!phases.has(label)) phases.set(label, noStalls());
    });
    tick(); // the last gap (work finished synchronously before a tick) counts too
  } finally {
    clearInterval(timer);
  }
  return phases;
}

/** Two phases' figures as one (the worse of each, the counts added). */
function combined(a: Stalls, b: Stalls): Stalls {
  return {
    longest: Math.max(a.longest, b.longest),
    overFrame: a.overFrame + b.overFrame,
    sliceCpu: Math.max(a.sliceCpu, b.sliceCpu),
  };
}

/** measurePhases with one phase. */
async function measureStalls(work: () => Promise<unknown>): Promise<Stalls> {
  return (await measurePhases(work)).get('start')!;
}

function report(label: string, runs: Stalls[]): void {
  const percentiles = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (fraction: number): number => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
    return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1)! };
  };
  const stall = percentiles(runs.map((run) => run.longest));
  const cpu = percentiles(runs.map((run) => run.sliceCpu));
  const over = runs.reduce((sum, run) => sum + run.overFrame, 0);
  const ms = (value: number): string => value.toFixed(1).padStart(7);
  console.log(
    `${label.padEnd(44)} longest stall p50 ${ms(stall.p50)} ms  p99 ${ms(stall.p99)} ms` +
      `  max ${ms(stall.max)} ms  stalls>16ms ${String(over).padStart(4)}  (${runs.length} runs)`,
  );
  console.log(`${''.padEnd(44)} longest slice, thread CPU p50 ${ms(cpu.p50)} ms  max ${ms(cpu.max)} ms`);
}

function freshDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `hoiio-bench-main-${label}-`));
}

/** Copies an older-schema cache to `file` and opens it once (running the migrations), timed. */
async function upgradedCopy(older: string, file: string): Promise<string> {
  const { openStore } = await load<{ openStore(file: string, options?: object): { close(): void } }>(
    'src/main/core/store/index.ts',
  );
  const partial = `${file}.partial`;
  copyFileSync(older, partial);
  const started = performance.now();
  openStore(partial, { checkpointIntervalMs: 0 }).close();
  const seconds = (performance.now() - started) / 1000;
  console.log(`one-time upgrade of ${path.basename(older)} to schema ${SCHEMA_VERSION}: ${seconds.toFixed(1)} s`);
  renameSync(partial, file);
  return file;
}

/** The schema version in a database file's header (offset 60), without opening it. */
function headerVersion(file: string): number {
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  return header.readUInt32BE(60);
}

/**
 * The cached databases of `CALLS` calls at a schema older than this checkout's, oldest first: the
 * calls-N-vK.db files, and calls-N.db (a cache from before the version was in the name; left under
 * its name, which older checkouts of this bench look for).
 */
function olderDatabases(): { file: string; version: number }[] {
  const pattern = new RegExp(`^calls-${CALLS}(?:-v(\\d+))?\\.db$`);
  return readdirSync(CACHE)
    .map((name) => ({ name, match: pattern.exec(name) }))
    .filter(({ match }) => match !== null)
    .map(({ name, match }) => {
      const file = path.join(CACHE, name);
      return { file, version: match![1] === undefined ? headerVersion(file) : Number(match![1]) };
    })
    .filter(({ version }) => version < SCHEMA_VERSION)
    .sort((a, b) => a.version - b.version);
}

/** A data folder holding the big database, left as after an unclean stop (a WAL with frames). */
function uncleanCopy(database: string): string {
  const dataDir = freshDir('unclean');
  const file = path.join(dataDir, 'hoiio.db');
  copyFileSync(database, file);
  // A child writes one row and exits without closing: its WAL stays, as after a crash.
  const script =
    "const { DatabaseSync } = require('node:sqlite'); const db = new DatabaseSync(process.argv[1]);" +
    "db.exec('PRAGMA journal_mode=WAL'); db.exec('PRAGMA wal_autocheckpoint=0');" +
    'db.exec("UPDATE call_log SET error_message = \'x\' WHERE seq = (SELECT min(seq) FROM call_log)"); process.exit(0);';
  execFileSync(process.execPath, ['-e', script, file]);
  return dataDir;
}

const only = new Set(values.only.split(','));
const coreOptions = (dataDir: string): object => ({
  dataDir,
  shell: 'browser',
  logger: quietLogger,
  keychainService: `hoiio-bench-${process.pid}`,
  engine: { timeScale: 0.01, sandbox: { timeScale: 0.01 } },
});
console.log(`main-thread stalls, root ${ROOT}, node ${process.version}`);

if (only.has('0')) {
  const runs: Stalls[] = [];
  for (let run = 0; run < RUNS; run++) {
    runs.push(await measureStalls(() => new Promise((resolve) => setTimeout(resolve, 5_000))));
  }
  report('(0) idle, no work (noise floor), 5 s', runs);
}

if (only.has('a')) {
  const source = vcardFile(10_000);
  const runs: Stalls[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dataDir = freshDir('import');
    const core = await createCore(coreOptions(dataDir));
    await core.startupChecks;
    runs.push(
      await measureStalls(() =>
        core.api.importExport.importContacts({
          jobId: `bench-${run}`,
          path: source,
          format: 'auto',
          defaultCountry: 'SG',
          duplicates: 'merge',
          encoding: 'auto',
        }),
      ),
    );
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  report('(a) import 10,000 contacts', runs);
}

if (only.has('b') || only.has('c') || only.has('d') || only.has('u')) {
  const database = await callsDatabase();
  if (only.has('b') || only.has('c')) {
    const dataDir = freshDir('log');
    copyFileSync(database, path.join(dataDir, 'hoiio.db'));
    const core = await createCore(coreOptions(dataDir));
    await core.startupChecks;
    if (only.has('b')) {
      const runs: Stalls[] = [];
      const outDir = freshDir('export');
      for (let run = 0; run < RUNS; run++) {
        runs.push(
          await measureStalls(() =>
            core.api.callLog.exportCsv({
              jobId: `export-${run}`,
              path: path.join(outDir, `log-${run}.csv`),
              filter: { search: '' },
              overwrite: true,
            }),
          ),
        );
        rmSync(path.join(outDir, `log-${run}.csv`), { force: true });
      }
      rmSync(outDir, { recursive: true, force: true });
      report(`(b) export ${CALLS} calls as CSV`, runs);
    }
    if (only.has('c')) {
      const runs: Stalls[] = [];
      for (let run = 0; run < RUNS; run++) {
        runs.push(
          await measureStalls(async () => {
            await core.api.callLog.query({ search: '', offset: 0, limit: 50 }); // the Dialer's start-up query
            await core.api.callLog.query({ search: `9${run}4`, offset: 0, limit: 50 });
            await core.api.callLog.query({ search: 'insufficient', offset: 0, limit: 50 });
            await core.api.callLog.query({ search: '', outcomes: ['connected'], offset: 0, limit: 50 });
            await core.api.callLog.totals({ search: '', period: 'month', timeZone: 'local' });
            await core.api.callLog.totals({ search: '', period: 'month', timeZone: 'utc', mode: 'live' });
          }),
        );
      }
      report(`(c) 4 searches + 2 monthly totals, ${CALLS} calls`, runs);
    }
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (only.has('d')) {
    const untilReady: Stalls[] = [];
    const checking: Stalls[] = [];
    const readyAfter: number[] = [];
    const checkedAfter: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const dataDir = uncleanCopy(database);
      let core: CoreLike | undefined;
      const phases = await measurePhases(async (phase) => {
        const started = performance.now();
        core = await (startCore ? startCore(coreOptions(dataDir)).ready : createCore(coreOptions(dataDir)));
        readyAfter.push(performance.now() - started);
        phase('checking');
        await core.startupChecks;
        checkedAfter.push(performance.now() - started);
      });
      untilReady.push(phases.get('start')!);
      checking.push(phases.get('checking') ?? noStalls());
      await core?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    report(
      `(d) start after unclean stop, ${CALLS} calls`,
      untilReady.map((run, index) => combined(run, checking[index]!)),
    );
    report('    (i) until the core is ready', untilReady);
    report('    (ii) integrity check, after ready', checking);
    const seconds = (values: number[]): string => values.map((value) => (value / 1000).toFixed(2)).join(', ');
    console.log(`    ready after: ${seconds(readyAfter)} s; check finished after: ${seconds(checkedAfter)} s`);
  }
  if (only.has('d') || only.has('u')) await upgradeScenario();
}

/**
 * (d) on an older schema: the start after an unclean stop on a database the app must upgrade.
 * Besides the stalls: when `app.getStartup` first answered, the slowest of its answers polled
 * every 50 ms during the upgrade (what a window waits for), and the time until the core was ready.
 */
async function upgradeScenario(): Promise<void> {
  const candidates = olderDatabases();
  const older = values.from === undefined ? candidates[0] : candidates.find((c) => c.version === Number(values.from));
  if (!older) {
    console.log(`(d) on an older schema: no cached calls-${CALLS}-v<older>.db in ${CACHE} (--from); skipped`);
    return;
  }
  const runs: Stalls[] = [];
  const firstAnswers: number[] = [];
  const slowestAnswers: number[] = [];
  const readyAfter: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dataDir = uncleanCopy(older.file);
    let core: CoreLike | undefined;
    runs.push(
      await measureStalls(async () => {
        const started = performance.now();
        if (!startCore) {
          core = await createCore(coreOptions(dataDir)); // an older checkout: the upgrade runs where the store opens
          firstAnswers.push(performance.now() - started);
          readyAfter.push(performance.now() - started);
          await core.startupChecks;
          return;
        }
        const starting = startCore(coreOptions(dataDir));
        let slowest = 0;
        let first: number | undefined;
        let ready = false;
        const polling = (async () => {
          while (!ready) {
            const asked = performance.now();
            await starting.api.app.getStartup();
            const answered = performance.now();
            first ??= answered - started;
            slowest = Math.max(slowest, answered - asked);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        })();
        core = await starting.ready;
        ready = true;
        readyAfter.push(performance.now() - started);
        await polling;
        firstAnswers.push(first ?? Number.NaN);
        slowestAnswers.push(slowest);
        await core.startupChecks;
      }),
    );
    await core?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const list = (values: number[], unit: 'ms' | 's'): string =>
    values.map((value) => (unit === 's' ? (value / 1000).toFixed(1) : value.toFixed(1))).join(', ') + ` ${unit}`;
  report(`(d) same, on schema v${older.version} (upgrade to v${SCHEMA_VERSION})`, runs);
  console.log(`    first IPC answer (app.getStartup) after start: ${list(firstAnswers, 'ms')}`);
  if (slowestAnswers.length > 0)
    console.log(`    slowest app.getStartup answer during the upgrade: ${list(slowestAnswers, 'ms')}`);
  console.log(`    upgrade + start until the app was ready: ${list(readyAfter, 's')}`);
}
