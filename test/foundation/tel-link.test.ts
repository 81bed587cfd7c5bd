import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, pushEvents } from '../../src/shared/contract.ts';
import { createCore, type Core } from '../../src/main/core/index.ts';
import { dispatch } from '../../src/main/ipc.ts';

const allCalls = contract.callLog.query.input.parse({});
let core: Core;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-tel-link-'));
  core = await createCore({ dataDir, shell: 'browser', logger: { info() {}, warn() {}, error() {} } });
});
afterAll(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every push event the core emits while `action` runs, in order. */
function observe(action: () => void): { name: string; payload: unknown }[] {
  const seen: { name: string; payload: unknown }[] = [];
  const unsubscribe = Object.keys(pushEvents).map((name) =>
    core.events.on(name as keyof typeof pushEvents, (payload) => seen.push({ name, payload })),
  );
  try {
    action();
  } finally {
    for (const off of unsubscribe) off();
  }
  return seen;
}

async function snapshot() {
  return {
    settings: await core.api.settings.get(),
    contacts: await core.api.contacts.list(contract.contacts.list.input.parse({})),
    calls: await core.api.callLog.query(allCalls),
    account: await core.api.account.getStatus(),
  };
}

describe('core.openTelLink', () => {
  it('emits dialRequested with the E.164 number and its extension (kept, never dropped), and nothing else', () => {
    const events = observe(() => core.openTelLink('TEL:+1-415-555-0100;ext=12'));
    expect(events).toEqual([
      {
        name: 'dialRequested',
        payload: { number: '+14155550100', extension: '12', source: 'tel-link', assumedCountry: null },
      },
    ]);
    expect(pushEvents.dialRequested.parse(events[0]!.payload)).toBeTruthy();
  });

  it("carries the issue's extension example and RFC 3966's visual separators in it", () => {
    for (const [uri, extension] of [
      ['tel:+1-201-555-0123;ext=1234', '1234'],
      ['tel:+1-905-555-0134;ext=5-5-6', '556'],
      ['tel:+44-20-7946-0018;ext=(12)34', '1234'],
    ] as const) {
      const [event] = observe(() => core.openTelLink(uri));
      expect(event).toMatchObject({ name: 'dialRequested', payload: { extension } });
    }
  });

  it('applies a global phone-context to a local number', () => {
    expect(observe(() => core.openTelLink('tel:8123-4567;phone-context=+65'))).toEqual([
      {
        name: 'dialRequested',
        payload: { number: '+6581234567', extension: null, source: 'tel-link', assumedCountry: null },
      },
    ]);
  });

  it('emits telLinkRejected with the reason for a bad link', () => {
    const events = observe(() => core.openTelLink('tel://+14155550100'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ name: 'telLinkRejected', payload: { uri: 'tel://+14155550100' } });
    expect(pushEvents.telLinkRejected.parse(events[0]!.payload).reason).toMatch(/tel:\/\//);
  });

  it('truncates the echoed link to 200 characters', () => {
    const uri = `tel:+1${'0'.repeat(100_000)}`;
    const [event] = observe(() => core.openTelLink(uri));
    expect(event!.name).toBe('telLinkRejected');
    const payload = pushEvents.telLinkRejected.parse(event!.payload);
    expect(payload.uri).toBe(uri.slice(0, 200));
    expect(payload.reason).toMatch(/too long/);
  });

  it('never cuts a surrogate pair in half when truncating', () => {
    const uri = `tel:${'x'.repeat(195)}😀😀`;
    const [event] = observe(() => core.openTelLink(uri));
    const payload = pushEvents.telLinkRejected.parse(event!.payload);
    expect(payload.uri).toBe(`tel:${'x'.repeat(195)}`);
  });

  it('changes nothing for hostile links: no call, no setting, no contact, no account change', async () => {
    const before = await snapshot();
    const hostile = [
      'javascript:alert(1)',
      'tel:+14155550100%3Bext=1',
      'tel:+14155550100;phone-context=+1',
      'tel:1234;phone-context=evil.example',
      'tel:+14155550100;ext=1;ext=2',
      'tel:%E0%A4%A',
      '\u0000tel:+1',
      `tel:${'%'.repeat(5000)}`,
      'file:///etc/passwd',
      'tel:+14155550100;ext=1 2', // a space inside a parameter (spaces in the number are visual separators)
    ];
    const events = observe(() => {
      for (const uri of hostile) core.openTelLink(uri);
    });
    expect(events.map((event) => event.name)).toEqual(hostile.map(() => 'telLinkRejected'));
    for (const event of events) expect(() => pushEvents.telLinkRejected.parse(event.payload)).not.toThrow();
    expect(await snapshot()).toEqual(before);
  });

  it('never places a call, even for a valid link', async () => {
    const before = await core.api.callLog.query(allCalls);
    const events = observe(() => core.openTelLink('tel:+6581234567'));
    expect(events.map((event) => event.name)).toEqual(['dialRequested']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await core.api.callLog.query(allCalls)).toEqual(before);
  });
});

describe('telLinks.takePending', () => {
  it('hands the last outcome over once, through dispatch as the renderer calls it', async () => {
    await core.api.telLinks.takePending();
    expect(await dispatch(core.api, 'telLinks:takePending', undefined)).toEqual({ ok: true, value: null });
    core.openTelLink('tel:+1-415-555-0100');
    core.openTelLink('tel:+6581234567');
    expect(await dispatch(core.api, 'telLinks:takePending', undefined)).toEqual({
      ok: true,
      value: {
        event: 'dialRequested',
        payload: { number: '+6581234567', extension: null, source: 'tel-link', assumedCountry: null },
      },
    });
    expect(await core.api.telLinks.takePending()).toBeNull();
  });

  it('keeps a rejection for the renderer too', async () => {
    core.openTelLink('tel:12345');
    const taken = await core.api.telLinks.takePending();
    expect(taken).toMatchObject({ event: 'telLinkRejected', payload: { uri: 'tel:12345' } });
    expect(await core.api.telLinks.takePending()).toBeNull();
  });
});

describe('core.onSettingsChanged', () => {
  it('reports telLinks changes and stops after unsubscribing', async () => {
    expect((await core.api.settings.get()).telLinks).toBe(false);
    const seen: [boolean, boolean][] = [];
    const off = core.onSettingsChanged((settings, previous) => seen.push([settings.telLinks, previous.telLinks]));
    await core.api.settings.update({ telLinks: true });
    off();
    await core.api.settings.update({ telLinks: false });
    expect(seen).toEqual([[true, false]]);
  });
});
