import { describe, expect, it } from 'vitest';
import {
  isPermissionAllowed,
  isTrustedIpcSender,
  navigationDecision,
  windowOpenDecision,
} from '../../src/main/security.ts';

const packaged = {};
const development = { devServerUrl: 'http://localhost:5173' };

describe('navigationDecision', () => {
  it.each([
    ['app://renderer/index.html#/log', packaged, 'allow'],
    ['app://renderer/other.html', packaged, 'allow'],
    ['http://localhost:5173/', development, 'allow'],
    ['http://localhost:5173/', packaged, 'deny'],
    ['https://example.com/', development, 'deny'],
    ['file:///etc/passwd', packaged, 'deny'],
    ['javascript:alert(1)', packaged, 'deny'],
    ['data:text/html,<h1>x', packaged, 'deny'],
    ['app://evil/index.html', packaged, 'deny'],
  ] as const)('%s -> %s', (url, origins, decision) => {
    expect(navigationDecision(url, origins)).toBe(decision);
  });
});

describe('windowOpenDecision', () => {
  it('never opens a window; hands allowlisted https links to the browser', () => {
    expect(windowOpenDecision('https://www.hoiio.com/pricing')).toEqual({
      action: 'deny',
      openExternal: 'https://www.hoiio.com/pricing',
    });
    for (const url of [
      'http://www.hoiio.com/',
      'https://evil.example/',
      'file:///etc/passwd',
      'app://renderer/index.html',
      'smb://host/share',
    ]) {
      expect(windowOpenDecision(url)).toEqual({ action: 'deny' });
    }
  });
});

describe('isPermissionAllowed', () => {
  it.each([
    ['clipboard-sanitized-write', 'app://renderer/index.html', true],
    ['clipboard-sanitized-write', 'app://renderer', true],
    ['clipboard-sanitized-write', 'https://example.com/', false],
    ['clipboard-read', 'app://renderer/index.html', false],
    ['media', 'app://renderer/index.html', false],
    ['notifications', 'app://renderer/index.html', false],
    ['geolocation', 'app://renderer/index.html', false],
    ['openExternal', 'app://renderer/index.html', false],
    ['hid', 'app://renderer/index.html', false],
  ])('%s from %s -> %s', (permission, url, allowed) => {
    expect(isPermissionAllowed(permission, url, packaged)).toBe(allowed);
  });
});

describe('isTrustedIpcSender', () => {
  it('accepts only the app page main frame, whatever folder the app is installed in', () => {
    expect(isTrustedIpcSender({ url: 'app://renderer/index.html', isMainFrame: true }, packaged)).toBe(true);
    expect(isTrustedIpcSender({ url: 'app://renderer/index.html', isMainFrame: false }, packaged)).toBe(false);
    expect(isTrustedIpcSender(null, packaged)).toBe(false);
    // What broke file:// comparisons (issue 14): odd install folders no longer matter.
    for (const folder of ['odd~dir', '[x]', '100%', 'Program Files (x86)']) {
      expect(
        isTrustedIpcSender(
          { url: `file:///C:/${encodeURI(folder)}/out/renderer/index.html`, isMainFrame: true },
          packaged,
        ),
      ).toBe(false);
    }
  });
});
