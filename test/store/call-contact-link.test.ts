import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/main/core/store/index.ts';
import { freshStore, insertCallAt, minuteAt } from './support.ts';

const at = minuteAt;
const call = insertCallAt;

/** The contact name each listed call shows, by call id. */
function names(store: Store): Record<string, string | null> {
  const page = store.callLog.page({ limit: 50 });
  return Object.fromEntries(page.items.map((item) => [item.id, item.contactName]));
}

describe("a call shows the contact that holds its number now (tester's fault 1)", () => {
  it('follows create, edit of numbers, delete, undo of delete and a favourite', () => {
    let clock = Date.parse('2024-06-01T00:00:00.000Z');
    const store = freshStore(() => new Date((clock += 1_000)));
    call(store, 'nora', 0, { dest2: '+6581230002' });
    call(store, 'other', 1, { dest2: '+6581230009' });
    expect(names(store)).toEqual({ nora: null, other: null });

    const nora = store.contacts.create({ name: 'Nora Noanswer', phones: [{ label: 'mobile', number: '+6581230002' }] });
    expect(names(store)).toEqual({ nora: 'Nora Noanswer', other: null });
    expect(store.callLog.getEntry('nora')?.contactName).toBe('Nora Noanswer');

    // A second contact with exactly the same number: the older one keeps it...
    const nina = store.contacts.create({ name: 'Nina Later', phones: [{ label: 'mobile', number: '+6581230002' }] });
    expect(names(store).nora).toBe('Nora Noanswer');
    // ...unless the newer one is a favourite.
    store.contacts.setFavourite(nina.id, true);
    expect(names(store).nora).toBe('Nina Later');
    store.contacts.setFavourite(nina.id, false);
    expect(names(store).nora).toBe('Nora Noanswer');

    // Nora's number edited away: Nina holds it now.
    store.contacts.update({ id: nora.id, phones: [{ label: 'mobile', number: '+6581230009' }] });
    expect(names(store)).toEqual({ nora: 'Nina Later', other: 'Nora Noanswer' });

    // Nina deleted: no one holds the number; the call keeps the deleted contact's name (the log's rule).
    store.contacts.delete([nina.id]);
    expect(names(store).nora).toBe('Nina Later');
    // Undo of the delete: Nina holds it again.
    store.contacts.undoDelete();
    expect(names(store).nora).toBe('Nina Later');
    // Nora gets the number back: the older contact wins the shared number.
    store.contacts.update({
      id: nora.id,
      phones: [
        { label: 'mobile', number: '+6581230002' },
        { label: 'work', number: '+6581230009' },
      ],
    });
    expect(names(store)).toEqual({ nora: 'Nora Noanswer', other: 'Nora Noanswer' });
    // Nora removes the number while her contact stays: the call goes to Nina.
    store.contacts.update({ id: nora.id, phones: [{ label: 'work', number: '+6581230009' }] });
    expect(names(store).nora).toBe('Nina Later');
    // The number leaves Nina too (her contact stays): the call has no contact.
    store.contacts.update({ id: nina.id, phones: [{ label: 'work', number: '+6581230077' }] });
    expect(names(store)).toEqual({ nora: null, other: 'Nora Noanswer' });
    // A status update of a call read before the re-link does not put the old contact back.
    store.callLog.update('other', { contactId: null, updatedAt: at(5) });
    expect(names(store).other).toBe('Nora Noanswer');
    store.close();
  });

  it('credits the exact number over an extension variant, for a new call and for the log (fault 2)', () => {
    let clock = Date.parse('2024-06-01T00:00:00.000Z');
    const store = freshStore(() => new Date((clock += 1_000)));
    // Alice is older and a favourite, but holds the number only with "ext. 99".
    const alice = store.contacts.create({
      name: 'Alice',
      favourite: true,
      phones: [{ label: 'office', number: '+65 6123 4567 ext. 99' }],
    });
    expect(store.contacts.get(alice.id).phones[0]?.extension).toBe('99');
    call(store, 'bare', 0, { dest2: '+6561234567' });
    call(store, 'desk', 1, { dest2: '+6561234567', extension: '99' });
    expect(names(store)).toEqual({ bare: 'Alice', desk: 'Alice' });

    const dan = store.contacts.create({ name: 'Dan', phones: [{ label: 'office', number: '+65 6123 4567' }] });
    expect(store.contacts.matchContactByNumber('+6561234567')?.name).toBe('Dan');
    expect(store.contacts.matchContactByNumber('+6561234567', '99')?.name).toBe('Alice');
    expect(names(store)).toEqual({ bare: 'Dan', desk: 'Alice' });
    call(store, 'later', 2, { dest2: '+6561234567', contactId: dan.id });
    expect(names(store).later).toBe('Dan');
    store.close();
  });
});
