/**
 * The contact form's save against a real SQLite store (issue 16 follow-up): the form sends the
 * contact as it opened (`base`), the store merges per field and per number with what is stored
 * now, keeps what it overwrote as a revision (team_contact_revisions, shown on the contact page),
 * restores a contact deleted meanwhile, and refuses a bad base without changing anything.
 * The contacts service and the team's contact store are the real ones, wired as createCore does.
 */
import { describe, expect, it } from 'vitest';
import { ContactsService } from '../../src/main/core/contacts/contacts-service.ts';
import { TypedEmitter, type CoreEventMap } from '../../src/main/core/events.ts';
import type { Store } from '../../src/main/core/store/index.ts';
import { TeamContactsStore, type TeamContactRow } from '../../src/main/core/team/contacts-store.ts';
import { sharedFields } from '../../src/main/core/team/contact-merge.ts';
import type { DatabaseWorker } from '../../src/main/core/workers/database-worker-client.ts';
import {
  contactFormBase,
  type Contact,
  type ContactsChangedEvent,
  type ContactUpdate,
} from '../../src/shared/contacts.ts';
import { errorOf, freshStore } from './support.ts';

/** The real service over `store`; the team store keeps revisions as the team service does (no team: member null). */
function setUp(member: string | null = null) {
  const store = freshStore();
  const events = new TypedEmitter<CoreEventMap>();
  const changes: ContactsChangedEvent[] = [];
  events.on('contactsChanged', (event) => changes.push(event));
  const team = new TeamContactsStore(store.db, store.contacts);
  const noWorker = {
    request: () => Promise.reject(new Error('a form save never reads through the queries worker')),
  } as unknown as DatabaseWorker;
  const contacts = new ContactsService({
    contacts: store.contacts,
    queries: noWorker,
    events,
    settings: { get: () => ({ defaultCountry: 'SG' }) },
    revisions: { keepFormOverwrite: (overwrite) => team.keepFormOverwrite(overwrite, member) },
  });
  return { store, contacts, team, changes };
}

/** What the contact form sends: every field as typed, and the contact as it opened. */
function formSave(
  opened: Contact,
  change: Partial<Pick<Contact, 'name' | 'company' | 'notes' | 'phones'>>,
): ContactUpdate {
  const fields = { ...sharedFields(opened), ...change };
  return {
    id: opened.id,
    name: fields.name,
    company: fields.company,
    notes: fields.notes,
    phones: fields.phones.map((p) => ({ label: p.label, number: p.original })),
    base: contactFormBase(opened),
  };
}

function dana(store: Store): Contact {
  return store.contacts.create({
    name: 'Dana Lim',
    company: 'Acme',
    notes: 'Met at the fair',
    phones: [
      { label: 'work', number: '+65 6123 4567' },
      { label: 'mobile', number: '+65 8123 0000' },
    ],
  });
}

/** A team contact as the server sends it on a pull (jsonb: keys sorted), Dana Lim with one number. */
function teamRow(
  id: string,
  version: string,
  change: { company: string; notes?: string; changedBy: string; revisions?: readonly object[]; label?: string },
): TeamContactRow {
  return {
    id,
    fieldsJson: JSON.stringify({
      name: 'Dana Lim',
      notes: change.notes ?? '',
      phones: [{ e164: '+6561234567', label: change.label ?? 'work', original: '+65 6123 4567' }],
      company: change.company,
    }),
    deleted: false,
    version,
    changedBy: change.changedBy,
    changedAt: '2026-12-01T09:00:00.000Z',
    createdBy: 'ana',
    changeXid: version,
    revisionsJson: JSON.stringify(change.revisions ?? []),
  };
}

/** A revision as the server lists it (team.contact_revisions, pulled with its contact). */
function serverRevision(id: number, field: string, value: unknown, valueBy: string, replacedBy: string): object {
  const at = '2026-12-01T09:30:00.000Z';
  return { id, field, value, value_by: valueBy, value_at: at, replaced_by: replacedBy, replaced_at: at };
}

describe('contact form save with its base, on SQLite', () => {
  it('a company changed meanwhile survives a save that changed only the notes', () => {
    const { store, contacts, team } = setUp();
    const opened = dana(store);
    store.contacts.update({ id: opened.id, company: 'Acme Asia' }); // another window, or a pulled change
    const saved = contacts.update(formSave(opened, { notes: 'Prefers mornings' }));
    expect(saved).toMatchObject({ company: 'Acme Asia', notes: 'Prefers mornings', name: 'Dana Lim' });
    expect(store.contacts.get(opened.id)).toEqual(saved);
    expect(team.info(opened.id).revisions).toEqual([]);
    store.close();
  });

  it('a field both changed takes the form value, and the value it replaced is a revision of the contact', () => {
    const { store, contacts, team, changes } = setUp();
    const opened = dana(store);
    store.contacts.update({ id: opened.id, company: 'Acme Asia' });
    const saved = contacts.update(formSave(opened, { company: 'Acme Holdings' }));
    expect(saved.company).toBe('Acme Holdings');
    const [revision, ...more] = team.info(opened.id).revisions;
    expect(more).toEqual([]);
    expect(revision).toMatchObject({ field: 'company', value: 'Acme Asia', valueBy: null, replacedBy: '' });
    expect(revision!.id).toBeLessThan(0); // kept on this desktop: never a server id
    expect(changes.at(-1)).toEqual({ reason: 'updated', ids: [opened.id] });

    // A second overwrite is listed first (newest first).
    const again = store.contacts.get(opened.id);
    store.contacts.update({ id: opened.id, company: 'Acme Group' });
    contacts.update(formSave(again, { company: 'Acme Pte' }));
    expect(team.info(opened.id).revisions.map((r) => r.value)).toEqual(['Acme Group', 'Acme Asia']);
    store.close();
  });

  it('numbers merge per number: one added meanwhile stays when the form removes another', () => {
    const { store, contacts, team } = setUp();
    const opened = dana(store);
    store.contacts.update({
      id: opened.id,
      phones: [
        { label: 'work', number: '+65 6123 4567' },
        { label: 'mobile', number: '+65 8123 0000' },
        { label: 'home', number: '+65 6999 0000' },
      ],
    });
    const saved = contacts.update(formSave(opened, { phones: [opened.phones[1]!] }));
    expect(saved.phones.map((p) => [p.label, p.e164])).toEqual([
      ['mobile', '+6581230000'],
      ['home', '+6569990000'],
    ]);
    expect(team.info(opened.id).revisions).toEqual([]);
    store.close();
  });

  it('a label re-worded meanwhile ("Work" as an older version saved it, now "work") is no clash: the relabel is taken, no revision', () => {
    const { store, contacts, team } = setUp();
    const opened = store.contacts.create({
      name: 'Dana Lim',
      phones: [{ label: 'Work', number: '+65 6123 4567' }],
    });
    store.contacts.update({ id: opened.id, phones: [{ label: 'work', number: '+65 6123 4567' }] });
    const saved = contacts.update(formSave(opened, { phones: [{ ...opened.phones[0]!, label: 'home' }] }));
    expect(saved.phones.map((p) => [p.label, p.e164])).toEqual([['home', '+6561234567']]);
    expect(team.info(opened.id).revisions).toEqual([]);
    store.close();
  });

  it('a contact deleted meanwhile is restored with the edit (same id), and the windows hear "restored"', () => {
    const { store, contacts, changes } = setUp();
    const opened = dana(store);
    store.contacts.delete([opened.id]);
    expect(store.contacts.find(opened.id)).toBeNull();
    const saved = contacts.update(formSave(opened, { notes: 'Call back in May' }));
    expect(saved).toMatchObject({ id: opened.id, name: 'Dana Lim', company: 'Acme', notes: 'Call back in May' });
    expect(saved.phones.map((p) => p.e164)).toEqual(['+6561234567', '+6581230000']);
    expect(store.contacts.get(opened.id)).toEqual(saved);
    expect(changes.at(-1)).toEqual({ reason: 'restored', ids: [opened.id] });
    store.close();
  });

  it('without a base (not the form) an edit of a deleted contact is still not_found', () => {
    const { store, contacts } = setUp();
    const opened = dana(store);
    store.contacts.delete([opened.id]);
    expect(errorOf(() => contacts.update({ id: opened.id, notes: 'x' })).code).toBe('not_found');
    expect(store.contacts.find(opened.id)).toBeNull();
    store.close();
  });

  it.each([
    ['a base without its numbers', { name: 'Dana Lim', company: 'Acme', notes: '' }, 'base.phones'],
    [
      'a base with an unknown field',
      { name: 'Dana Lim', company: 'Acme', notes: '', phones: [], favourite: true },
      'base',
    ],
    ['a base name over the limit', { name: 'x'.repeat(201), company: '', notes: '', phones: [] }, 'base.name'],
    [
      'a base number that is not E.164',
      { name: 'Dana Lim', company: '', notes: '', phones: [{ label: '', e164: '61234567', original: '6123 4567' }] },
      'base.phones.0.e164',
    ],
    ['a base that is not an object', 'Dana Lim', 'base'],
  ])('refuses %s with invalid_input naming it, and changes nothing', (_what, base, path) => {
    const { store, contacts, changes } = setUp();
    const opened = dana(store);
    const error = errorOf(() =>
      contacts.update({ id: opened.id, company: 'Changed', base } as unknown as ContactUpdate),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(path);
    expect(store.contacts.get(opened.id)).toEqual(opened);
    expect(changes).toEqual([]);
    store.close();
  });

  it('a team contact: the overwritten team value is kept, attributed, and the push carries the form base for that field', () => {
    const { store, contacts, team } = setUp('ana');
    team.startTracking(false);
    const id = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
    const row = (version: string, company: string, changedBy: string) => teamRow(id, version, { company, changedBy });
    team.applyPulled('test', [row('1', 'Acme', 'ana')], { xid: '1', id }, true);
    const opened = store.contacts.get(id);
    team.applyPulled('test', [row('2', 'Acme Asia', 'ben')], { xid: '2', id }, true); // ben's edit arrives
    expect(store.contacts.get(id).company).toBe('Acme Asia');

    contacts.update(formSave(opened, { company: 'Acme Holdings', notes: 'Prefers mornings' }));
    expect(team.info(id).revisions).toMatchObject([
      { field: 'company', value: 'Acme Asia', valueBy: 'ben', replacedBy: 'ana' },
    ]);
    const [push] = team.nextPushes(10);
    expect(push).toMatchObject({
      id,
      baseVersion: '2',
      base: { company: 'Acme', notes: '' }, // the form's base for the overwritten field, the team's for the rest
      mine: { company: 'Acme Holdings', notes: 'Prefers mornings' },
    });
    store.close();
  });

  it("a shared contact: a value kept on this desktop only (another window's edit not yet pushed) outlives the next pull", () => {
    const { store, contacts, team } = setUp('ana');
    team.startTracking(false);
    const id = '2c5f39cb-3fb2-42e3-994f-1127e4ddb538';
    team.applyPulled('test', [teamRow(id, '1', { company: 'Acme', changedBy: 'ana' })], { xid: '1', id }, true);
    const opened = store.contacts.get(id);
    store.contacts.update({ id, company: 'Acme Asia' }); // another window's save, not pushed yet
    contacts.update(formSave(opened, { company: 'Acme Holdings' }));
    const [local] = team.info(id).revisions;
    expect(local).toMatchObject({ field: 'company', value: 'Acme Asia', valueBy: null, replacedBy: 'ana' });
    expect(local!.id).toBeLessThan(0);

    // Ben's notes edit is pulled with the server's list, which never saw 'Acme Asia'.
    const bens = serverRevision(7, 'notes', '', 'ana', 'ben');
    team.applyPulled(
      'test',
      [teamRow(id, '2', { company: 'Acme', notes: 'Prefers mornings', changedBy: 'ben', revisions: [bens] })],
      { xid: '2', id },
      true,
    );
    expect(team.info(id).revisions.map((r) => [r.id, r.field, r.value])).toEqual([
      [7, 'notes', ''],
      [local!.id, 'company', 'Acme Asia'],
    ]);
    // Still restorable here.
    expect(team.revision(id, local!.id)).toMatchObject({ field: 'company', value: 'Acme Asia' });
    expect(store.contacts.get(id).company).toBe('Acme Holdings');
    store.close();
  });

  it("a shared contact: the team's value a save overwrote while the contact's push was in flight outlives the push's answer and the next pull", () => {
    const { store, contacts, team } = setUp('ana');
    team.startTracking(false);
    const id = '3d6a4adc-4ac3-43f4-aa50-2238f5eec649';
    team.applyPulled('test', [teamRow(id, '1', { company: 'Acme', changedBy: 'ana' })], { xid: '1', id }, true);
    const opened = store.contacts.get(id); // the form opens
    team.applyPulled('test', [teamRow(id, '2', { company: 'Acme Asia', changedBy: 'ben' })], { xid: '2', id }, true);
    store.contacts.update({ id, notes: 'Prefers mornings' }); // another window
    const pushes = team.nextPushes(10); // in flight: the notes, on base 2
    expect(pushes.map((p) => [p.baseVersion, p.mine?.notes])).toEqual([['2', 'Prefers mornings']]);
    contacts.update(formSave(opened, { company: 'Acme Holdings', notes: 'Prefers mornings' }));
    expect(team.info(id).revisions).toMatchObject([
      { field: 'company', value: 'Acme Asia', valueBy: 'ben', replacedBy: 'ana' },
    ]);

    // The push's answer (the notes, version 3) becomes the base: the server will not record
    // 'Acme Asia' as overwritten, and the next pull lists no revision of it.
    const answer = teamRow(id, '3', { company: 'Acme Asia', notes: 'Prefers mornings', changedBy: 'ana' });
    team.applyPushed([{ ...answer, revisionsJson: undefined }], new Map(pushes.map((p) => [p.id, p])));
    team.applyPulled('test', [answer], { xid: '3', id }, true);
    const [kept, ...more] = team.info(id).revisions;
    expect(more).toEqual([]);
    expect(kept).toMatchObject({ field: 'company', value: 'Acme Asia', valueBy: 'ben', replacedBy: 'ana' });
    expect(kept!.id).toBeLessThan(0);
    expect(store.contacts.get(id)).toMatchObject({ company: 'Acme Holdings', notes: 'Prefers mornings' });
    store.close();
  });

  it("a shared contact: a value kept on this desktop only is dropped once the server's list holds it (numbers in any key order)", () => {
    const { store, contacts, team } = setUp('ana');
    team.startTracking(false);
    const id = '4e7b5bed-5bd4-44a5-bb61-3349a6ffd75a';
    team.applyPulled('test', [teamRow(id, '1', { company: 'Acme', changedBy: 'ben' })], { xid: '1', id }, true);
    const opened = store.contacts.get(id);
    store.contacts.update({ id, company: 'Acme Asia', phones: [{ label: 'desk', number: '+65 6123 4567' }] });
    contacts.update(
      formSave(opened, { company: 'Acme Holdings', phones: [{ ...opened.phones[0]!, label: 'office' }] }),
    );
    expect(team.info(id).revisions.map((r) => r.field)).toEqual(['phones', 'company']); // newest first
    const localPhones = team.info(id).revisions[0]!.id;

    // The server now lists the company and the numbers (jsonb: keys sorted) as its own revisions.
    const numbers = [{ e164: '+6561234567', label: 'desk', original: '+65 6123 4567' }];
    team.applyPulled(
      'test',
      [
        teamRow(id, '2', {
          company: 'Acme Holdings',
          changedBy: 'ana',
          revisions: [
            serverRevision(9, 'phones', numbers, 'ana', 'ana'),
            serverRevision(8, 'company', 'Acme Asia', 'ana', 'ana'),
          ],
        }),
      ],
      { xid: '2', id },
      true,
    );
    expect(team.info(id).revisions.map((r) => [r.id, r.field])).toEqual([
      [9, 'phones'],
      [8, 'company'],
    ]);
    expect(team.revision(id, localPhones)).toBeNull();
    store.close();
  });

  it('a shared contact whose numbers changed here only in their labels\' wording ("Work" on the team, "work" here) has nothing to push', () => {
    const { store, team } = setUp('ana');
    team.startTracking(false);
    const id = '5f8c6cfe-6ce5-45b6-8c07-445ab7a0e86b';
    team.applyPulled(
      'test',
      [teamRow(id, '1', { company: 'Acme', changedBy: 'ben', label: 'Work' })],
      { xid: '1', id },
      true,
    );
    expect(store.contacts.get(id).phones.map((p) => p.label)).toEqual(['Work']);
    store.contacts.update({ id, phones: [{ label: 'work', number: '+65 6123 4567' }] });
    expect(team.dirtyCount()).toBe(1); // its numbers were rewritten: tracked
    expect(team.nextPushes(10)).toEqual([]);
    expect(team.dirtyCount()).toBe(0);

    // A real change still goes.
    store.contacts.update({ id, phones: [{ label: 'home', number: '+65 6123 4567' }] });
    expect(team.nextPushes(10).map((push) => push.mine?.phones.map((p) => p.label))).toEqual([['home']]);
    store.close();
  });
});
