/**
 * The contact form's three-way merge (store/contact-form-merge.ts), as a pure function: base (the
 * contact when the form opened), current (as stored now), mine (the form's fields).
 */
import { describe, expect, it } from 'vitest';
import { mergeContactForm } from '../../src/main/core/store/contact-form-merge.ts';
import type { SharedContactFields } from '../../src/main/core/team/contact-merge.ts';
import type { ContactPhone } from '../../src/shared/contacts.ts';

const phone = (e164: string, label = 'mobile', extension?: string): ContactPhone => ({
  label,
  e164,
  original: e164,
  ...(extension ? { extension } : {}),
});
const BASE: SharedContactFields = {
  name: 'Dana Lim',
  company: 'Acme',
  notes: 'Met at the fair',
  phones: [phone('+6561234567', 'work'), phone('+6581230000')],
};
const edit = (change: Partial<SharedContactFields>): SharedContactFields => ({ ...BASE, ...change });

describe('contact form merge: base, current, mine', () => {
  it('keeps a field changed meanwhile that the form did not touch, and takes the field only the form changed', () => {
    const merge = mergeContactForm(BASE, edit({ company: 'Acme Asia' }), edit({ notes: 'Prefers mornings' }));
    expect(merge.fields).toEqual(edit({ company: 'Acme Asia', notes: 'Prefers mornings' }));
    expect(merge.overwritten).toEqual([]);
    expect(merge.restored).toBe(false);
  });

  it('a field both changed to different values takes the form value and reports the overwritten current value', () => {
    const merge = mergeContactForm(
      BASE,
      edit({ company: 'Acme Asia', name: 'Dana Lim-Tan' }),
      edit({ company: 'Acme Holdings' }),
    );
    expect(merge.fields).toEqual(edit({ company: 'Acme Holdings', name: 'Dana Lim-Tan' }));
    expect(merge.overwritten).toEqual([{ field: 'company', value: 'Acme Asia' }]);
  });

  it('both changing a field to the same value is no conflict', () => {
    const merge = mergeContactForm(BASE, edit({ company: 'Acme Asia' }), edit({ company: 'Acme Asia' }));
    expect(merge.fields.company).toBe('Acme Asia');
    expect(merge.overwritten).toEqual([]);
  });

  it('nothing changed anywhere leaves the contact as it is', () => {
    expect(mergeContactForm(BASE, BASE, BASE)).toEqual({ fields: BASE, overwritten: [], restored: false });
  });

  it('numbers merge one at a time: a number added meanwhile stays when the form adds another', () => {
    const current = edit({ phones: [...BASE.phones, phone('+6590000001', 'home')] });
    const mine = edit({ phones: [...BASE.phones, phone('+6590000002', 'desk')] });
    const merge = mergeContactForm(BASE, current, mine);
    expect(merge.fields.phones.map((p) => p.e164)).toEqual([
      '+6561234567',
      '+6581230000',
      '+6590000001',
      '+6590000002',
    ]);
    expect(merge.overwritten).toEqual([]);
  });

  it('a number the form removed goes while a number removed meanwhile stays removed', () => {
    const current = edit({ phones: [phone('+6561234567', 'work')] }); // mobile removed meanwhile
    const mine = edit({ phones: [phone('+6581230000')] }); // work removed in the form
    const merge = mergeContactForm(BASE, current, mine);
    expect(merge.fields.phones).toEqual([]);
    expect(merge.overwritten).toEqual([]);
  });

  it('a label changed meanwhile survives the form relabelling another number', () => {
    const current = edit({ phones: [phone('+6561234567', 'office'), phone('+6581230000')] });
    const mine = edit({ phones: [phone('+6561234567', 'work'), phone('+6581230000', 'personal')] });
    const merge = mergeContactForm(BASE, current, mine);
    expect(merge.fields.phones).toEqual([phone('+6561234567', 'office'), phone('+6581230000', 'personal')]);
    expect(merge.overwritten).toEqual([]);
  });

  it('one number changed both ways: the form wins and the whole current list is reported as overwritten', () => {
    const current = edit({ phones: [phone('+6561234567', 'office'), phone('+6581230000')] });
    const mine = edit({ phones: [phone('+6581230000')] }); // the form removed the number relabelled meanwhile
    const merge = mergeContactForm(BASE, current, mine);
    expect(merge.fields.phones).toEqual([phone('+6581230000')]);
    expect(merge.overwritten).toEqual([{ field: 'phones', value: current.phones }]);
  });

  it('the same number with another extension is another line', () => {
    const current = edit({ phones: [...BASE.phones, phone('+6561234567', 'desk', '12')] });
    const merge = mergeContactForm(BASE, current, edit({ name: 'Dana' }));
    expect(merge.fields.phones).toEqual(current.phones);
  });

  it('a contact deleted meanwhile is restored with the form fields', () => {
    const mine = edit({ notes: 'Call back in May' });
    expect(mergeContactForm(BASE, null, mine)).toEqual({ fields: mine, overwritten: [], restored: true });
  });

  it('a label re-worded meanwhile ("Work" stored by an older version, "work" now) is not a clash with the form\'s relabel', () => {
    const opened = edit({ phones: [phone('+6561234567', 'Work')] });
    const current = edit({ phones: [phone('+6561234567', 'work')] });
    const mine = edit({ phones: [phone('+6561234567', 'home')] });
    const merge = mergeContactForm(opened, current, mine);
    expect(merge.fields.phones).toEqual([phone('+6561234567', 'home')]);
    expect(merge.overwritten).toEqual([]);
  });
});
