import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../src/main/app-menu.ts';
import { createDesktopIntl, desktopMessages, pickDesktopLocale } from '../../src/main/desktop-i18n.ts';
import {
  closeToTrayByDefault,
  desktopPreferencesFromFile,
  effectiveCloseToTray,
  loginItemSettings,
  protocolHandlerPlan,
  settleWithin,
  startHidden,
  withoutDefaultHandler,
  xdgAutostartEntry,
  xdgAutostartPath,
} from '../../src/main/desktop-platform.ts';
import {
  applySettingsPatch,
  defaultSettings,
  isGlobalAccelerator,
  SettingsPatchSchema,
  SettingsSchema,
} from '../../src/shared/settings.ts';

describe('close to tray', () => {
  it('is on by default on Windows and macOS, off on Linux, and the setting wins once chosen', () => {
    expect(['win32', 'darwin', 'linux'].map((p) => closeToTrayByDefault(p as NodeJS.Platform))).toEqual([
      true,
      true,
      false,
    ]);
    expect(effectiveCloseToTray(null, 'linux')).toBe(false);
    expect(effectiveCloseToTray(true, 'linux')).toBe(true);
    expect(effectiveCloseToTray(false, 'win32')).toBe(false);
  });
});

describe('start at login', () => {
  it('macOS login items open hidden only with start minimised; Windows passes a marker argument', () => {
    expect(loginItemSettings(true, true, 'darwin')).toEqual({ openAtLogin: true, openAsHidden: true });
    expect(loginItemSettings(false, true, 'darwin')).toEqual({ openAtLogin: false, openAsHidden: false });
    expect(loginItemSettings(true, false, 'win32')).toEqual({ openAtLogin: true, args: ['--started-at-login'] });
    expect(loginItemSettings(true, true, 'win32')).toEqual({ openAtLogin: true, args: ['--started-at-login=hidden'] });
  });

  it('a login launch with start minimised starts hidden', () => {
    expect(startHidden(['hoiio', '--started-at-login=hidden'], false)).toBe(true);
    expect(startHidden(['hoiio', '--started-at-login'], false)).toBe(false);
    expect(startHidden(['hoiio'], true)).toBe(true);
  });

  it('writes a valid XDG autostart entry, quoting the executable per the Desktop Entry spec', () => {
    expect(
      xdgAutostartEntry({
        name: 'Hoiio Click-to-Call',
        executable: '/home/a b/Hoiio "x".AppImage',
        startMinimized: true,
      }),
    ).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Version=1.5',
        'Name=Hoiio Click-to-Call',
        'Exec="/home/a b/Hoiio \\"x\\".AppImage" --started-at-login=hidden',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
    expect(xdgAutostartPath({}, '/home/ada')).toBe('/home/ada/.config/autostart/hoiio-click-to-call.desktop');
    expect(xdgAutostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe(
      '/cfg/autostart/hoiio-click-to-call.desktop',
    );
    expect(xdgAutostartPath({ XDG_CONFIG_HOME: 'relative' }, '/home/ada')).toBe(
      '/home/ada/.config/autostart/hoiio-click-to-call.desktop',
    );
  });
});

describe('the default tel:/callto: handler', () => {
  it('Windows opens Default apps when registering did not make it the default; macOS registers directly', () => {
    expect(protocolHandlerPlan('win32', true)).toEqual({
      kind: 'electron',
      register: true,
      openSystemPageIfNotDefault: true,
    });
    expect(protocolHandlerPlan('darwin', true)).toEqual({
      kind: 'electron',
      register: true,
      openSystemPageIfNotDefault: false,
    });
    expect(protocolHandlerPlan('win32', false)).toEqual({
      kind: 'electron',
      register: false,
      openSystemPageIfNotDefault: false,
    });
  });

  it('Linux uses xdg-mime to set it and edits mimeapps.list to unset it', () => {
    expect(protocolHandlerPlan('linux', true)).toEqual({
      kind: 'xdg-mime-default',
      args: ['default', 'hoiio-click-to-call.desktop', 'x-scheme-handler/tel', 'x-scheme-handler/callto'],
    });
    expect(protocolHandlerPlan('linux', false)).toEqual({ kind: 'mimeapps-remove' });
    const before = [
      '[Default Applications]',
      'x-scheme-handler/tel=hoiio-click-to-call.desktop;',
      'x-scheme-handler/callto=other.desktop;hoiio-click-to-call.desktop;',
      'text/html=firefox.desktop',
      '',
      '[Added Associations]',
      'x-scheme-handler/tel=hoiio-click-to-call.desktop;',
    ].join('\n');
    expect(withoutDefaultHandler(before)).toBe(
      [
        '[Default Applications]',
        'x-scheme-handler/callto=other.desktop;',
        'text/html=firefox.desktop',
        '',
        '[Added Associations]',
        'x-scheme-handler/tel=hoiio-click-to-call.desktop;',
      ].join('\n'),
    );
  });
});

describe('desktop settings', () => {
  it('default to the platform convention, nothing at login, no shortcut', () => {
    expect(defaultSettings().desktop).toEqual({
      closeToTray: null,
      startMinimized: false,
      startAtLogin: false,
      globalShortcut: { enabled: false, accelerator: 'CommandOrControl+Shift+D' },
      windowState: null,
    });
  });

  it('merge field by field, and a bad stored value falls back to its default', () => {
    const next = applySettingsPatch(defaultSettings(), { desktop: { globalShortcut: { enabled: true } } });
    expect(next.desktop.globalShortcut).toEqual({ enabled: true, accelerator: 'CommandOrControl+Shift+D' });
    const parsed = SettingsSchema.parse({
      desktop: { startAtLogin: 'yes', globalShortcut: { enabled: true, accelerator: 'Q' } },
    });
    expect(parsed.desktop).toMatchObject({
      startAtLogin: false,
      globalShortcut: { enabled: true, accelerator: 'CommandOrControl+Shift+D' },
    });
    expect(SettingsPatchSchema.safeParse({ desktop: { globalShortcut: { accelerator: 'A' } } }).success).toBe(false);
  });

  it.each([
    ['CommandOrControl+Shift+D', true],
    ['Alt+F12', true],
    ['Ctrl+Alt+Space', true],
    ['D', false],
    ['Shift+Shift+D', false],
    ['Ctrl+', false],
    ['Hyper+D', false],
    ['Ctrl+Shift+Alt+Super+Meta+Command+CmdOrCtrl+AltGr+Option+Control+D+E', false],
  ])('accelerator %s valid: %s', (accelerator, valid) => {
    expect(isGlobalAccelerator(accelerator)).toBe(valid);
  });

  it('are read before the core starts, defaults for a missing or damaged file', () => {
    expect(desktopPreferencesFromFile(null)).toEqual(defaultSettings().desktop);
    expect(desktopPreferencesFromFile('{not json')).toEqual(defaultSettings().desktop);
    expect(desktopPreferencesFromFile('{"desktop":{"startMinimized":true}}').startMinimized).toBe(true);
  });
});

describe('quit deadline', () => {
  it('says done when the work settles first, timed-out when it hangs', async () => {
    expect(await settleWithin(Promise.resolve(), 1000)).toBe('done');
    expect(await settleWithin(Promise.reject(new Error('x')), 1000)).toBe('done');
    expect(await settleWithin(new Promise(() => undefined), 20)).toBe('timed-out');
  });
});

describe('app menu', () => {
  const intl = createDesktopIntl('en');
  const roles = (template: ReturnType<typeof appMenuTemplate>) =>
    template.flatMap((menu) => (Array.isArray(menu.submenu) ? menu.submenu : [])).map((item) => item.role);

  it('production has no Reload or DevTools; development has them', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const production = roles(appMenuTemplate({ platform, isDevelopment: false, appName: 'Hoiio', intl }));
      expect(production).not.toContain('toggleDevTools');
      expect(production).not.toContain('reload');
      expect(production).toContain('quit');
      expect(production).toContain('paste');
      expect(roles(appMenuTemplate({ platform, isDevelopment: true, appName: 'Hoiio', intl }))).toContain(
        'toggleDevTools',
      );
    }
  });
});

describe('desktop words', () => {
  it('picks zh-CN for any Chinese and English otherwise', () => {
    expect(pickDesktopLocale(['zh-Hans-SG', 'en'])).toBe('zh-CN');
    expect(pickDesktopLocale(['zh_TW'])).toBe('zh-CN');
    expect(pickDesktopLocale(['fr-FR', 'en-GB'])).toBe('en');
    expect(pickDesktopLocale([])).toBe('en');
  });

  it('every desktop key exists in both locales, and every key the shell uses is in the catalogue', () => {
    const en = desktopMessages('en');
    const zh = desktopMessages('zh-CN');
    const desktopKeys = (messages: Record<string, string>) =>
      Object.keys(messages)
        .filter((key) => key.startsWith('desktop.'))
        .sort();
    expect(desktopKeys(zh)).toEqual(desktopKeys(en));
    const mainDir = path.resolve(import.meta.dirname, '../../src/main');
    const used = readdirSync(mainDir)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) =>
        [...readFileSync(path.join(mainDir, name), 'utf8').matchAll(/'(desktop\.[a-zA-Z.]+)'/g)].map((m) => m[1]!),
      );
    expect(used.length).toBeGreaterThan(10);
    for (const key of used) expect(en, key).toHaveProperty([key]);
  });
});
