import { describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/main/core/store/index.ts';
import { callRecord, errorOf, freshStore, tempDir } from './support.ts';

describe('contacts: create, get, update', () => {
  it('stores numbers as E.164 with the original text and label', () => {
    const store = freshStore();
    const contact = store.contacts.create({
      name: '  Ada Lovelace ',
      company: 'Analytical Engines',
      notes: 'Line 1\nLine 2',
      phones: [
        { label: 'mobile', number: '(415) 555-0100' },
        { label: 'work', number: '+44 20 7946 0000' },
        { label: 'dup', number: '+1 415 555 0100' },
      ],
      defaultCountry: 'US',
    });
    expect(contact).toMatchObject({
      name: 'Ada Lovelace',
      company: 'Analytical Engines',
      notes: 'Line 1\nLine 2',
      favourite: false,
      phones: [
        { label: 'mobile', e164: '+14155550100', original: '(415) 555-0100' },
        { label: 'work', e164: '+442079460000', original: '+44 20 7946 0000' },
      ],
    });
    expect(store.contacts.get(contact.id)).toEqual(contact);
    store.close();
  });

  it('rejects a number it cannot read, naming it, and writes nothing', () => {
    const store = freshStore();
    const error = errorOf(() => store.contacts.create({ name: 'Bad', phones: [{ label: '', number: '555-0100' }] }));
    expect(error.code).toBe('invalid_input');
    expect(error).toMatchObject({ key: 'phone.needsCountryCode', fields: [{ path: ['phones', '0', 'number'] }] });
    expect(error.message).toMatch(/Write 555-0100 with its country code/);
    expect(error.details).toMatchObject({ field: 'phones.0.number' });
    expect(store.contacts.count()).toBe(0);
    expect(errorOf(() => store.contacts.create({ name: '   ', phones: [] })).code).toBe('invalid_input');
    store.close();
  });

  it('updates only the given fields, replaces the phone list, and moves updatedAt', () => {
    let clock = Date.parse('2024-01-01T00:00:00Z');
    const store = freshStore(() => new Date(clock));
    const created = store.contacts.create({
      name: 'Grace',
      company: 'Navy',
      phones: [{ label: 'home', number: '+6581234567' }],
    });
    clock += 60_000;
    const updated = store.contacts.update({
      id: created.id,
      company: 'Harvard',
      phones: [{ label: 'work', number: '+6561234567' }],
    });
    expect(updated).toMatchObject({
      name: 'Grace',
      company: 'Harvard',
      phones: [{ label: 'work', e164: '+6561234567' }],
    });
    expect(updated.createdAt).toBe('2024-01-01T00:00:00.000Z');
    expect(updated.updatedAt).toBe('2024-01-01T00:01:00.000Z');
    expect(store.contacts.matchContactByNumber('+6581234567')).toBeNull();
    expect(errorOf(() => store.contacts.update({ id: 'missing', name: 'X' })).code).toBe('not_found');
    store.close();
  });

  it('toggles and sets the favourite flag', () => {
    const store = freshStore();
    const contact = store.contacts.create({ name: 'Fav', phones: [] });
    expect(store.contacts.toggleFavourite(contact.id).favourite).toBe(true);
    expect(store.contacts.toggleFavourite(contact.id).favourite).toBe(false);
    expect(store.contacts.setFavourite(contact.id, true).favourite).toBe(true);
    store.close();
  });
});

describe('contacts: delete with undo', () => {
  it('restores deleted contacts exactly (ids, numbers, times) until the next change', () => {
    const store = freshStore();
    const a = store.contacts.create({
      name: 'Alpha',
      favourite: true,
      phones: [{ label: 'mobile', number: '+6581110000' }],
    });
    const b = store.contacts.create({ name: 'Beta', phones: [{ label: 'work', number: '+6581110001' }] });
    const c = store.contacts.create({ name: 'Gamma', phones: [] });

    expect(store.contacts.delete([a.id, b.id, 'not-there'])).toEqual({ deleted: 2, undoable: true });
    expect(store.contacts.list().items.map((contact) => contact.name)).toEqual(['Gamma']);
    expect(store.contacts.matchContactByNumber('+6581110000')).toBeNull();
    expect(store.contacts.canUndoDelete()).toBe(true);

    const { restored } = store.contacts.undoDelete();
    expect(restored).toEqual([a, b]);
    expect(store.contacts.list().items.map((contact) => contact.name)).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(errorOf(() => store.contacts.undoDelete()).code).toBe('not_found');

    store.contacts.delete([c.id]);
    store.contacts.update({ id: a.id, notes: 'a change ends the undo window' });
    expect(store.contacts.canUndoDelete()).toBe(false);
    expect(errorOf(() => store.contacts.undoDelete()).message).toMatch(/only until the next change/);
    expect(store.contacts.find(c.id)).toBeNull();
    store.close();
  });

  it('keeps the undo across a restart (it is stored in the database)', () => {
    const dir = tempDir();
    const first = createStore({ dataDir: dir });
    const contact = first.contacts.create({ name: 'Durable', phones: [{ label: '', number: '+6581112222' }] });
    first.contacts.delete([contact.id]);
    first.close();
    const second = createStore({ dataDir: dir });
    expect(second.contacts.undoDelete().restored).toEqual([contact]);
    second.close();
  });

  it('reports not_found when none of the ids exist', () => {
    const store = freshStore();
    expect(errorOf(() => store.contacts.delete(['nope'])).code).toBe('not_found');
    store.close();
  });
});

describe('contacts: list and search', () => {
  function seeded(): Store {
    const store = freshStore();
    const people: [string, string, string, boolean][] = [
      ['Émile Zola', 'Les Éditions', '+1 415 555 0100', false],
      ['Zoë Ångström', 'Acme', '+44 20 7946 0018', true],
      ['Bob Builder', 'Acme Construction', '+65 8123 4567', false],
      ['alice', '', '+61 2 9374 4000', true],
    ];
    for (const [name, company, number, favourite] of people) {
      store.contacts.create({ name, company, favourite, phones: [{ label: 'mobile', number }] });
    }
    for (let index = 0; index < 21; index++) {
      store.contacts.create({ name: `Filler ${String(index).padStart(2, '0')}`, phones: [] });
    }
    return store;
  }

  it('pages in name order with favourites first, and a correct total', () => {
    const store = seeded();
    const first = store.contacts.list({ limit: 10 });
    expect(first.total).toBe(25);
    expect(first.items.slice(0, 3).map((contact) => contact.name)).toEqual(['alice', 'Zoë Ångström', 'Bob Builder']);
    const pages = [0, 10, 20].map((offset) =>
      store.contacts.list({ offset, limit: 10 }).items.map((contact) => contact.id),
    );
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
    expect(new Set(pages.flat()).size).toBe(25);
    const plain = store.contacts.list({ favouritesFirst: false, limit: 3 }).items.map((contact) => contact.name);
    expect(plain).toEqual(['alice', 'Bob Builder', 'Émile Zola']);
    expect(store.contacts.list({ favouritesOnly: true }).items.map((contact) => contact.name)).toEqual([
      'alice',
      'Zoë Ångström',
    ]);
    store.close();
  });

  it.each([
    ['5550', ['Émile Zola']],
    ['555 01', ['Émile Zola']],
    ['(415) 555-0100', ['Émile Zola']],
    ['020 7946', ['Zoë Ångström']],
    ['9374', ['alice']],
    ['emile', ['Émile Zola']],
    ['ZOE', ['Zoë Ångström']],
    ['acme', ['Zoë Ångström', 'Bob Builder']],
    ['acme constr', ['Bob Builder']],
    ['editions', ['Émile Zola']],
    ['zo%', []],
    ['b_b', []],
    ['nobody', []],
  ])('search %j finds %j', (search, names) => {
    const store = seeded();
    const page = store.contacts.list({ search });
    expect(page.items.map((contact) => contact.name)).toEqual(names);
    expect(page.total).toBe(names.length);
    store.close();
  });

  it('matches a number to a contact, preferring favourites', () => {
    const store = freshStore();
    store.contacts.create({ name: 'Aaron', phones: [{ label: '', number: '+6580000001' }] });
    const favourite = store.contacts.create({
      name: 'Zed',
      favourite: true,
      phones: [{ label: '', number: '+6580000001' }],
    });
    expect(store.contacts.matchContactByNumber('+6580000001')).toEqual({ id: favourite.id, name: 'Zed' });
    expect(store.contacts.matchContactByNumber('+6580000002')).toBeNull();
    store.close();
  });

  it('renaming a contact renames it in the call log search', () => {
    const store = freshStore();
    const contact = store.contacts.create({ name: 'Old Name', phones: [{ label: '', number: '+14155550100' }] });
    store.callLog.insert(callRecord({ contactId: contact.id }));
    expect(store.callLog.query({ search: 'old name' }).total).toBe(1);
    store.contacts.update({ id: contact.id, name: 'New Name' });
    expect(store.callLog.query({ search: 'old name' }).total).toBe(0);
    expect(store.callLog.query({ search: 'new name' }).items[0]?.contactName).toBe('New Name');
    store.close();
  });
});
