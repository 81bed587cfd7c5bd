import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  isUpdate,
  parseVersion,
  shouldCheckForUpdates,
  updateChannel,
  updateFeedUrl,
  updateReadyVersion,
} from '../../src/main/updater-policy.ts';

describe('update feed and whether to check', () => {
  it.each([
    ['', null],
    [undefined, null],
    ['not a url', null],
    ['http://updates.example.com/hoiio', null],
    ['https://user:pw@updates.example.com/', null],
    ['https://updates.example.com/hoiio?x=1', null],
    ['https://updates.example.com/hoiio', 'https://updates.example.com/hoiio/'],
    ['http://127.0.0.1:8080/feed/', 'http://127.0.0.1:8080/feed/'],
  ])('feed %s -> %s', (value, expected) => {
    expect(updateFeedUrl(value)).toBe(expected);
  });

  it('checks only packaged apps with a feed, and on Linux only AppImages', () => {
    const base = {
      feedUrl: 'https://u.example/',
      isPackaged: true,
      platform: 'win32' as NodeJS.Platform,
      isAppImage: false,
    };
    expect(shouldCheckForUpdates(base)).toBe(true);
    expect(shouldCheckForUpdates({ ...base, feedUrl: null })).toBe(false);
    expect(shouldCheckForUpdates({ ...base, isPackaged: false })).toBe(false);
    expect(shouldCheckForUpdates({ ...base, platform: 'linux' })).toBe(false);
    expect(shouldCheckForUpdates({ ...base, platform: 'linux', isAppImage: true })).toBe(true);
  });
});

describe('versions and channels', () => {
  it('orders versions as SemVer 2.0.0 §11 does', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.10.0',
      '2.0.0',
    ];
    for (let index = 1; index < ordered.length; index += 1) {
      expect(
        compareVersions(parseVersion(ordered[index - 1]!)!, parseVersion(ordered[index]!)!),
        ordered[index],
      ).toBeLessThan(0);
    }
    expect(compareVersions(parseVersion('1.0.0+build.5')!, parseVersion('1.0.0')!)).toBe(0);
    expect(parseVersion('1.0')).toBeNull();
    expect(parseVersion('01.0.0')).toBeNull();
  });

  it('installs only strictly newer versions, never a prerelease over a stable install', () => {
    expect(isUpdate('0.1.0', '0.2.0')).toBe(true);
    expect(isUpdate('0.2.0', '0.2.0')).toBe(false);
    expect(isUpdate('0.2.0', '0.1.9')).toBe(false);
    expect(isUpdate('0.2.0', '0.3.0-beta.1')).toBe(false);
    expect(isUpdate('0.3.0-beta.1', '0.3.0-beta.2')).toBe(true);
    expect(isUpdate('0.3.0-beta.2', '0.3.0')).toBe(true);
    expect(isUpdate('0.1.0', 'garbage')).toBe(false);
  });

  it('follows the channel of its own prerelease tag', () => {
    expect(updateChannel('1.0.0')).toBe('latest');
    expect(updateChannel('1.0.0-beta.3')).toBe('beta');
    expect(updateChannel('1.0.0-alpha')).toBe('alpha');
    expect(updateChannel('1.0.0-rc.1')).toBe('latest');
  });

  it('offers "Restart to update" only once the download is complete', () => {
    expect(updateReadyVersion({ kind: 'downloading', version: '1.2.0', percent: 99 })).toBeNull();
    expect(updateReadyVersion({ kind: 'failed', message: 'x' })).toBeNull();
    expect(updateReadyVersion({ kind: 'ready', version: '1.2.0' })).toBe('1.2.0');
  });
});
