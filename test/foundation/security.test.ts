import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, isTrustedRendererUrl } from '../../src/main/security.ts';

const origins = { devServerUrl: 'http://localhost:5173' };

describe('isTrustedRendererUrl', () => {
  it.each([
    ['app://renderer/index.html', true],
    ['app://renderer/index.html#/calls', true],
    ['http://localhost:5173/', true],
    // The renderer no longer loads from file://: no install folder name can confuse the check.
    ['file:///opt/Hoiio/resources/app.asar/out/renderer/index.html', false],
    ['file:///C:/Users/odd~dir/Hoiio/resources/app.asar/out/renderer/index.html', false],
    ['app://evil/index.html', false],
    ['app://user@renderer/index.html', false],
    ['http://localhost:5174/', false],
    ['https://example.com/', false],
    ['about:blank', false],
    ['', false],
    ['not a url', false],
  ])('%s -> %s', (url, expected) => {
    expect(isTrustedRendererUrl(url, origins)).toBe(expected);
  });

  it('trusts no http origin when there is no dev server (packaged app)', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/', {})).toBe(false);
  });
});

describe('isAllowedExternalUrl', () => {
  it.each([
    ['https://www.hoiio.com/pricing', true],
    ['https://developer.hoiio.com/docs/', true],
    ['http://www.hoiio.com/', false],
    ['https://user:pw@www.hoiio.com/', false],
    ['https://www.hoiio.com.evil.example/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['https://example.com/', false],
    ['https://www.hoiio.com:8443/', false],
  ])('%s -> %s', (url, expected) => {
    expect(isAllowedExternalUrl(url)).toBe(expected);
  });
});

describe('the core never imports electron', () => {
  const coreDir = path.resolve(import.meta.dirname, '../../src/main/core');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
    });

  it('has no import or require of electron or electron-store under src/main/core', () => {
    const offenders = files(coreDir).filter((file) =>
      /(from\s+|import\s*\(\s*|require\s*\(\s*)['"]electron(-store)?['"]/.test(readFileSync(file, 'utf8')),
    );
    expect(files(coreDir).length).toBeGreaterThan(0);
    expect(offenders).toEqual([]);
  });
});
