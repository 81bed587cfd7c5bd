/** The settings store over a real conf file in a temp dir (the Electron shell passes electron-store instead). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createConfSettingsBackend,
  createSettingsStore,
  openSettingsStore,
  SETTINGS_FILE_NAME,
} from '../../src/main/core/settings/settings-store.ts';
import { capturingLogger, startTestCore } from '../calls/helpers.ts';
import { AppError } from '../../src/shared/errors.ts';
import { defaultSettings, SettingsPatchSchema, type Settings } from '../../src/shared/settings.ts';
import { invalidRequestError } from '../../src/shared/zod-issues.ts';
import type { Notice } from '../../src/shared/contract.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-settings-'));
  dirs.push(dir);
  return dir;
}

const open = (dir: string) => createSettingsStore(createConfSettingsBackend(dir));
const fileOf = (dir: string) => path.join(dir, `${SETTINGS_FILE_NAME}.json`);

describe('settings store', () => {
  it('starts with the defaults', () => {
    expect(open(tempDir()).get()).toEqual({
      defaultDest1: null,
      defaultCallerId: null,
      defaultCountry: 'SG',
      maxDurationSeconds: null,
      notifications: { callEnded: true, callFailed: true },
      tunnel: { enabled: true, serverUrl: 'https://localtunnel.me', subdomain: null },
      baseUrl: 'https://secure.hoiio.com/open',
      telLinks: false,
      theme: 'system',
      language: 'system',
      desktop: {
        closeToTray: null,
        startMinimized: false,
        startAtLogin: false,
        globalShortcut: { enabled: false, accelerator: 'CommandOrControl+Shift+D' },
        windowState: null,
      },
      history: { retentionDays: null },
      insights: { includeSimulated: false },
    });
  });

  it('keeps Insights\' "Include simulated calls" across a restart, and refuses a value that is not true or false', () => {
    const dir = tempDir();
    expect(open(dir).update({ insights: { includeSimulated: true } }).insights).toEqual({ includeSimulated: true });
    // A second store on the same folder (as after a restart) reads the choice from disk.
    expect(open(dir).get().insights).toEqual({ includeSimulated: true });
    expect(JSON.parse(readFileSync(fileOf(dir), 'utf8'))).toMatchObject({ insights: { includeSimulated: true } });
    // Another change leaves it as it was; unchecking it is kept too.
    expect(open(dir).update({ theme: 'dark' }).insights.includeSimulated).toBe(true);
    expect(open(dir).update({ insights: { includeSimulated: false } }).insights.includeSimulated).toBe(false);
    expect(open(dir).get().insights.includeSimulated).toBe(false);
    expect(() => open(dir).update({ insights: { includeSimulated: 'yes' } } as never)).toThrow(AppError);
  });

  it('persists changes to the file, merging nested groups field by field', () => {
    const dir = tempDir();
    const updated = open(dir).update({
      defaultDest1: '+6591234567',
      defaultCallerId: 'private',
      defaultCountry: 'US',
      maxDurationSeconds: 600,
      tunnel: { enabled: false },
      notifications: { callEnded: false },
      baseUrl: 'http://127.0.0.1:4000/open',
    });
    expect(updated.tunnel).toEqual({ enabled: false, serverUrl: 'https://localtunnel.me', subdomain: null });
    expect(updated.notifications).toEqual({ callEnded: false, callFailed: true });
    // A second store on the same folder (as after a restart) reads the same values from disk.
    expect(open(dir).get()).toEqual(updated);
    expect(JSON.parse(readFileSync(fileOf(dir), 'utf8'))).toMatchObject({
      defaultCountry: 'US',
      maxDurationSeconds: 600,
    });
  });

  it('refuses invalid values with a clear error and changes nothing', () => {
    const store = open(tempDir());
    const bad = [
      { defaultCountry: 'XX' },
      { defaultDest1: '9123-4567#' },
      { defaultCallerId: 'my number' },
      { maxDurationSeconds: 0 },
      { maxDurationSeconds: 86_401 },
      { baseUrl: 'ftp://example.com' },
      { tunnel: { subdomain: 'ab' } },
      { accessToken: 'sneaky' },
    ];
    for (const patch of bad) {
      expect(() => store.update(patch as never), JSON.stringify(patch)).toThrow(AppError);
    }
    expect(store.get()).toEqual(defaultSettings());
  });

  it('refuses a default country that is not a known ISO 3166 code (a name, a cut name, an unknown code)', () => {
    const store = open(tempDir());
    for (const defaultCountry of ['Singapore', 'Si', 'sg', 'ZZ', 'XK1', '']) {
      expect(() => store.update({ defaultCountry } as never), defaultCountry).toThrow(AppError);
      // What the renderer gets over the bridge: the problem named at the field, in the catalogue's words.
      const parsed = SettingsPatchSchema.safeParse({ defaultCountry });
      expect(parsed.success, defaultCountry).toBe(false);
      if (parsed.success) continue;
      const error = invalidRequestError('settings:update', parsed.error, { defaultCountry });
      expect(error.fields?.[0], defaultCountry).toMatchObject({ path: ['defaultCountry'], key: 'field.country' });
    }
    expect(store.get().defaultCountry).toBe('SG');
    store.update({ defaultCountry: 'SI' });
    expect(store.get().defaultCountry).toBe('SI');
  });

  it('falls back to the default for each field a hand-edited file broke, keeping the rest', () => {
    const dir = tempDir();
    writeFileSync(
      fileOf(dir),
      JSON.stringify({
        defaultCountry: 'Atlantis',
        maxDurationSeconds: 'long',
        defaultDest1: '+6591234567',
        tunnel: 7,
        telLinks: 'yes',
      }),
    );
    const settings = open(dir).get();
    expect(settings.defaultCountry).toBe('SG');
    expect(settings.maxDurationSeconds).toBeNull();
    expect(settings.defaultDest1).toBe('+6591234567');
    expect(settings.tunnel).toEqual(defaultSettings().tunnel);
    expect(settings.telLinks).toBe(false);
  });

  it('keeps the App ID beside the settings, and reports setting changes to listeners', () => {
    const dir = tempDir();
    const store = open(dir);
    const seen: [Settings, Settings][] = [];
    const unsubscribe = store.onChange((next, previous) => seen.push([next, previous]));
    store.setAppId('my-app');
    expect(open(dir).getAppId()).toBe('my-app');
    store.update({ defaultCountry: 'MY' });
    unsubscribe();
    store.update({ defaultCountry: 'HK' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[0].defaultCountry).toBe('MY');
    expect(seen[0]?.[1].defaultCountry).toBe('SG');
    expect(store.getAppId()).toBe('my-app');
    store.setAppId(null);
    expect(open(dir).getAppId()).toBeNull();
    expect(JSON.parse(readFileSync(fileOf(dir), 'utf8'))).not.toHaveProperty('appId');
  });

  it('accepts an https API address, and plain http only to a loopback host', () => {
    const store = open(tempDir());
    for (const baseUrl of ['http://example.com/open', 'http://192.168.1.10/open', 'http://localhost.evil.com/']) {
      expect(() => store.update({ baseUrl }), baseUrl).toThrow(AppError);
    }
    for (const baseUrl of [
      'https://gateway.example.com/open',
      'http://127.0.0.1:4000/open',
      'http://localhost:4000/open',
      'http://[::1]:4000/open',
    ]) {
      expect(store.update({ baseUrl }).baseUrl).toBe(baseUrl);
    }
    // A plain-http address to another host already in the file is not used.
    const dir = tempDir();
    writeFileSync(fileOf(dir), JSON.stringify({ baseUrl: 'http://evil.example.com/open', defaultCountry: 'MY' }));
    expect(open(dir).get()).toMatchObject({ baseUrl: 'https://secure.hoiio.com/open', defaultCountry: 'MY' });
  });

  it('moves a file that is not JSON aside (never deleting it) and starts from the defaults', () => {
    const dir = tempDir();
    const { lines, logger } = capturingLogger();
    const broken = ['{"defaultCountry": "MY", "appId": "my-a', ''];
    const movedTo: string[] = [];
    for (const content of broken) {
      writeFileSync(fileOf(dir), content);
      const store = openSettingsStore(dir, createConfSettingsBackend, logger);
      expect(store.get()).toEqual(defaultSettings());
      expect(store.getAppId()).toBeNull();
      expect(store.recoveredFrom?.movedTo).toMatch(/settings\.json\.corrupt-[\w-]+$/);
      expect(store.recoveredFrom?.message).toContain(store.recoveredFrom?.movedTo);
      movedTo.push(store.recoveredFrom!.movedTo);
      // The store works and writes a fresh file.
      store.update({ defaultCountry: 'HK' });
      expect(open(dir).get().defaultCountry).toBe('HK');
    }
    // Each unreadable file was kept, byte for byte, under its own name (even within one millisecond).
    expect(new Set(movedTo).size).toBe(2);
    movedTo.forEach((file, index) => expect(readFileSync(file, 'utf8')).toBe(broken[index]));
    expect(readdirSync(dir).filter((name) => name.includes('.corrupt-'))).toHaveLength(2);
    expect(lines.filter((line) => line.startsWith('warn [settings]'))).toHaveLength(2);
    // A readable file is left alone.
    expect(openSettingsStore(dir, createConfSettingsBackend, logger).recoveredFrom).toBeNull();
  });

  it('the app starts with a settings file that is not JSON, and says so in the log', async () => {
    const dir = tempDir();
    writeFileSync(fileOf(dir), '{ not json');
    const { lines, logger } = capturingLogger();
    const app = await startTestCore({ dataDir: dir, logger });
    try {
      expect(await app.ok('settings:get')).toEqual(defaultSettings());
      expect(await app.ok('account:getStatus')).toMatchObject({ mode: 'sandbox', configured: false });
      const moved = readdirSync(dir).filter((name) => name.startsWith(`${SETTINGS_FILE_NAME}.json.corrupt-`));
      expect(moved).toHaveLength(1);
      expect(readFileSync(path.join(dir, moved[0]!), 'utf8')).toBe('{ not json');
      expect(lines.some((line) => line.startsWith('warn [settings]') && line.includes(moved[0]!))).toBe(true);
    } finally {
      await app.close();
    }
  });

  it.each([
    ['an invalid URL', { baseUrl: 'x', defaultCountry: 'MY' }, { baseUrl: 'https://secure.hoiio.com/open' }, /baseUrl/],
    [
      'wrong types',
      { maxDurationSeconds: 'ten', telLinks: 'yes', defaultCountry: 'MY' },
      { maxDurationSeconds: null, telLinks: false },
      /maxDurationSeconds/,
    ],
    [
      'a wrong nested type',
      { tunnel: { enabled: 'no', serverUrl: 'ftp://x' }, defaultCountry: 'MY' },
      { tunnel: { enabled: true, serverUrl: 'https://localtunnel.me', subdomain: null } },
      /tunnel\.enabled/,
    ],
    [
      'a group that is not an object',
      { notifications: [1, 2], defaultCountry: 'MY' },
      { notifications: { callEnded: true, callFailed: true } },
      /notifications/,
    ],
    ['unknown keys', { colour: 'blue', ['k'.repeat(10_000)]: 1, defaultCountry: 'MY' }, {}, /colour: unknown setting/],
    ['an App ID of the wrong type', { appId: 42, defaultCountry: 'MY' }, {}, /appId/],
  ])(
    'starts with %s: defaults for what does not parse, announced, the original kept',
    async (_name, content, expected, named) => {
      const dir = tempDir();
      const original = JSON.stringify(content);
      writeFileSync(fileOf(dir), original);
      const app = await startTestCore({ dataDir: dir });
      try {
        const settings = await app.ok<Settings>('settings:get');
        expect(settings).toMatchObject({ ...expected, defaultCountry: 'MY' });
        const { notices } = await app.ok<{ notices: Notice[] }>('app:getInfo');
        expect(notices).toHaveLength(1);
        expect(notices[0]!.message).toMatch(named);
        expect(notices[0]!.message.length).toBeLessThan(1000); // a 10,000-character key is not echoed whole
        const kept = readdirSync(dir).filter((name) => name.startsWith(`${SETTINGS_FILE_NAME}.json.invalid-`));
        expect(kept).toHaveLength(1);
        expect(readFileSync(path.join(dir, kept[0]!), 'utf8')).toBe(original);
        expect(notices[0]!.message).toContain(kept[0]);
        // The renderer words it from the catalogue: the key and where the original went.
        expect(notices[0]).toMatchObject({
          key: 'settingsReset',
          params: { movedTo: expect.stringContaining(kept[0]!) },
        });
      } finally {
        await app.close();
      }
      // The rewritten file is clean: the next start announces nothing.
      expect(openSettingsStore(dir).recoveredFrom).toBeNull();
    },
  );

  it.each([
    // Unparseable text is moved aside; JSON that is not an object parses, so its values are reset.
    ['truncated JSON', '{"baseUrl": "https://gw.example.com/open", "defaultCo', 'settingsUnreadable'],
    ['a JSON array', '[1,2]', 'settingsReset'],
    ['null', 'null', 'settingsReset'],
    ['a number', '42', 'settingsReset'],
  ])('starts with %s as the settings file, announced', async (_name, content, noticeKey) => {
    const dir = tempDir();
    writeFileSync(fileOf(dir), content);
    const app = await startTestCore({ dataDir: dir });
    try {
      expect(await app.ok('settings:get')).toEqual(defaultSettings());
      const { notices } = await app.ok<{ notices: Notice[] }>('app:getInfo');
      expect(notices).toHaveLength(1);
      expect(notices[0]!.key).toBe(noticeKey);
      const kept = readdirSync(dir).filter((name) => /^settings\.json\.(corrupt|invalid)-/.test(name));
      expect(kept).toHaveLength(1);
      expect(readFileSync(path.join(dir, kept[0]!), 'utf8')).toBe(content);
    } finally {
      await app.close();
    }
  });

  it('refuses settings:update {"baseUrl":"x"} with invalid_input and changes nothing', async () => {
    const dir = tempDir();
    const app = await startTestCore({ dataDir: dir });
    try {
      const before = await app.ok('settings:get');
      const result = await app.call('settings:update', { baseUrl: 'x' });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(await app.ok('settings:get')).toEqual(before);
    } finally {
      await app.close();
    }
  });

  it('needs an absolute folder', () => {
    expect(() => createConfSettingsBackend('relative/dir')).toThrow(/absolute/);
  });
});
