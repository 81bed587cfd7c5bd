/**
 * The contact form warns when a number being saved is already on another contact
 * (contacts.numberHolders), through the real contract and core over a real SQLite file.
 */
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../src/shared/contacts.ts';
import { dataApiHarness } from '../io/support.ts';

describe('contacts.numberHolders', () => {
  it('names the other contacts holding each number, leaving out the contact being edited', async () => {
    const { value, call, store } = dataApiHarness();
    const ann = await value<Contact>('contacts:create', {
      name: 'Ann Lee',
      phones: [{ label: '', number: '+65 8123 4567' }],
    });
    const bo = await value<Contact>('contacts:create', {
      name: 'Bo Tan',
      phones: [
        { label: '', number: '+65 8123 4567' },
        { label: '', number: '+65 9000 0001' },
      ],
    });
    // A new contact typing Ann's and Bo's shared number, and a number nobody holds.
    expect(await value('contacts:numberHolders', { numbers: ['+6581234567', '+6591112222'] })).toEqual([
      {
        e164: '+6581234567',
        contacts: expect.arrayContaining([
          { id: ann.id, name: 'Ann Lee' },
          { id: bo.id, name: 'Bo Tan' },
        ]),
      },
    ]);
    // Editing Bo: Bo is not "another contact".
    expect(await value('contacts:numberHolders', { numbers: ['+6581234567', '+6590000001'], exceptId: bo.id })).toEqual(
      [{ e164: '+6581234567', contacts: [{ id: ann.id, name: 'Ann Lee' }] }],
    );
    // A payload the contract refuses: typed text instead of E.164, and no numbers at all.
    expect(await call('contacts:numberHolders', { numbers: ['8123 4567'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await call('contacts:numberHolders', { numbers: [] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    store.close();
  });
});
