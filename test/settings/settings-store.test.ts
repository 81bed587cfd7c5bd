/** The settings store over a real conf file in a temp dir (the Electron shell passes electron-store instead). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createConfSettingsBackend,
  createSettingsStore,
  SETTINGS_FILE_NAME,
} from '../../src/main/core/settings/settings-store.ts';
import { AppError } from '../../src/shared/errors.ts';
import { defaultSettings, type Settings } from '../../src/shared/settings.ts';

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
    });
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
      { defaultDest1: '91234567' },
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

  it('falls back to the default for each field a hand-edited file broke, keeping the rest', () => {
    const dir = tempDir();
    writeFileSync(
      fileOf(dir),
      JSON.stringify({
        defaultCountry: 'Atlantis',
        maxDurationSeconds: 'long',
        defaultDest1: '+6591234567',
        tunnel: 7,
      }),
    );
    const settings = open(dir).get();
    expect(settings.defaultCountry).toBe('SG');
    expect(settings.maxDurationSeconds).toBeNull();
    expect(settings.defaultDest1).toBe('+6591234567');
    expect(settings.tunnel).toEqual(defaultSettings().tunnel);
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

  it('needs an absolute folder', () => {
    expect(() => createConfSettingsBackend('relative/dir')).toThrow(/absolute/);
  });
});
