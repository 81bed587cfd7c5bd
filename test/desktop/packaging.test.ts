/**
 * electron-builder's configuration, read and validated by electron-builder itself (its own
 * loader and JSON schema), then checked per platform: targets, link protocols, fuses, signing
 * hooks, icons and what goes into / stays out of the asar. Packaging itself downloads Electron
 * and cannot run here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';
import { LINUX_DESKTOP_FILE } from '../../src/main/desktop-platform.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
let config: Configuration;

beforeAll(async () => {
  config = await getConfig(repoRoot, null, null);
  await validateConfiguration(config, new DebugLogger(false));
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const data = readFileSync(file);
  expect(data.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

type TargetEntry = string | { target: string; arch?: string[] };
const targets = (list: unknown) =>
  (list as TargetEntry[]).map((entry) => (typeof entry === 'string' ? { target: entry } : entry));

describe('electron-builder configuration', () => {
  it('Windows: a per-user NSIS installer that lists the app for tel:/callto: without taking them', () => {
    expect(targets(config.win!.target)).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: false });
    const include = readFileSync(path.join(repoRoot, config.nsis!.include!), 'utf8');
    expect(include).toMatch(/URLAssociations" "tel"/);
    expect(include).toMatch(/URLAssociations" "callto"/);
    expect(include).toContain('Software\\RegisteredApplications');
    // Only capabilities: the installer never writes HKCU\Software\Classes\tel (the default handler).
    expect(include).not.toMatch(/Software\\Classes\\(tel|callto)\b/);
    expect(include).toMatch(/!macro customUnInstall[\s\S]*DeleteRegKey/);
  });

  it('macOS: dmg for x64 and arm64, hardened runtime with an entitlements file, notarized when credentials exist', () => {
    expect(targets(config.mac!.target)).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    const entitlements = readFileSync(path.join(repoRoot, config.mac!.entitlements!), 'utf8');
    expect(entitlements).toContain('com.apple.security.cs.allow-jit');
    expect(entitlements).not.toContain('com.apple.security.cs.allow-unsigned-executable-memory');
    expect(config.mac!.entitlementsInherit).toBe(config.mac!.entitlements);
  });

  it('Linux: AppImage and deb, whose .desktop file is the one the app points xdg-mime at', () => {
    expect(targets(config.linux!.target).map((entry) => entry.target)).toEqual(['AppImage', 'deb']);
    expect(`${config.executableName}.desktop`).toBe(LINUX_DESKTOP_FILE);
    expect(config.deb!.depends).toEqual(expect.arrayContaining(['libsecret-1-0', 'xdg-utils']));
  });

  it('declares tel: and callto: (macOS CFBundleURLTypes, the .desktop MimeType x-scheme-handler/*)', () => {
    const schemes = (config.protocols as Array<{ schemes: string[] }>).flatMap((protocol) => protocol.schemes);
    expect(schemes.sort()).toEqual(['callto', 'tel']);
  });

  it('flips the fuses: no file:// privileges, no Node mode or inspector, asar-only with integrity, ad hoc re-sign', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('signs from the environment only, skipping when absent, and the after-sign hook says which happened', () => {
    expect(config.forceCodeSigning).toBe(false);
    expect(config.mac!.identity).toBeUndefined();
    const hookPath = path.join(repoRoot, config.afterSign as string);
    const hook = require(hookPath) as ((context: unknown) => Promise<void>) & {
      signingStatus: (platform: string, env: Record<string, string>) => { signed: boolean; notarized: boolean };
    };
    expect(typeof hook).toBe('function');
    expect(hook.signingStatus('darwin', {})).toMatchObject({ signed: false, notarized: false });
    expect(
      hook.signingStatus('darwin', {
        CSC_LINK: 'x',
        APPLE_ID: 'a',
        APPLE_APP_SPECIFIC_PASSWORD: 'p',
        APPLE_TEAM_ID: 't',
      }),
    ).toMatchObject({ signed: true, notarized: true });
    expect(hook.signingStatus('win32', { WIN_CSC_LINK: 'x' })).toMatchObject({ signed: true });
  });

  it('rebuilds native modules for the target instead of shipping this machine’s keytar.node', () => {
    expect(config.npmRebuild).toBe(true);
  });

  it('unpacks no .js file from the asar, and leaves the renderer-bundled and host-only packages out', () => {
    const unpack = config.asarUnpack as string[];
    for (const file of ['node_modules/keytar/lib/keytar.js', 'out/main/index.js', 'node_modules/keytar/package.json']) {
      expect(
        unpack.some((pattern) => path.matchesGlob(file, pattern)),
        file,
      ).toBe(false);
    }
    expect(unpack.some((pattern) => path.matchesGlob('node_modules/keytar/build/Release/keytar.node', pattern))).toBe(
      true,
    );
    // electron-builder's loader normalises `files` to [{ filter: [...] }].
    const files = (config.files as Array<string | { filter: string[] }>).flatMap((entry) =>
      typeof entry === 'string' ? [entry] : entry.filter,
    );
    for (const excluded of [
      'node_modules/react/index.js',
      'node_modules/react-dom/client.js',
      'node_modules/ws/index.js',
    ]) {
      expect(
        files.some((pattern) => pattern.startsWith('!') && path.matchesGlob(excluded, pattern.slice(1))),
        excluded,
      ).toBe(true);
    }
    expect(files).toEqual(expect.arrayContaining(['out/**', 'resources/**', 'package.json']));
  });

  it('has every icon each platform needs, generated from build/icon.svg', () => {
    expect(existsSync(path.join(repoRoot, 'build/icon.svg'))).toBe(true);
    expect(pngSize(path.join(repoRoot, 'build/icon.png'))).toEqual({ width: 1024, height: 1024 });
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(path.join(repoRoot, config.linux!.icon as string, `${size}x${size}.png`))).toEqual({
        width: size,
        height: size,
      });
    }
    const icns = readFileSync(path.join(repoRoot, config.mac!.icon as string));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const ico = readFileSync(path.join(repoRoot, config.win!.icon as string));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, index) => ico[6 + index * 16] || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    expect(pngSize(path.join(repoRoot, 'resources/tray.png'))).toEqual({ width: 32, height: 32 });
    expect(pngSize(path.join(repoRoot, 'resources/tray@2x.png'))).toEqual({ width: 64, height: 64 });
    expect(pngSize(path.join(repoRoot, 'resources/trayTemplate.png'))).toEqual({ width: 16, height: 16 });
    expect(pngSize(path.join(repoRoot, 'resources/icon.png'))).toEqual({ width: 512, height: 512 });
  });
});
