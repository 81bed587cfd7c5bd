/**
 * Issue 9 follow-up (t9): kinds of number input a fresh tester found mishandled.
 * 1. One number rule (`interpretDestination`) for Settings, the Dialer, tel: links, contacts,
 *    imports and the clipboard: what one accepts, all accept, as the same E.164.
 * 2. Hidden characters in quoted input are shown visibly (⟨tab⟩, ⟨U+200B⟩…); harmless ones
 *    (no-break and other spaces, tabs, zero-width and bidi marks) are removed before reading.
 * 3. A character that cannot be dialled is named with its position before any country reasoning;
 *    vanity numbers are refused with their keypad digits as a hint (never dialled by a guess).
 * Settings are exercised through the real core over the IPC dispatch (real settings file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberFromText } from '../../src/main/clipboard-number.ts';
import { checkDestination } from '../../src/main/core/calls/destinations.ts';
import { createCore, type Core } from '../../src/main/core/index.ts';
import { checkContact } from '../../src/main/core/io/contact-import.ts';
import { quoteForReport } from '../../src/main/core/io/source-record.ts';
import { normalizePhoneInputs } from '../../src/main/core/store/contacts-repository.ts';
import { dispatch } from '../../src/main/ipc.ts';
import { interpretDestination } from '../../src/shared/destination.ts';
import { describeIpcError, fieldErrorText } from '../../src/shared/error-messages.ts';
import { AppError, type IpcError } from '../../src/shared/errors.ts';
import { findUndiallableCharacter } from '../../src/shared/phone.ts';
import { applySettingsPatch, defaultSettings } from '../../src/shared/settings.ts';
import { parseTelUri } from '../../src/shared/tel-uri.ts';
import { quoteInput, visibleCharacter } from '../../src/shared/visible-text.ts';

let core: Core;
let dataDir: string;
const silent = { error: () => {}, warn: () => {} };

async function call(channel: string, input: unknown) {
  return dispatch(core.api, channel, input, silent);
}
async function refusal(channel: string, input: unknown): Promise<IpcError> {
  const result = await call(channel, input);
  if (result.ok) throw new Error(`${channel} unexpectedly succeeded`);
  return result.error;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-number-kinds-'));
  core = await createCore({ dataDir, shell: 'browser' });
});
afterAll(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Each reader of numbers, as E.164 or null (refused), default country SG. */
function readers(text: string): Record<string, string | null> {
  const orNull = (run: () => string | null): string | null => {
    try {
      return run();
    } catch (error) {
      if (error instanceof AppError || (error as Error).name === 'HoiioError') return null;
      throw error;
    }
  };
  const dialer = interpretDestination(text, 'SG');
  const clipboard = numberFromText(text, 'SG');
  return {
    dialer: dialer.ok ? dialer.e164 : null,
    core: orNull(() => checkDestination(text, 'dest2', 'SG')),
    settings: orNull(() => applySettingsPatch(defaultSettings(), { defaultDest1: text }).defaultDest1),
    callerId: orNull(() => applySettingsPatch(defaultSettings(), { defaultCallerId: text }).defaultCallerId),
    contact: orNull(() => normalizePhoneInputs([{ label: 'work', number: text }], 'SG')[0]?.e164 ?? null),
    import: (() => {
      const checked = checkContact(
        { name: 'A', company: '', notes: '', favourite: false, phones: [{ label: '', text }] },
        'SG',
        false,
      );
      return 'draft' in checked ? (checked.draft.phones[0]?.e164 ?? null) : null;
    })(),
    clipboard: clipboard.ok ? clipboard.number : null,
  };
}

describe('kind 1: one number rule everywhere', () => {
  const cases: [string, string | null][] = [
    ['+65 8123 4567', '+6581234567'],
    ['+65-8123-4567', '+6581234567'],
    ['+65 (8123) 4567', '+6581234567'],
    ['+65.8123.4567', '+6581234567'],
    ['8123 4567', '+6581234567'],
    ['+1 415 555 0100', '+14155550100'],
    ['+６５ ８１２３ ４５６７', '+6581234567'],
    ['9123-4567#', null],
    ['1-800-FLOWERS', null],
    ['(415) 555-0100', null],
    ['+881 2345 6789', null],
  ];
  for (const [text, e164] of cases) {
    it(`${JSON.stringify(text)} is ${e164 ?? 'refused'} in the Dialer, the core, Settings, contacts, imports and the clipboard`, () => {
      const all = readers(text);
      for (const [reader, value] of Object.entries(all)) expect(value, reader).toBe(e164);
    });
  }

  it('tel: links read by the same rule: the Dialer refuses what a link may not offer', () => {
    expect(parseTelUri('tel:+65-8123-4567')).toMatchObject({ ok: true, number: '+6581234567' });
    // Possible for libphonenumber, but +881 is a network Hoiio does not serve (§7.3): refused like the Dialer.
    expect(interpretDestination('+881 2345 6789', undefined)).toMatchObject({ ok: false, problem: 'notServed' });
    expect(parseTelUri('tel:+881-2345-6789')).toMatchObject({ ok: false });
  });

  it('Settings › Your phone takes the tester\'s "+65 8123 4567" and "+65-8123-4567" through IPC, stored as E.164', async () => {
    for (const text of ['+65 8123 4567', '+65-8123-4567']) {
      const saved = await call('settings:update', { defaultDest1: text });
      expect(saved).toMatchObject({ ok: true, value: { defaultDest1: '+6581234567' } });
    }
    // National digits read in the default country given in the same change.
    const us = await call('settings:update', { defaultCountry: 'US', defaultDest1: '(415) 555-0100' });
    expect(us).toMatchObject({ ok: true, value: { defaultDest1: '+14155550100', defaultCountry: 'US' } });
    const callerId = await call('settings:update', { defaultCountry: 'SG', defaultCallerId: '+65 6123 4567' });
    expect(callerId).toMatchObject({ ok: true, value: { defaultCallerId: '+6561234567' } });
    expect(await call('settings:update', { defaultCallerId: 'P' })).toMatchObject({
      ok: true,
      value: { defaultCallerId: 'private' },
    });
  });

  it('Settings refuses what the Dialer refuses, at the field, and keeps the saved number', async () => {
    await call('settings:update', { defaultDest1: '+65 8123 4567' });
    const error = await refusal('settings:update', { defaultDest1: '9123-4567#' });
    expect(error.fields?.map((field) => field.path.join('.'))).toEqual(['defaultDest1']);
    expect(fieldErrorText(error, 'defaultDest1')).toContain('# (character 10) cannot be dialled');
    expect(await call('settings:get', undefined)).toMatchObject({ ok: true, value: { defaultDest1: '+6581234567' } });
  });
});

describe('kind 2: hidden characters in quoted input are visible; harmless ones are removed before reading', () => {
  it('marks each hidden character, the same in every language', () => {
    expect(quoteInput('9123\t4567x')).toBe('9123⟨tab⟩4567x');
    expect(quoteInput('a\u00A0b\u200Bc\u200Fd\ne\r\nf')).toBe('a⟨U+00A0⟩b⟨U+200B⟩c⟨U+200F⟩d⟨newline⟩e⟨newline⟩f');
    expect(quoteInput('plain text, spaces kept')).toBe('plain text, spaces kept');
    expect(visibleCharacter('#')).toBe('#');
    expect(visibleCharacter('\u202C')).toBe('⟨U+202C⟩');
  });

  it('cuts long quotes at a grapheme or marker boundary, never inside', () => {
    const quoted = quoteInput(`${'1'.repeat(60)}\u200B\u200B`, 64);
    expect(quoted).toBe(`${'1'.repeat(60)}…`);
    expect(quoteInput(`${'1'.repeat(62)}😀😀`, 64)).toBe(`${'1'.repeat(62)}…`);
  });

  it('pasted numbers with no-break spaces, tabs, zero-width spaces and bidi marks are read', () => {
    for (const text of [
      '8123\u00A04567',
      '8123\t4567',
      '\u200E+65\u200B 8123 4567\u202C',
      '+65\u20098123\u20094567\n',
    ]) {
      expect(interpretDestination(text, 'SG'), JSON.stringify(text)).toMatchObject({ ok: true, e164: '+6581234567' });
    }
  });

  it('an error that quotes a number shows its hidden characters: the Dialer, the core, Settings, imports', () => {
    const error = applyingDest1('8123 4567\n9123 4567');
    expect(error.message).toBe(
      '“8123 4567⟨newline⟩9123 4567”: ⟨newline⟩ (character 10) cannot be dialled. Use digits, with spaces or - . ( ) / between them if you like.',
    );
    expect(applyingDest1('abc\u200B').message).toBe(
      '“abc⟨U+200B⟩” is not one phone number. Enter a single number, e.g. +65 8123 4567.',
    );
    expect(() => checkDestination('9123\t4567#', 'dest2', 'SG')).toThrow('“9123⟨tab⟩4567#”: # (character 10)');
    expect(quoteForReport('  Ann\tLee\u200B ')).toBe('Ann⟨tab⟩Lee⟨U+200B⟩');
    const checked = checkContact(
      { name: 'A', company: '', notes: '', favourite: false, phones: [{ label: '', text: '8123\u00A04567*' }] },
      'SG',
      false,
    );
    expect(checked).toMatchObject({
      error: { problems: [{ key: 'import.phone.undiallable', params: { text: '8123⟨U+00A0⟩4567*', character: '*' } }] },
    });
  });
});

function applyingDest1(text: string): AppError {
  try {
    applySettingsPatch(defaultSettings(), { defaultDest1: text });
  } catch (error) {
    return error as AppError;
  }
  throw new Error(`${JSON.stringify(text)} was accepted`);
}

describe('kind 3: characters that cannot be dialled are named with their position, before country reasoning', () => {
  const named: [string, string, number][] = [
    ['9123-4567#', '#', 10],
    ['*100#', '*', 1],
    ['9123,4567', ',', 5],
    ['+65 8123 4567!', '!', 14],
    ['8123_4567', '_', 5],
    ['+65 8123 + 4567', '+', 10],
    ['8123 4567 [home]', '[', 11],
    ['+65 8123 4567 ext 12#', '#', 21],
  ];
  for (const [text, character, position] of named) {
    it(`${JSON.stringify(text)}: ${character} at ${position}`, () => {
      expect(interpretDestination(text, 'SG')).toMatchObject({
        ok: false,
        problem: 'undiallable',
        character: { text: character, position, keypad: null },
      });
      // Also with no default country: the character comes before "add the country code".
      expect(interpretDestination(text, undefined)).toMatchObject({ ok: false, problem: 'undiallable' });
    });
  }

  it("the tester's example is blamed on the #, in the Dialer's and the core's words", () => {
    const error = applyingDest1('9123-4567#');
    expect(error.key).toBe('phone.undiallable');
    expect(() => checkDestination('9123-4567#', 'dest2', 'SG')).toThrow(
      '“9123-4567#”: # (character 10) cannot be dialled.',
    );
    expect(describeIpcError({ code: 'invalid_input', message: '', key: error.key, params: error.params })).toContain(
      '# (character 10)',
    );
  });

  it('extension markers libphonenumber reads are not undiallable characters', () => {
    for (const text of ['+65 8123 4567 ext. 12', '+65 8123 4567 x12', '+65 8123 4567;ext=12', 'tel:+65-8123-4567']) {
      expect(findUndiallableCharacter(text), text).toBeNull();
    }
  });

  it('vanity numbers are refused with their keypad digits as a hint, never converted and dialled', () => {
    expect(interpretDestination('1-800-FLOWERS', 'US')).toMatchObject({
      ok: false,
      problem: 'letters',
      character: { text: 'F', position: 7, keypad: '1-800-3569377' },
    });
    expect(interpretDestination('+1 800 GOT-JUNK', 'SG')).toMatchObject({
      problem: 'letters',
      character: { keypad: '+1 800 468-5865' },
    });
    expect(applyingDest1('1-800-FLOWERS').message).toBe(
      '“1-800-FLOWERS”: letters cannot be dialled (F, character 7). Write the number in digits: on a phone keypad that is 1-800-3569377.',
    );
    // Words are prose, not vanity: named as characters that cannot be dialled (issue 9 item 2 still refuses them).
    expect(interpretDestination('abc 81234567', 'SG')).toMatchObject({
      problem: 'undiallable',
      character: { text: 'a' },
    });
  });
});
