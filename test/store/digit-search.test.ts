/**
 * Issue 9 item 5: searching digits finds exactly the numbers that contain them as one run, in the
 * call log and in contacts, whatever the spacing typed. "The number" is its international digits
 * or its national format with the trunk prefix (libphonenumber's), so "020 7946" finds +44 20 7946 ….
 */
import { describe, expect, it } from 'vitest';
import { callRecord, freshStore } from './support.ts';

const NUMBERS = ['+6581230001', '+6561234567', '+6581230123', '+442079460018', '+14155551000', '+6597650123'];

function seeded() {
  const store = freshStore();
  NUMBERS.forEach((e164, index) => {
    store.contacts.create({ name: `Person ${index}`, phones: [{ label: '', number: e164 }] });
    store.callLog.insert(
      callRecord({ id: `call-${index}`, dest2: e164, createdAt: `2024-05-0${index + 1}T10:00:00.000Z` }),
    );
  });
  return store;
}

const contactsFor = (store: ReturnType<typeof seeded>, search: string): string[] =>
  store.contacts
    .list({ search, limit: 50 })
    .items.flatMap((contact) => contact.phones.map((phone) => phone.e164))
    .sort();
const callsFor = (store: ReturnType<typeof seeded>, search: string): string[] =>
  store.callLog
    .query({ search, limit: 50 })
    .items.map((call) => call.dest2)
    .sort();

describe('digit search', () => {
  it('"0001" finds only numbers containing 0001, in the log (it found nothing) and in contacts (it found all)', () => {
    const store = seeded();
    expect(callsFor(store, '0001')).toEqual(['+6581230001']);
    expect(contactsFor(store, '0001')).toEqual(['+6581230001']);
    expect(callsFor(store, '555 0001')).toEqual([]); // no number has 5550001 as one run
    store.close();
  });

  it('"0123" finds the numbers that contain 0123, not every number with 123', () => {
    const store = seeded();
    expect(contactsFor(store, '0123')).toEqual(['+6581230123', '+6597650123']);
    expect(callsFor(store, '0123')).toEqual(['+6581230123', '+6597650123']);
    store.close();
  });

  it('a national number typed with its trunk prefix: "020 7946" and "(020) 7946-0018" find +44 20 7946 0018', () => {
    const store = seeded();
    for (const typed of ['020 7946', '(020) 7946-0018', '+44 20 7946']) {
      expect(contactsFor(store, typed)).toEqual(['+442079460018']);
      expect(callsFor(store, typed)).toEqual(['+442079460018']);
    }
    store.close();
  });

  it('spacing typed does not matter: "8123 0001", "81230001" and "8123-0001" agree', () => {
    const store = seeded();
    for (const typed of ['8123 0001', '81230001', '8123-0001']) {
      expect(contactsFor(store, typed)).toEqual(['+6581230001']);
      expect(callsFor(store, typed)).toEqual(['+6581230001']);
    }
    store.close();
  });
});

describe('letters search names and companies only', () => {
  it('"a" finds only names and companies with an "a"; a word mixing letters and digits searches no numbers', () => {
    const store = seeded();
    store.contacts.create({ name: 'Ada Rahman', company: '', phones: [{ label: '', number: '+6590000009' }] });
    store.contacts.create({ name: 'Bo Lee', company: 'Acme', phones: [{ label: '', number: '+6590000008' }] });
    for (const search of ['a', 'A', 'ad', 'acm']) {
      const names = (list: { name: string }[]) => list.map((contact) => contact.name).sort();
      const expected =
        search.toLowerCase() === 'acm' ? ['Bo Lee'] : search === 'ad' ? ['Ada Rahman'] : ['Ada Rahman', 'Bo Lee'];
      expect(names(store.contacts.list({ search, limit: 50 }).items)).toEqual(expected);
      expect(names(store.contacts.page({ search, limit: 50 }).items)).toEqual(expected);
    }
    // A word of letters next to digits: the letters match names, the digits numbers.
    expect(store.contacts.list({ search: 'person 0001', limit: 50 }).items.map((contact) => contact.name)).toEqual([
      'Person 0',
    ]);
    expect(store.contacts.page({ search: 'person 0001', limit: 50 }).items.map((contact) => contact.name)).toEqual([
      'Person 0',
    ]);
    // A word mixing letters and digits ("a2", "x1") is a name word: not the digits of every number with a 2 or a 1.
    for (const search of ['a2', 'x1', 'Bo1']) {
      expect(store.contacts.list({ search, limit: 50 }).items).toEqual([]);
      expect(store.contacts.page({ search, limit: 50 }).items).toEqual([]);
    }
    // Digits still search numbers.
    expect(contactsFor(store, '9000000')).toEqual(['+6590000008', '+6590000009']);
    store.close();
  });
});
