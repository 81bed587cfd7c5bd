/**
 * The phonebook's per-field three-way merge and the check of fields another member's desktop sent
 * (src/main/core/team/contact-merge.ts); the server's SQL twin is exercised in contacts.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  mergeFields,
  parseSharedFields,
  sameFields,
  type SharedContactFields,
} from '../../src/main/core/team/contact-merge.ts';

const base: SharedContactFields = {
  name: 'Dana Lim',
  company: 'Acme',
  notes: '',
  phones: [{ label: 'work', e164: '+6561234567', original: '6123 4567' }],
};

describe('mergeFields', () => {
  it('keeps fields changed on one side only, from either side', () => {
    const mine = { ...base, company: 'Acme Asia' };
    const theirs = {
      ...base,
      phones: [...base.phones, { label: 'mobile', e164: '+6581230000', original: '8123 0000' }],
    };
    expect(mergeFields(base, mine, theirs)).toEqual({ ...theirs, company: 'Acme Asia' });
  });

  it('where both changed a field, mine (the write ordered last) wins; where neither did, nothing moves', () => {
    expect(mergeFields(base, { ...base, company: 'A' }, { ...base, company: 'B' }).company).toBe('A');
    expect(sameFields(mergeFields(base, base, base), base)).toBe(true);
  });
});

describe('sameFields: labels compare as their keyword', () => {
  const withLabel = (label: string): SharedContactFields => ({
    ...base,
    phones: [{ label, e164: '+6561234567', original: '6123 4567' }],
  });

  it('a label in an older wording ("Work", "手机", "cell") is the same as its keyword', () => {
    expect(sameFields(withLabel('Work'), withLabel('work'))).toBe(true);
    expect(sameFields(withLabel('手机'), withLabel('mobile'))).toBe(true);
    expect(sameFields(withLabel('cell'), withLabel('手机'))).toBe(true);
  });

  it('different labels, and custom labels differing in case, are still a change', () => {
    expect(sameFields(withLabel('work'), withLabel('home'))).toBe(false);
    expect(sameFields(withLabel('Desk'), withLabel('desk'))).toBe(false);
  });

  it("a number relabelled only in wording on one side takes the other side's change (no clash)", () => {
    const synced = withLabel('Work'); // the team's row, from a desktop before neutral labels
    const mine = withLabel('work'); // the same contact here after the upgrade rewrote its label
    const theirs = withLabel('home');
    expect(mergeFields(synced, mine, theirs).phones).toEqual(theirs.phones);
  });
});

describe('parseSharedFields', () => {
  it('reads fields in any key order and with an extension', () => {
    const json = JSON.stringify({
      phones: [{ original: 'x', e164: '+6561234567', label: 'desk', extension: '12' }],
      notes: '',
      company: 'Acme',
      name: 'Dana',
    });
    expect(parseSharedFields(json)).toEqual({
      name: 'Dana',
      company: 'Acme',
      notes: '',
      phones: [{ label: 'desk', e164: '+6561234567', original: 'x', extension: '12' }],
    });
  });

  it.each([
    ['not JSON', '{'],
    ['an array', '[]'],
    ['no name', JSON.stringify({ company: 'Acme' })],
    ['a blank name', JSON.stringify({ name: '  ' })],
    ['a name over the limit', JSON.stringify({ name: 'x'.repeat(201) })],
    ['notes over the limit', JSON.stringify({ name: 'x', notes: 'y'.repeat(10_001) })],
    ['a number that is not E.164', JSON.stringify({ name: 'x', phones: [{ e164: '6123' }] })],
    ['phones that are not a list', JSON.stringify({ name: 'x', phones: 'nope' })],
    ['too many numbers', JSON.stringify({ name: 'x', phones: Array(21).fill({ e164: '+6561234567' }) })],
    ['a company that is not text', JSON.stringify({ name: 'x', company: 5 })],
  ])('refuses %s (the row is skipped, nothing half-applied)', (_what, json) => {
    expect(parseSharedFields(json)).toBeNull();
  });
});
