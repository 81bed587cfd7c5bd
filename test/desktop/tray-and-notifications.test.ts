import { describeOutcome } from '../../src/shared/call-outcome-words.ts';
import { englishOutcome } from '../../src/shared/call-outcome-english.ts';
import { describe, expect, it } from 'vitest';
import { callNotification, NotifiedCalls, shouldNotifyCall } from '../../src/main/call-notifications.ts';
import { numberFromText } from '../../src/main/clipboard-number.ts';
import { createDesktopIntl } from '../../src/main/desktop-i18n.ts';
import { trayMenuModel } from '../../src/main/tray-menu.ts';
import type { CallRecord } from '../../src/shared/calls.ts';

const en = createDesktopIntl('en');
const zh = createDesktopIntl('zh-CN');

function call(overrides: Partial<CallRecord>): CallRecord {
  return {
    id: 'c1',
    txnRef: 'AA-1',
    mode: 'sandbox',
    dest1: '+6591234567',
    dest2: '+14155550100',
    callerId: null,
    tag: 'c1',
    contactId: null,
    state: 'ended',
    statusDest1: 'answered',
    statusDest2: 'answered',
    outcome: 'connected',
    finalSource: 'notification',
    createdAt: '2026-11-30T10:00:00.000Z',
    answeredAt: '2026-11-30T10:00:05.000Z',
    endedAt: '2026-11-30T10:03:05.000Z',
    updatedAt: '2026-11-30T10:03:05.000Z',
    durationMinutes: 3,
    rate: '0.050',
    debit: '0.150',
    currency: 'USD',
    errorStatus: null,
    errorMessage: null,
    ...overrides,
  };
}

describe('trayMenuModel', () => {
  const base = { recentCalls: [], mode: 'sandbox' as const, updateReady: null };

  it('has Open, the clipboard entry, recent calls, the mode and Quit, in that order', () => {
    const model = trayMenuModel({ ...base, clipboard: { ok: true, number: '+14155550100' } }, en);
    expect(model.map((entry) => (entry.type === 'separator' ? '—' : entry.id))).toEqual([
      'open',
      'call-clipboard',
      '—',
      'recent-heading',
      'recent-none',
      '—',
      'mode',
      '—',
      'quit',
    ]);
    expect(model[1]).toEqual({
      type: 'item',
      id: 'call-clipboard',
      label: 'Call +1 415 555 0100 (from the clipboard)',
      enabled: true,
      action: { kind: 'offer-number', number: '+14155550100' },
    });
  });

  it('disables the clipboard entry with the reason when there is no number', () => {
    const model = trayMenuModel({ ...base, clipboard: { ok: false, reasonId: 'desktop.clipboard.notANumber' } }, en);
    expect(model[1]).toEqual({
      type: 'item',
      id: 'call-clipboard',
      label: 'Call the number on the clipboard: the clipboard holds no phone number',
      enabled: false,
    });
  });

  it('lists the five most recent people once each; a click only offers the number again', () => {
    const recentCalls = ['1', '2', '1', '3', '4', '5', '6', '7'].map((n, index) => ({
      id: `c${index}`,
      dest2: `+1415555010${n}`,
    }));
    const names = new Map([['+14155550101', 'Ada Lovelace']]);
    const model = trayMenuModel(
      { ...base, clipboard: { ok: false, reasonId: 'desktop.clipboard.empty' }, recentCalls, names },
      en,
    );
    const recent = model.filter((entry) => entry.type === 'item' && entry.id.startsWith('recent-c'));
    expect(recent.map((entry) => entry.type === 'item' && entry.label)).toEqual([
      'Call Ada Lovelace again',
      'Call +1 415 555 0102 again',
      'Call +1 415 555 0103 again',
      'Call +1 415 555 0104 again',
      'Call +1 415 555 0105 again',
    ]);
    expect(recent[0]).toMatchObject({ action: { kind: 'offer-number', number: '+14155550101' } });
  });

  it('shows the live indicator, "Restart to update" once downloaded, and words it in Chinese too', () => {
    const model = trayMenuModel(
      { ...base, mode: 'live', updateReady: '1.2.0', clipboard: { ok: false, reasonId: 'desktop.clipboard.empty' } },
      zh,
    );
    expect(model).toContainEqual({ type: 'item', id: 'mode', label: '正式模式：通话会拨打真实电话', enabled: false });
    expect(model).toContainEqual({
      type: 'item',
      id: 'restart-to-update',
      label: '重新启动以更新到 1.2.0 版',
      enabled: true,
      action: { kind: 'restart-to-update' },
    });
  });
});

describe('numberFromText (clipboard and selection)', () => {
  it.each([
    ['+1 415-555-0100', '+14155550100'],
    ['  (415) 555-0100\n', '+14155550100'],
    ['tel:+6581234567', '+6581234567'],
    ['callto://+6581234567', '+6581234567'],
  ])('%j -> %s', (text, number) => {
    expect(numberFromText(text, 'US')).toEqual({ ok: true, number });
  });

  it.each([
    ['', 'desktop.clipboard.empty'],
    ['   ', 'desktop.clipboard.empty'],
    ['call me at 415 555 0100', 'desktop.clipboard.notANumber'],
    ['callto:alice', 'desktop.clipboard.notANumber'],
    ['12', 'desktop.clipboard.notANumber'],
    ['5'.repeat(10_240), 'desktop.clipboard.tooLong'],
  ])('%j -> %s', (text, reasonId) => {
    expect(numberFromText(text, 'US')).toEqual({ ok: false, reasonId });
  });
});

describe('call notifications', () => {
  const preferences = { callEnded: true, callFailed: true };

  it('are due for ended and failed calls only while the window is unfocused, once, as the settings say', () => {
    const unfocused = { windowFocused: false, alreadyNotified: false, preferences };
    expect(shouldNotifyCall({ state: 'ended' }, unfocused)).toBe(true);
    expect(shouldNotifyCall({ state: 'failed' }, unfocused)).toBe(true);
    expect(shouldNotifyCall({ state: 'live' }, unfocused)).toBe(false);
    expect(shouldNotifyCall({ state: 'ended' }, { ...unfocused, windowFocused: true })).toBe(false);
    expect(shouldNotifyCall({ state: 'ended' }, { ...unfocused, alreadyNotified: true })).toBe(false);
    expect(
      shouldNotifyCall({ state: 'ended' }, { ...unfocused, preferences: { callEnded: false, callFailed: true } }),
    ).toBe(false);
    expect(
      shouldNotifyCall({ state: 'failed' }, { ...unfocused, preferences: { callEnded: true, callFailed: false } }),
    ).toBe(false);
  });

  it('say who and the outcome in the shared per-leg words (describeOutcome, outcome.* keys)', () => {
    const connected = call({ statusDest1: 'answered', statusDest2: 'answered' });
    expect(callNotification(connected, en, 'Ada Lovelace')).toEqual({
      callId: 'c1',
      title: 'Call with Ada Lovelace ended',
      body: `${englishOutcome(describeOutcome(connected))}\nClick to open the call in the log.`,
    });
    const busy = call({ statusDest1: 'answered', statusDest2: 'busy', durationMinutes: 0, debit: null });
    expect(callNotification(busy, en).body).toBe(
      `${englishOutcome(describeOutcome(busy))}\nClick to open the call in the log.`,
    );
    expect(englishOutcome(describeOutcome(busy))).not.toBe('otherSide.busy');
    expect(callNotification(busy, zh)).toMatchObject({ title: '与 +1 415 555 0100 的通话已结束' });
    expect(callNotification(busy, zh).body).not.toContain(englishOutcome(describeOutcome(busy)));
  });

  it('say why a call failed', () => {
    const failed = call({
      state: 'failed',
      outcome: 'error',
      durationMinutes: null,
      debit: null,
      errorMessage: 'Not enough credit.',
    });
    expect(callNotification(failed, en)).toMatchObject({
      title: 'Call to +1 415 555 0100 failed',
      body: 'Not enough credit.\nClick to open the call in the log.',
    });
  });

  it('remember a bounded number of notified calls', () => {
    const notified = new NotifiedCalls(2);
    notified.add('a');
    notified.add('b');
    notified.add('c');
    expect([notified.has('a'), notified.has('b'), notified.has('c')]).toEqual([false, true, true]);
  });
});
