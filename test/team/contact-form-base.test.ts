/**
 * The contact form's save on a team (issue 16 follow-up), two desktops (cores with their own data
 * folders and keychain entries) on one real PostgreSQL 15: a team-mate's change that arrived while
 * the form was open survives the save; a field both changed takes the form's value and the
 * team-mate's is a revision on both desktops (attributed, restorable); a contact deleted on one
 * desktop while the other had it open in the form is restored with the edit, everywhere; a bad
 * base is refused at the contract and changes nothing. Keychain: run under scripts/with-keyring.sh.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contactFormBase, type Contact, type ContactUpdate } from '../../src/shared/contacts.ts';
import type { TeamContactInfo, TeamServer } from '../../src/shared/team.ts';
import { eventually, requireTestKeyring } from '../calls/helpers.ts';
import { startDesktop, type Desktop } from './desktops.ts';
import { postgresMissingReason, startTeamServer, type TestTeamServer } from './team-server.ts';

const skipReason = postgresMissingReason();
let server: TestTeamServer;
const open: Desktop[] = [];
const members = new Map<string, { server: TeamServer; password: string }>();

async function desktop(name: string): Promise<Desktop> {
  let entry = members.get(name);
  if (!entry) {
    entry = await server.addMember(name);
    members.set(name, entry);
  }
  const d = await startDesktop(null, '', entry, undefined, 'sandbox');
  open.push(d);
  return d;
}

const contactOn = (d: Desktop, id: string): Promise<Contact | null> =>
  d.call<Contact>('contacts:get', { id }).then((result) => (result.ok ? result.value : null));

function eventuallyOn(d: Desktop, id: string, predicate: (c: Contact | null) => boolean, what: string) {
  return eventually(
    async () => {
      const contact = await contactOn(d, id);
      return predicate(contact) ? { contact } : undefined;
    },
    30_000,
    what,
  ).then((found) => found.contact);
}

const info = (d: Desktop, id: string) => d.ok<TeamContactInfo>('team:contactInfo', { id });

/** What the contact form sends on Save: every field as shown, and the contact as the form opened it. */
function formSave(opened: Contact, change: Partial<Pick<Contact, 'name' | 'company' | 'notes'>>): ContactUpdate {
  return {
    id: opened.id,
    name: change.name ?? opened.name,
    company: change.company ?? opened.company,
    notes: change.notes ?? opened.notes,
    phones: opened.phones.map((p) => ({ label: p.label, number: p.original })),
    base: contactFormBase(opened),
  };
}

describe.skipIf(skipReason !== null)(
  `contact form base on a team${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    beforeAll(async () => {
      requireTestKeyring();
      server = await startTeamServer();
    }, 120_000);
    afterEach(async () => {
      while (open.length > 0) await open.pop()!.close();
    });
    afterAll(() => server?.destroy());

    it("a team-mate's change that arrived while the form was open survives the save; a field both changed keeps the team-mate's value as a revision on both desktops", async () => {
      const a = await desktop('ana');
      const b = await desktop('ben');
      const created = await a.ok<Contact>('contacts:create', {
        name: 'Dana Lim',
        company: 'Acme',
        notes: 'Met at the fair',
        phones: [{ label: 'work', number: '+65 6123 4567' }],
      });
      const openedOnB = (await eventuallyOn(b, created.id, (c) => c !== null, 'the contact on B'))!;

      // While B's form is open, A changes the company and the name; both reach B.
      await a.ok('contacts:update', { id: created.id, company: 'Acme Asia', name: 'Dana Lim-Tan' });
      await eventuallyOn(b, created.id, (c) => c?.company === 'Acme Asia', "A's edit on B");

      // B saves: notes changed (only B), company changed (both: B's wins), name left alone (A's stays).
      const saved = await b.ok<Contact>(
        'contacts:update',
        formSave(openedOnB, { notes: 'Prefers mornings', company: 'Acme Holdings' }),
      );
      expect(saved).toMatchObject({ name: 'Dana Lim-Tan', company: 'Acme Holdings', notes: 'Prefers mornings' });
      const merged = (c: Contact | null) =>
        c?.name === 'Dana Lim-Tan' && c.company === 'Acme Holdings' && c.notes === 'Prefers mornings';
      await eventuallyOn(a, created.id, merged, 'the merged contact on A');

      // The company B overwrote is on record on the server and on both desktops, attributed to ana.
      const [row] = await eventually(
        async () => {
          const rows = await server.admin<{ value: string; value_by: string; replaced_by: string }>(
            "SELECT value #>> '{}' AS value, value_by, replaced_by FROM team.contact_revisions WHERE contact_id = $1 AND field = 'company'",
            [created.id],
          );
          return rows.length > 0 ? rows : undefined;
        },
        30_000,
        'the company revision on the server',
      );
      expect(row).toEqual({ value: 'Acme Asia', value_by: 'ana', replaced_by: 'ben' });
      for (const d of [a, b]) {
        const revisions = await eventually(
          async () => {
            const list = (await info(d, created.id)).revisions;
            return list.length > 0 && list.every((r) => r.id > 0) ? list : undefined; // the server's list
          },
          30_000,
          "the server's revision list on a desktop",
        );
        expect(revisions.map((r) => [r.field, r.value, r.valueBy, r.replacedBy])).toEqual([
          ['company', 'Acme Asia', 'ana', 'ben'],
        ]);
      }

      // Restoring it on A reaches B.
      const restoreId = (await info(a, created.id)).revisions[0]!.id;
      await a.ok('team:restoreRevision', { contactId: created.id, revisionId: restoreId });
      await eventuallyOn(
        b,
        created.id,
        (c) => c?.company === 'Acme Asia' && c.notes === 'Prefers mornings',
        'the restored company on B',
      );
    }, 120_000);

    it('a contact deleted on A while B had it open in the form: B saving restores it with the edit on both desktops', async () => {
      const a = await desktop('ana');
      const b = await desktop('ben');
      const created = await a.ok<Contact>('contacts:create', { name: 'Eli Tan', company: 'Old Co' });
      const openedOnB = (await eventuallyOn(b, created.id, (c) => c !== null, 'the contact on B'))!;
      await a.ok('contacts:delete', { ids: [created.id] });
      await eventuallyOn(b, created.id, (c) => c === null, 'the delete on B');

      const saved = await b.ok<Contact>('contacts:update', formSave(openedOnB, { company: 'New Co' }));
      expect(saved).toMatchObject({ id: created.id, name: 'Eli Tan', company: 'New Co' });
      await eventuallyOn(a, created.id, (c) => c?.company === 'New Co', 'the restored contact on A');
      const [tomb] = await server.admin<{ deleted: boolean; changed_by: string }>(
        'SELECT deleted, changed_by FROM team.contacts WHERE id = $1',
        [created.id],
      );
      expect(tomb).toEqual({ deleted: false, changed_by: 'ben' });
    }, 120_000);

    it('a bad base is refused at the contract with invalid_input naming it, and nothing changes anywhere', async () => {
      const a = await desktop('ana');
      const created = await a.ok<Contact>('contacts:create', { name: 'Fay Ong', company: 'Kept' });
      await a.ok('team:syncNow');
      const result = await a.call('contacts:update', {
        id: created.id,
        company: 'Changed',
        base: { name: 'Fay Ong', company: 'Kept', notes: '', phones: [{ e164: 'not a number' }] },
      });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('invalid_input');
      expect(JSON.stringify(result.error)).toContain('base');
      expect((await contactOn(a, created.id))!.company).toBe('Kept');
      await a.ok('team:syncNow');
      const [held] = await server.admin<{ company: string }>(
        "SELECT fields ->> 'company' AS company FROM team.contacts WHERE id = $1",
        [created.id],
      );
      expect(held!.company).toBe('Kept');
    }, 120_000);
  },
);
