import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/main/core/store/index.ts';
import { contactRowsQuery, planFor } from '../../src/main/core/store/call-log-search.ts';
import { CallLogFilterSchema } from '../../src/shared/call-log.ts';
import { freshStore, insertCallAt, minuteAt } from './support.ts';

const at = minuteAt;
const call = insertCallAt;

const ids = (items: { id: string }[]): string[] => items.map((item) => item.id);

/** The contact's calls, walked by keyset from `from` in pages of `limit`, in walking order. */
function walk(store: Store, contactId: string, limit: number, from: 'newest' | 'oldest'): string[] {
  const seen: string[] = [];
  let page = store.callLog.page({ contactId, limit, anchor: { kind: from } });
  for (let guard = 0; guard < 50; guard++) {
    // A page lists its calls newest first whichever way it was read.
    seen.push(...(from === 'newest' ? ids(page.items) : ids(page.items).reverse()));
    const next = from === 'newest' ? page.older : page.newer;
    if (!next) break;
    page = store.callLog.page({ contactId, limit, anchor: next });
  }
  return seen;
}

describe("a contact's calls are found by its numbers, not only by the link made when the call was placed (issue 13)", () => {
  it('lists calls to its numbers made before it existed and after a number changed, newest first, by keyset', () => {
    const store = freshStore(() => new Date('2024-06-01T00:00:00.000Z'));
    // Calls to the number before any contact had it: no contact_id.
    call(store, 'before-1', 0, { dest2: '+14155550111' });
    call(store, 'before-2', 10, { dest2: '+14155550111', outcome: null });
    call(store, 'stranger', 15, { dest2: '+14155550999' });
    const contact = store.contacts.create({ name: 'Ines Vang', phones: [{ label: 'mobile', number: '+14155550111' }] });
    call(store, 'linked-1', 20, { dest2: '+14155550111', contactId: contact.id });
    // A call to a number the contact gets only later, and a linked call to the number it later loses.
    call(store, 'new-number-early', 25, { dest2: '+442079460018' });
    store.contacts.update({
      id: contact.id,
      phones: [
        { label: 'mobile', number: '+14155550111' },
        { label: 'work', number: '+442079460018' },
      ],
    });
    call(store, 'linked-2', 30, { dest2: '+442079460018', contactId: contact.id });
    call(store, 'stranger-2', 35, { dest2: '+14155550999' });
    store.contacts.update({ id: contact.id, phones: [{ label: 'work', number: '+442079460018' }] });
    // The first number is now another contact's: its calls, linked-1 too, are that contact's now
    // (a call shows the contact holding its number: store/call-contact-link.ts).
    const other = store.contacts.create({ name: 'Oren Falk', phones: [{ label: 'mobile', number: '+14155550111' }] });

    const expected = ['linked-2', 'new-number-early'];
    expect(ids(store.callLog.page({ contactId: contact.id, limit: 50 }).items)).toEqual(expected);
    expect(walk(store, contact.id, 1, 'newest')).toEqual(expected);
    expect(walk(store, contact.id, 2, 'oldest')).toEqual([...expected].reverse());
    expect(ids(store.callLog.page({ contactId: other.id, limit: 50 }).items)).toEqual([
      'linked-1',
      'before-2',
      'before-1',
    ]);

    // The same calls in the total, the totals (contact page figures) and with other filters.
    expect(store.callLog.page({ contactId: contact.id, withTotal: true }).total).toEqual({ count: 2, exact: true });
    expect(store.callLog.totals({ contactId: contact.id, period: 'month', timeZone: 'utc' }).overall.calls).toBe(2);
    expect(ids(store.callLog.page({ contactId: other.id, outcomes: ['connected'] }).items)).toEqual([
      'linked-1',
      'before-2',
      'before-1',
    ]);
    expect(ids(store.callLog.page({ contactId: contact.id, search: 'TX-new' }).items)).toEqual(['new-number-early']);
    expect(ids(store.callLog.page({ contactId: contact.id, from: at(21), to: at(31) }).items)).toEqual([
      'linked-2',
      'new-number-early',
    ]);
    // A deleted contact keeps the calls linked to it.
    store.contacts.delete([other.id]);
    expect(ids(store.callLog.page({ contactId: other.id }).items)).toEqual(['linked-1', 'before-2', 'before-1']);
    store.contacts.delete([contact.id]);
    expect(ids(store.callLog.page({ contactId: contact.id }).items)).toEqual(['linked-2', 'new-number-early']);
    store.close();
  });

  it('reads a page of a contact with many calls from its indexes (no scan of the log)', () => {
    const store = freshStore();
    const contact = store.contacts.create({ name: 'Ada Tan', phones: [{ label: 'mobile', number: '+6581000001' }] });
    for (let index = 0; index < 300; index++) {
      call(store, `c-${index}`, index, {
        dest2: index % 3 === 0 ? '+6581000002' : '+6581000001',
        contactId: index % 2 === 0 ? contact.id : null,
      });
    }
    const all = walk(store, contact.id, 40, 'newest');
    const expected = Array.from({ length: 300 }, (_, index) => 299 - index)
      .filter((index) => index % 2 === 0 || index % 3 !== 0)
      .map((index) => `c-${index}`);
    expect(all).toEqual(expected);
    const planned = planFor(store.db, CallLogFilterSchema.parse({ contactId: contact.id }), { before: 9e15 });
    const query = contactRowsQuery(planned.contact!, true, 40);
    const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[]).map(
      (row) => row.detail,
    );
    // Each stream is read in order from its index (no temp b-tree sort of a stream, no table scan).
    expect(plan.filter((detail) => /^SCAN c\b/.test(detail))).toEqual([]);
    expect(
      plan.some((detail) => detail.includes('call_log_by_dest2 (dest2=? AND created_ms>? AND created_ms<?)')),
    ).toBe(true);
    store.close();
  });
});
