/**
 * Issue 9 item 3 (calls): the extension reaches the call record (migration step 8) from the
 * place request, or from the number's own text, and is kept in the log; Hoiio gets the bare number.
 */
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/shared/calls.ts';
import type { Contact } from '../../src/shared/contacts.ts';
import { contactExtensionFor } from '../../src/main/core/calls/contact-extension.ts';
import { startTestCore } from './helpers.ts';

describe('sandbox: a call keeps its extension', () => {
  it('from ;ext=, "x" and the request field; stored and read back; a bad extension is refused', async () => {
    const app = await startTestCore();
    try {
      const written = await app.ok<CallRecord>('calls:place', { dest2: '+65 8123 4567;ext=556' });
      expect(written).toMatchObject({ dest2: '+6581234567', extension: '556' });
      const spoken = await app.ok<CallRecord>('calls:place', { dest2: '+65 8123 4568 x 12' });
      expect(spoken).toMatchObject({ dest2: '+6581234568', extension: '12' });
      // A contact's or a tel: link's extension comes as its own field.
      const given = await app.ok<CallRecord>('calls:place', { dest2: '+6581234569', extension: '1234' });
      expect(given).toMatchObject({ dest2: '+6581234569', extension: '1234' });
      const plain = await app.ok<CallRecord>('calls:place', { dest2: '+6581234560' });
      expect(plain.extension).toBeNull();
      for (const placed of [written, spoken, given]) {
        expect(await app.ok<CallRecord>('calls:get', { id: placed.id })).toMatchObject({
          extension: placed.extension,
        });
      }
      const refused = await app.call('calls:place', { dest2: '+6581234561', extension: '55a' });
      expect(refused.ok).toBe(false);
    } finally {
      await app.close();
    }
  });
});

describe('contactExtensionFor: the extension stored with a contact number', () => {
  it('is carried when the contact holds the number once with one extension', () => {
    const phones = [{ e164: '+19055550134', extension: '556' }, { e164: '+6581234567' }];
    expect(contactExtensionFor(phones, '+19055550134')).toBe('556');
    expect(contactExtensionFor(phones, '+6581234567')).toBeNull();
    expect(contactExtensionFor(phones, '+6500000000')).toBeNull();
  });
  it('is not guessed when the number is held with several extensions, or also without one', () => {
    const desks = [
      { e164: '+12015550123', extension: '1234' },
      { e164: '+12015550123', extension: '1235' },
    ];
    expect(contactExtensionFor(desks, '+12015550123')).toBeNull();
    const mainAndDesk = [
      { e164: '+12015550123', extension: '' },
      { e164: '+12015550123', extension: '1234' },
    ];
    expect(contactExtensionFor(mainAndDesk, '+12015550123')).toBeNull();
    // The same extension twice is still one answer.
    const twice = [
      { e164: '+12015550123', extension: '77' },
      { e164: '+12015550123', extension: '77' },
    ];
    expect(contactExtensionFor(twice, '+12015550123')).toBe('77');
  });
});

describe('sandbox: calling a contact number carries its stored extension', () => {
  it('bare E.164 + contactId → the call keeps the extension; a written or given one wins', async () => {
    const app = await startTestCore();
    try {
      const contact = await app.ok<Contact>('contacts:create', {
        name: 'Front desk',
        phones: [{ label: 'work', number: '+1 905 555 0134;ext=556' }],
      });
      const viaContact = await app.ok<CallRecord>('calls:place', { dest2: '+19055550134', contactId: contact.id });
      expect(viaContact).toMatchObject({ dest2: '+19055550134', extension: '556', contactId: contact.id });
      const given = await app.ok<CallRecord>('calls:place', {
        dest2: '+19055550134',
        contactId: contact.id,
        extension: '9',
      });
      expect(given.extension).toBe('9');
      // Typed without choosing the contact: the bare number is what was asked for.
      const typed = await app.ok<CallRecord>('calls:place', { dest2: '+19055550134' });
      expect(typed.extension).toBeNull();
    } finally {
      await app.close();
    }
  });
});
