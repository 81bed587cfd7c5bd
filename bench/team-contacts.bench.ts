/**
 * The shared phonebook's figures (issue 16), run by `npm run bench:team` after the call figures
 * (or alone: `node bench/team-contacts.bench.ts`). A real PostgreSQL on 127.0.0.1; simulated
 * desktops are TeamSync over their own SQLite stores with the contacts side, as in the app.
 * Prints figures; asserts nothing.
 *
 * Measures: a phonebook of 100,000 contacts synced to a new desktop (pulled in batches and
 * written into its contacts); one contact edit propagated to the other 19 desktops, p50/p99 (a
 * local edit, its trigger, the push through team.push_contacts, NOTIFY, the pull, the write).
 * Flags: --contacts <n> (default 100000), --edits <n> (rounds, default 30).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, type Store } from '../src/main/core/store/index.ts';
import { serverKey } from '../src/main/core/team/config.ts';
import { TeamContactsStore } from '../src/main/core/team/contacts-store.ts';
import { TeamLocalStore } from '../src/main/core/team/local-store.ts';
import { TeamSync } from '../src/main/core/team/sync.ts';
import type { TeamServer } from '../src/shared/team.ts';
import { startTeamServer, type TestTeamServer } from '../test/team/team-server.ts';

const DESKTOPS = 20;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const rate = (rows: number, millis: number): string =>
  `${Math.round(rows / (millis / 1000)).toLocaleString('en')} rows/s`;

interface PhonebookDesktop {
  readonly store: Store;
  readonly sync: TeamSync;
  /** Resolves with the ms from `since` until this desktop's contact `id` has `company`. */
  waitFor(id: string, company: string, since: number): Promise<number>;
}

async function phonebookDesktop(
  dir: string,
  member: { server: TeamServer; password: string },
  server: TestTeamServer,
  startAtEnd: boolean,
): Promise<PhonebookDesktop> {
  const store = openStore(path.join(dir, `${member.server.user}.db`), { checkpointIntervalMs: 0 });
  const local = new TeamLocalStore(store.db);
  const contacts = new TeamContactsStore(store.db, store.contacts);
  contacts.startTracking(true);
  // The team's calls (bench:team seeds a million) are not what this measures: start past them.
  const [callsEnd] = await server.admin<{ xid: string; id: string }>(
    'SELECT change_xid::text AS xid, id::text AS id FROM team.calls ORDER BY change_xid DESC, id DESC LIMIT 1',
  );
  if (callsEnd) local.applyBatch(serverKey(member.server), [], callsEnd, true);
  if (startAtEnd) {
    // Already caught up: the contacts cursor sits at the current end of the feed.
    const [end] = await server.admin<{ xid: string; id: string }>(
      'SELECT change_xid::text AS xid, id::text AS id FROM team.contacts ORDER BY change_xid DESC, id DESC LIMIT 1',
    );
    if (end) local.applyBatch(`${serverKey(member.server)}#contacts`, [], end, true);
  }
  const waiters = new Set<() => void>();
  const sync = new TeamSync({
    server: member.server,
    password: member.password,
    local,
    contacts,
    callLog: store.callLog,
    account: () => null,
    onStatus: () => undefined,
    onContactsChanged: () => waiters.forEach((check) => check()),
    tuning: { pullBatch: 5000 },
  });
  sync.start();
  await sync.syncNow();
  return {
    store,
    sync,
    waitFor: (id, company, since) =>
      new Promise((resolve) => {
        const check = (): void => {
          if (store.contacts.find(id)?.company !== company) return;
          waiters.delete(check);
          resolve(performance.now() - since);
        };
        waiters.add(check);
        check();
      }),
  };
}

/** Runs the phonebook figures against `server` (started here when not given). */
export async function phonebookBench(options: {
  contacts: number;
  edits: number;
  server?: TestTeamServer;
}): Promise<void> {
  const server = options.server ?? (await startTeamServer());
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hoiio-bench-phonebook-'));
  const desktops: PhonebookDesktop[] = [];
  try {
    const members: { server: TeamServer; password: string }[] = [];
    for (let i = 0; i < DESKTOPS + 1; i += 1) members.push(await server.addMember(`book${String(i).padStart(2, '0')}`));

    // The phonebook, loaded in one statement (triggers off, as a restore would), each row with
    // its version, member and place in the feed.
    let t = Date.now();
    await server.admin(
      `INSERT INTO team.contacts (id, fields, field_meta, version, created_by, changed_by, change_xid)
       SELECT gen_random_uuid(),
         jsonb_build_object('name', 'Person ' || n, 'company', 'Firm ' || (n % 997), 'notes', '',
           'phones', jsonb_build_array(jsonb_build_object('label', 'mobile',
             'e164', '+658' || lpad(n::text, 7, '0'), 'original', '+65 8' || lpad(n::text, 7, '0')))),
         '{}', nextval('team.contact_versions'), $2, $2, pg_current_xact_id()
       FROM generate_series(1, $1::int) n`,
      [options.contacts, members[DESKTOPS]!.server.user],
      { replica: true },
    );
    await server.admin('VACUUM ANALYZE team.contacts');
    console.log(`seed ${options.contacts.toLocaleString('en')} team contacts: ${ms(Date.now() - t)}`);

    t = Date.now();
    const newcomer = await phonebookDesktop(tmp, members[0]!, server, false);
    const joinMs = Date.now() - t;
    const held = newcomer.store.contacts.count();
    console.log(
      `phonebook of ${held.toLocaleString('en')} contacts synced to a new desktop: ${ms(joinMs)} (${rate(held, joinMs)})`,
    );
    desktops.push(newcomer);
    for (let i = 1; i < DESKTOPS; i += 1) desktops.push(await phonebookDesktop(tmp, members[i]!, server, true));

    // One contact every desktop holds; then each round one desktop edits it (round robin).
    const shared = newcomer.store.contacts.create({ name: 'Propagation Probe', company: 'v0' });
    newcomer.sync.callChanged();
    await Promise.all(desktops.map((d) => d.waitFor(shared.id, 'v0', performance.now())));
    const samples: number[] = [];
    for (let round = 1; round <= options.edits; round += 1) {
      const writer = desktops[round % DESKTOPS]!;
      const company = `v${round}`;
      const since = performance.now();
      const waits = desktops.filter((d) => d !== writer).map((d) => d.waitFor(shared.id, company, since));
      writer.store.contacts.update({ id: shared.id, company });
      writer.sync.callChanged();
      samples.push(...(await Promise.all(waits)));
    }
    samples.sort((a, b) => a - b);
    console.log(
      `a contact edit propagated to the other ${DESKTOPS - 1} desktops (${options.edits} rounds, ${samples.length} deliveries): ` +
        `p50 ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))}, max ${ms(samples.at(-1) ?? NaN)}`,
    );
  } finally {
    for (const d of desktops) {
      await d.sync.close().catch(() => undefined);
      d.store.close();
    }
    if (!options.server) server.destroy();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { contacts: { type: 'string', default: '100000' }, edits: { type: 'string', default: '30' } },
  });
  await phonebookBench({ contacts: Number(values.contacts), edits: Number(values.edits) });
}
