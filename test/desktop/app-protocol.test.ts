import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appResponseHeaders, createAppProtocolHandler, resolveAppPath } from '../../src/main/app-protocol.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/security-policy.ts';

const root = path.resolve('/opt/Hoiio/resources/app.asar/out/renderer');

describe('resolveAppPath', () => {
  it.each([
    ['app://renderer/', 'index.html', 'text/html; charset=utf-8'],
    ['app://renderer', 'index.html', 'text/html; charset=utf-8'],
    ['app://renderer/index.html?x=1#/log', 'index.html', 'text/html; charset=utf-8'],
    ['app://renderer/assets/index-Dk.js', 'assets/index-Dk.js', 'text/javascript; charset=utf-8'],
    ['APP://RENDERER/assets/a%20b.css', 'assets/a b.css', 'text/css; charset=utf-8'],
  ])('serves %s from the renderer folder', (url, relative, mimeType) => {
    expect(resolveAppPath(url, root)).toEqual({ ok: true, filePath: path.join(root, relative), mimeType });
  });

  it.each([
    ['app://../etc/passwd', 400],
    ['app://renderer/../package.json', 403],
    ['app://renderer/assets/../../main/index.js', 403],
    ['app://renderer/./index.html', 403],
    ['app://renderer/%2e%2e/package.json', 403],
    ['app://renderer/%2E%2E%2Fpackage.json', 403],
    ['app://renderer/assets%2f..%2f..%2fmain.js', 403],
    ['app://renderer/..%5c..%5cmain.js', 403],
    ['app://renderer/..\\..\\main.js', 400],
    ['app://renderer/index.html%00.png', 403],
    ['app://renderer/index.html\u0000.png', 400],
    ['app://renderer/C:%5cWindows%5cwin.ini', 403],
    ['app://renderer/%c0%ae%c0%ae/x.js', 400],
    ['app://renderer/%zz.js', 400],
    ['app://evil/index.html', 400],
    ['app://user@renderer/index.html', 400],
    ['app://renderer:8080/index.html', 400],
    ['file:///etc/passwd', 400],
    ['https://renderer/index.html', 400],
    [`app://renderer/${'a'.repeat(10_240)}.js`, 400],
  ])('refuses %s with %i', (url, status) => {
    expect(resolveAppPath(url, root)).toMatchObject({ ok: false, status });
  });

  it('serves only the file types the built renderer has', () => {
    expect(resolveAppPath('app://renderer/package', root)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppPath('app://renderer/keytar.node', root)).toMatchObject({ ok: false, status: 404 });
  });
});

describe('the app:// handler', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'hoiio-app-protocol-'));
  mkdirSync(path.join(folder, 'renderer/assets'), { recursive: true });
  writeFileSync(path.join(folder, 'renderer/index.html'), '<!doctype html><title>app</title>');
  writeFileSync(path.join(folder, 'renderer/assets/main.js'), 'console.log(1)');
  writeFileSync(path.join(folder, 'secret.json'), '{"secret":true}');
  const handle = createAppProtocolHandler(path.join(folder, 'renderer'));

  it('answers with the file and the security headers, the CSP with frame-ancestors none', async () => {
    const response = await handle(new Request('app://renderer/assets/main.js'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('console.log(1)');
    expect(Object.fromEntries(response.headers)).toEqual(
      Object.fromEntries(
        Object.entries(appResponseHeaders('text/javascript; charset=utf-8')).map(([k, v]) => [k.toLowerCase(), v]),
      ),
    );
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('never answers with a file outside the renderer folder, and 404s a missing one', async () => {
    for (const url of [
      'app://renderer/../secret.json',
      'app://renderer/%2e%2e/secret.json',
      'app://renderer/nope.js',
    ]) {
      const response = await handle(new Request(url));
      expect(response.status).not.toBe(200);
      expect(await response.text()).not.toContain('secret');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await handle(new Request('app://renderer/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    const head = await handle(new Request('app://renderer/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
  });
});
