/**
 * The shared phonebook (issue 16) between desktops (cores with their own data folders and keychain
 * entries) and one real PostgreSQL 15: edits made while offline merge per field, the server's
 * order decides a field both changed and the overwritten value stays as a restorable revision on
 * every desktop; delete vs edit (the edit wins); private contacts stay home; row-level security
 * lets any member edit contacts, attributed, and nobody forge attribution or delete rows.
 * Keychain tests: run under scripts/with-keyring.sh.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Contact, ContactKeysetPage, ContactPage } from '../../src/shared/contacts.ts';
import type { ImportReport } from '../../src/shared/import-export.ts';
import type { TeamContactInfo, TeamServer } from '../../src/shared/team.ts';
import { eventually, requireTestKeyring, tempDir } from '../calls/helpers.ts';
import { startDesktop, type Desktop } from './desktops.ts';
import { postgresMissingReason, startTeamServer, type TestTeamServer } from './team-server.ts';

const skipReason = postgresMissingReason();
let server: TestTeamServer;
const open: Desktop[] = [];
const members = new Map<string, { server: TeamServer; password: string }>();

async function member(name: string): Promise<{ server: TeamServer; password: string }> {
  let entry = members.get(name);
  if (!entry) {
    entry = await server.addMember(name);
    members.set(name, entry);
  }
  return entry;
}

/** A desktop in sandbox mode (the phonebook syncs whatever the Hoiio mode) joined as `name`. */
async function desktop(name: string): Promise<Desktop> {
  const d = await startDesktop(null, '', await member(name), undefined, 'sandbox');
  open.push(d);
  return d;
}

const contactOn = (d: Desktop, id: string): Promise<Contact | null> =>
  d.call<Contact>('contacts:get', { id }).then((result) => (result.ok ? result.value : null));

/** Waits until the desktop holds the contact in a state matching `predicate` (null: absent). */
function eventuallyOn(
  d: Desktop,
  id: string,
  predicate: (contact: Contact | null) => boolean,
  what: string,
): Promise<Contact | null> {
  return eventually(
    async () => {
      const contact = await contactOn(d, id);
      return predicate(contact) ? { contact } : undefined;
    },
    20_000,
    what,
  ).then((found) => found.contact);
}

const contactCount = async (d: Desktop): Promise<number> =>
  (await d.ok<ContactPage>('contacts:list', { limit: 1 })).total;

/** Waits until the desktop holds `count` contacts. */
const countOn = (d: Desktop, count: number, what: string): Promise<true> =>
  eventually(async () => ((await contactCount(d)) === count ? true : undefined), 240_000, what);

const info = (d: Desktop, id: string) => d.ok<TeamContactInfo>('team:contactInfo', { id });

describe.skipIf(skipReason !== null)(`shared phonebook${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(async () => {
    requireTestKeyring();
    server = await startTeamServer();
  }, 120_000);
  afterEach(async () => {
    server.cluster.start(); // a test that stopped it
    while (open.length > 0) await open.pop()!.close();
  });
  afterAll(() => server?.destroy());

  it('two desktops edit one contact while offline: both end with the same merged contact and the overwritten company as a restorable revision', async () => {
    const a = await desktop('ana');
    const b = await desktop('ben');
    const created = await a.ok<Contact>('contacts:create', {
      name: 'Dana Lim',
      company: 'Acme',
      phones: [{ label: 'work', number: '+65 6123 4567' }],
    });
    await eventuallyOn(b, created.id, (c) => c?.company === 'Acme', 'the new contact on B');
    expect((await info(b, created.id)).createdBy).toBe('ana');

    // Both offline (the server is down), each edits the contact.
    server.cluster.stopServer();
    await a.ok('contacts:update', { id: created.id, company: 'Acme Asia' });
    await b.ok('contacts:update', {
      id: created.id,
      company: 'Acme Holdings',
      phones: [
        { label: 'work', number: '+65 6123 4567' },
        { label: 'mobile', number: '+65 8123 0000' },
      ],
    });
    server.cluster.start();

    // Whichever reached the server last wins the company; B's new number merges either way.
    const [revision] = await eventually(
      async () => {
        const rows = await server.admin<{ value: string; value_by: string; replaced_by: string }>(
          "SELECT value #>> '{}' AS value, value_by, replaced_by FROM team.contact_revisions WHERE contact_id = $1 AND field = 'company'",
          [created.id],
        );
        return rows.length > 0 ? rows : undefined;
      },
      20_000,
      'the company revision on the server',
    );
    const winner = revision!.value === 'Acme Asia' ? 'Acme Holdings' : 'Acme Asia';
    expect([revision!.value, winner].sort()).toEqual(['Acme Asia', 'Acme Holdings']);
    expect(revision!.value_by).toBe(revision!.value === 'Acme Asia' ? 'ana' : 'ben');
    expect(revision!.replaced_by).toBe(revision!.value === 'Acme Asia' ? 'ben' : 'ana');
    const merged = (c: Contact | null) =>
      c?.company === winner && c.phones.map((p) => p.e164).join() === '+6561234567,+6581230000';
    const onA = await eventuallyOn(a, created.id, merged, 'the merged contact on A');
    const onB = await eventuallyOn(b, created.id, merged, 'the merged contact on B');
    // The same contact (its times are each desktop's own: when it was written there).
    expect({ ...onA, createdAt: '', updatedAt: '' }).toEqual({ ...onB, createdAt: '', updatedAt: '' });

    // The overwritten company is a revision on both desktops; restoring it on A reaches B.
    for (const d of [a, b]) {
      const kept = await eventually(
        async () => (await info(d, created.id)).revisions.find((r) => r.field === 'company'),
        20_000,
        'the company revision on a desktop',
      );
      expect(kept.value).toBe(revision!.value);
    }
    const onAInfo = await info(a, created.id);
    const restoreId = onAInfo.revisions.find((r) => r.field === 'company')!.id;
    await a.ok('team:restoreRevision', { contactId: created.id, revisionId: restoreId });
    await eventuallyOn(b, created.id, (c) => c?.company === revision!.value, 'the restored company on B');
    const after = await info(b, created.id);
    expect(after.changedBy).toBe('ana');
    // A restore is an ordinary edit of a value everyone had seen: no new revision for it.
    expect(after.revisions.some((r) => r.field === 'company' && r.value === winner)).toBe(false);
    expect((await contactOn(b, created.id))!.phones).toHaveLength(2);
  }, 90_000);

  it('delete vs edit while apart: the edit wins on every desktop and the delete is on record', async () => {
    const a = await desktop('ana');
    const b = await desktop('ben');
    const created = await a.ok<Contact>('contacts:create', { name: 'Eli Tan', company: 'Old Co' });
    await eventuallyOn(b, created.id, (c) => c !== null, 'the contact on B');

    server.cluster.stopServer();
    await a.ok('contacts:delete', { ids: [created.id] });
    await b.ok('contacts:update', { id: created.id, company: 'New Co' });
    server.cluster.start();

    for (const d of [a, b]) {
      await eventuallyOn(d, created.id, (c) => c?.company === 'New Co', 'the edited contact back on each desktop');
    }
    const deleted = await eventually(
      async () => (await info(a, created.id)).revisions.find((r) => r.field === 'deleted'),
      20_000,
      'the overruled delete on record',
    );
    expect(deleted.valueBy ?? deleted.replacedBy).toMatch(/ana|ben/);
    const [row] = await server.admin<{ deleted: boolean }>('SELECT deleted FROM team.contacts WHERE id = $1', [
      created.id,
    ]);
    expect(row!.deleted).toBe(false);

    // A delete of a contact nobody changed since is a tombstone that reaches everyone.
    await b.ok('team:syncNow');
    await a.ok('team:syncNow');
    await b.ok('contacts:delete', { ids: [created.id] });
    await eventuallyOn(a, created.id, (c) => c === null, 'the delete on A');
    const [tomb] = await server.admin<{ deleted: boolean; changed_by: string }>(
      'SELECT deleted, changed_by FROM team.contacts WHERE id = $1',
      [created.id],
    );
    expect(tomb).toEqual({ deleted: true, changed_by: 'ben' });
  }, 90_000);

  it('a private contact stays on its desktop; a favourite stays personal', async () => {
    const a = await desktop('ana');
    const b = await desktop('ben');
    const secret = await a.ok<Contact>('contacts:create', { name: 'Private Pat' });
    // Made private before the next sync pushes it (the sync is not waited for: it may already
    // have gone, in which case the team keeps its copy, and A stops syncing it).
    await a.ok('team:setContactPrivate', { id: secret.id, private: true });
    const shared = await a.ok<Contact>('contacts:create', { name: 'Shared Sam' });
    await eventuallyOn(b, shared.id, (c) => c !== null, 'the shared contact on B');
    await a.ok('contacts:update', { id: secret.id, company: 'Only here' });
    await a.ok('contacts:setFavourite', { id: shared.id, favourite: true });
    await a.ok('team:syncNow');
    await b.ok('team:syncNow');
    const [held] = await server.admin<{ company: string | null }>(
      "SELECT fields ->> 'company' AS company FROM team.contacts WHERE id = $1",
      [secret.id],
    );
    expect(held?.company ?? null).not.toBe('Only here');
    expect((await info(a, secret.id)).private).toBe(true);
    expect((await contactOn(b, shared.id))!.favourite).toBe(false);
    // Edits on B do not overwrite A's private copy.
    if (held) {
      await b.ok('contacts:update', { id: secret.id, company: 'Team value' });
      await b.ok('team:syncNow');
      await a.ok('team:syncNow');
      expect((await contactOn(a, secret.id))!.company).toBe('Only here');
    }
  }, 60_000);

  it('a contact created Private never reaches the team, and the list marks it Private', async () => {
    const a = await desktop('ana');
    const b = await desktop('ben');
    const secret = await a.ok<Contact>('contacts:create', { name: 'Quiet Quinn', private: true });
    const shared = await a.ok<Contact>('contacts:create', { name: 'Open Olive' });
    await eventuallyOn(b, shared.id, (c) => c !== null, 'the shared contact on B');
    await a.ok('team:syncNow');
    // Created private in one transaction: no sync round ever saw it as a change to push.
    expect(await server.admin('SELECT 1 FROM team.contacts WHERE id = $1', [secret.id])).toEqual([]);
    expect(await contactOn(b, secret.id)).toBeNull();
    expect((await info(a, secret.id)).private).toBe(true);
    const page = await a.ok<ContactKeysetPage>('contacts:page', { search: '', limit: 10 });
    const marks = Object.fromEntries(page.items.map((item) => [item.name, item.private]));
    expect(marks).toMatchObject({ 'Quiet Quinn': true, 'Open Olive': false });
  }, 60_000);

  it('an import of 10,000 contacts reaches four other desktops in batches with progress, and so does its undo', async () => {
    // Earlier tests left shared contacts on this server: every desktop also holds those.
    const [before] = await server.admin<{ n: string }>('SELECT count(*) AS n FROM team.contacts WHERE NOT deleted');
    const existing = Number(before!.n);
    const importer = await desktop('ana');
    const others = await Promise.all(['ben', 'cai', 'dev', 'eve'].map((name) => desktop(name)));
    const pending: number[] = [];
    importer.core.events.on('teamStatus', (status) => {
      if (status.state === 'syncing') pending.push(status.pending);
    });
    const file = path.join(tempDir('hoiio-team-import-').path, 'ten-thousand.vcf');
    const cards: string[] = [];
    for (let i = 0; i < 10_000; i += 1) {
      const n = String(i).padStart(5, '0');
      cards.push(
        `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person ${n}\r\nORG:Firm ${i % 97}\r\nTEL:+65 8${1_000_000 + i}\r\nEND:VCARD`,
      );
    }
    writeFileSync(file, cards.join('\r\n'));
    const report = await importer.ok<ImportReport>('importExport:importContacts', {
      jobId: crypto.randomUUID(),
      path: file,
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    expect(report.counts.imported).toBe(10_000);
    for (const d of others) await countOn(d, existing + 10_000, 'the import on another desktop');
    // Pushed in batches: the status counted down through several "syncing N" steps.
    expect(new Set(pending.filter((n) => n > 0)).size).toBeGreaterThan(2);
    expect(Math.max(...pending)).toBeGreaterThanOrEqual(5_000);
    const [server10k] = await server.admin<{ n: string }>(
      "SELECT count(*) AS n FROM team.contacts WHERE NOT deleted AND created_by = 'ana' AND fields ->> 'name' LIKE 'Person %'",
    );
    expect(Number(server10k!.n)).toBe(10_000);

    await importer.ok('importExport:undoImport');
    await countOn(importer, existing, 'the undone import on the importing desktop');
    for (const d of others) await countOn(d, existing, 'the undone import on another desktop');
    const [tombstones] = await server.admin<{ n: string }>('SELECT count(*) AS n FROM team.contacts WHERE deleted');
    expect(Number(tombstones!.n)).toBeGreaterThanOrEqual(10_000);
  }, 600_000);

  it('row-level security: any member edits contacts, attributed to them; nobody forges attribution or deletes', async () => {
    const ana = await member('ana');
    const ben = await member('ben');
    const asAna = await server.connectAs('ana', ana.password);
    const asBen = await server.connectAs('ben', ben.password);
    try {
      const id = crypto.randomUUID();
      await asAna.query(
        "INSERT INTO team.contacts (id, fields, changed_by, created_by) VALUES ($1, '{\"name\":\"X\"}', 'ana', 'ana')",
        [id],
      );
      // Ben edits Ana's contact: allowed, and attributed to Ben whatever he claims.
      await asBen.query(
        "UPDATE team.contacts SET fields = '{\"name\":\"Y\"}', changed_by = 'ana', created_by = 'ben' WHERE id = $1",
        [id],
      );
      const [row] = await server.admin<{ changed_by: string; created_by: string }>(
        'SELECT changed_by, created_by FROM team.contacts WHERE id = $1',
        [id],
      );
      expect(row).toEqual({ changed_by: 'ben', created_by: 'ana' });
      await expect(asBen.query('DELETE FROM team.contacts WHERE id = $1', [id])).rejects.toThrow(/permission denied/);
      await expect(
        asBen.query(
          "INSERT INTO team.contact_revisions (contact_id, field, value, replaced_by) VALUES ($1, 'name', '\"Z\"', 'ana')",
          [id],
        ),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await asAna.end();
      await asBen.end();
    }
  });
});
