/**
 * The Electron shell's wiring, asserted on its BUILT entry (out/main/index.js) started under Node
 * with `electron` resolved to a recording stand-in (Electron itself cannot run here). The core,
 * the sandbox over HTTP, SQLite and the settings file behind it are real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allChannels } from '../../src/shared/contract.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/security-policy.ts';
import { createDesktopIntl } from '../../src/main/desktop-i18n.ts';
import { trayMenuModel } from '../../src/main/tray-menu.ts';
import { builtEntryExists, startShell, type ShellHarness } from './shell-harness.ts';

const APP_PAGE = 'app://renderer/index.html';

interface Snapshot {
  privilegedSchemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  protocolHandlers: string[];
  windows: Array<{
    options: Record<string, unknown> & { webPreferences: Record<string, unknown> };
    loadedUrl: string | null;
    shown: boolean;
    destroyed: boolean;
    sent: Array<{ channel: string; payload: unknown }>;
    windowEvents: string[];
    contentsEvents: string[];
    hasWindowOpenHandler: boolean;
  }>;
  ipcHandlers: string[];
  appMenu: Array<{ label?: string; submenu?: Array<{ role?: string }> }>;
  tray: {
    icon: string;
    toolTip: string;
    menu: Array<{ id?: string; label?: string; enabled?: boolean; type?: string }>;
    menuBuilds: number;
  } | null;
  notifications: Array<{ title: string; body: string }>;
  shortcuts: string[];
  shortcutsUnregistered: string[];
  protocolClients: Array<{ call: string; scheme: string }>;
  permissionHandlers: { request: boolean; check: boolean };
  netFetches: string[];
  openedExternally: string[];
  appEvents: string[];
}

beforeAll(() => {
  if (!builtEntryExists()) throw new Error('out/main/index.js is missing: run `npm run build` first (npm test does).');
});

async function started(env: Record<string, string> = {}, argv: string[] = []): Promise<ShellHarness> {
  const shell = startShell(env, argv);
  await shell.waitFor(async () => ((await shell.send<Snapshot>('snapshot')).tray?.menu ? true : null), 25_000);
  return shell;
}

const snapshot = (shell: ShellHarness) => shell.send<Snapshot>('snapshot');
const invoke = <T = { ok: boolean; value?: unknown; error?: { code: string } }>(
  shell: ShellHarness,
  channel: string,
  input?: unknown,
  frameUrl = APP_PAGE,
  isMainFrame = true,
) => shell.send<T>('invoke', { channel, input, frameUrl, isMainFrame });

async function sentEvents(shell: ShellHarness, channel: string): Promise<unknown[]> {
  return (await snapshot(shell)).windows[0]!.sent.filter((message) => message.channel === channel).map(
    (m) => m.payload,
  );
}

async function placeAndWaitForEnd(shell: ShellHarness): Promise<string> {
  // dest1 …0001 is busy in the sandbox: the call ends about a second later.
  const placed = await invoke<{ ok: boolean; value: { id: string } }>(shell, 'calls:place', {
    dest2: '+6581110005',
    dest1: '+6581110001',
  });
  expect(placed.ok).toBe(true);
  await shell.waitFor(async () => {
    const call = await invoke<{ ok: boolean; value: { state: string } }>(shell, 'calls:get', { id: placed.value.id });
    return call.value.state === 'ended' ? true : null;
  });
  return placed.value.id;
}

describe('the shell started in development (unpackaged)', () => {
  let shell: ShellHarness;
  beforeAll(async () => {
    shell = await started();
  }, 40_000);
  afterAll(async () => {
    await shell?.stop();
  });

  it('opens one hardened window from app://, shown at once, whose options are exactly the hardened ones', async () => {
    const { windows } = await snapshot(shell);
    expect(windows).toHaveLength(1);
    const [window] = windows;
    expect(window!.loadedUrl).toBe(APP_PAGE);
    expect(window!.shown).toBe(true);
    expect(window!.options).toMatchObject({ width: 1100, height: 720, minWidth: 720, minHeight: 480, show: false });
    expect(window!.options.webPreferences).toEqual({
      preload: expect.stringMatching(/out[/\\]preload[/\\]index\.cjs$/),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableBlinkFeatures: '',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: true,
    });
    expect(window!.contentsEvents).toEqual(
      expect.arrayContaining(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']),
    );
    expect(window!.hasWindowOpenHandler).toBe(true);
  });

  it('registers app:// as a privileged standard scheme and serves the renderer with the CSP header', async () => {
    const { privilegedSchemes, protocolHandlers } = await snapshot(shell);
    expect(privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(protocolHandlers).toEqual(['app']);
    const page = await shell.send<{ status: number; headers: Record<string, string>; body: string }>('fetchApp', {
      url: APP_PAGE,
    });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.body.startsWith('<!doctype html>')).toBe(true);
    for (const url of [
      'app://renderer/../package.json',
      'app://renderer/%2e%2e/package.json',
      'app://renderer/..%5cpackage.json',
      'app://renderer/a%00.js',
      'app://other/index.html',
    ]) {
      // URL parsing may already have resolved `..` (as Chromium does for a standard scheme): never a file outside.
      const refused = await shell.send<{ status: number; body: string }>('fetchApp', { url });
      expect([400, 403, 404], url).toContain(refused.status);
      expect(refused.body).not.toContain('hoiio-click-to-call');
    }
  });

  it('registers exactly one IPC handler per contract channel, answering only the app page’s main frame', async () => {
    const { ipcHandlers } = await snapshot(shell);
    expect([...ipcHandlers].sort()).toEqual([...allChannels].sort());
    expect(await invoke(shell, 'app:getInfo')).toMatchObject({
      ok: true,
      value: { shell: 'electron', mode: 'sandbox' },
    });
    for (const [frameUrl, isMainFrame] of [
      ['file:///tmp/odd~dir/out/renderer/index.html', true],
      ['https://example.com/', true],
      [APP_PAGE, false],
    ] as const) {
      expect(await invoke(shell, 'app:getInfo', undefined, frameUrl, isMainFrame)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
  });

  it('denies navigation away from the app and new windows; allowlisted https links go to the browser', async () => {
    expect(await shell.send('navigate', { url: 'https://example.com/' })).toEqual({ prevented: true });
    expect(await shell.send('navigate', { url: 'file:///etc/passwd', kind: 'will-redirect' })).toEqual({
      prevented: true,
    });
    expect(await shell.send('navigate', { url: 'app://renderer/index.html#/log' })).toEqual({ prevented: false });
    expect(await shell.send('windowOpen', { url: 'https://developer.hoiio.com/docs' })).toEqual({ action: 'deny' });
    expect(await shell.send('windowOpen', { url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect((await snapshot(shell)).openedExternally).toEqual(['https://developer.hoiio.com/docs']);
  });

  it('refuses every permission except clipboard writing from the app page', async () => {
    expect((await snapshot(shell)).permissionHandlers).toEqual({ request: true, check: true });
    expect(await shell.send('permission', { permission: 'media', url: APP_PAGE })).toEqual({
      requested: false,
      checked: false,
    });
    expect(await shell.send('permission', { permission: 'notifications', url: APP_PAGE })).toEqual({
      requested: false,
      checked: false,
    });
    expect(await shell.send('permission', { permission: 'clipboard-sanitized-write', url: APP_PAGE })).toEqual({
      requested: true,
      checked: true,
    });
    expect(
      await shell.send('permission', { permission: 'clipboard-sanitized-write', url: 'https://example.com/' }),
    ).toEqual({ requested: false, checked: false });
  });

  it('development builds get View → Reload and DevTools in its own app menu', async () => {
    const { appMenu } = await snapshot(shell);
    const roles = appMenu.flatMap((menu) => menu.submenu ?? []).map((item) => item.role);
    expect(roles).toEqual(expect.arrayContaining(['reload', 'toggleDevTools', 'quit', 'copy', 'paste']));
  });

  it('builds the tray menu from the model; the clipboard entry offers a number in the banner, never calling', async () => {
    const intl = createDesktopIntl('en');
    const { tray } = await snapshot(shell);
    expect(tray!.toolTip).toBe('Hoiio Click-to-Call');
    expect(tray!.icon).toMatch(/resources[/\\]tray\.png$/);
    const expected = trayMenuModel(
      {
        clipboard: { ok: false, reasonId: 'desktop.clipboard.empty' },
        recentCalls: [],
        mode: 'sandbox',
        updateReady: null,
      },
      intl,
    ).map((entry) =>
      entry.type === 'separator' ? { type: 'separator' } : { id: entry.id, label: entry.label, enabled: entry.enabled },
    );
    expect(tray!.menu).toEqual(expected);

    await shell.send('setClipboard', { text: '+1 415-555-0100' });
    await shell.send('focusWindow', { focused: true }); // a focus refreshes the tray
    await shell.waitFor(
      async () => (await snapshot(shell)).tray!.menu.find((item) => item.id === 'call-clipboard')?.enabled,
    );
    expect(await shell.send('clickTray', { id: 'call-clipboard' })).toEqual({ clicked: 'call-clipboard' });
    expect(await sentEvents(shell, 'event:dialRequested')).toContainEqual({
      number: '+14155550100',
      extension: null,
      source: 'tel-link',
      assumedCountry: null,
    });
    expect(await invoke(shell, 'telLinks:takePending')).toMatchObject({
      ok: true,
      value: { event: 'dialRequested', payload: { number: '+14155550100' } },
    });
    const calls = await invoke<{ ok: boolean; value: { total: number } }>(shell, 'callLog:query', {});
    expect(calls.value.total).toBe(0);
  });

  it('second-instance and open-url links (tel: and callto:) reach the banner; bad ones with their reason', async () => {
    await shell.send('appEmit', { event: 'second-instance', args: [['/opt/hoiio', '--flag', 'tel:+6581234567'], '/'] });
    expect(await sentEvents(shell, 'event:dialRequested')).toContainEqual({
      number: '+6581234567',
      extension: null,
      source: 'tel-link',
      assumedCountry: null,
    });
    expect(await shell.send('appEmit', { event: 'open-url', args: ['callto://+14155550123'] })).toEqual({
      prevented: true,
    });
    expect(await sentEvents(shell, 'event:dialRequested')).toContainEqual({
      number: '+14155550123',
      extension: null,
      source: 'tel-link',
      assumedCountry: null,
    });
    await shell.send('appEmit', { event: 'open-url', args: ['callto:alice.smith'] });
    const rejected = (await sentEvents(shell, 'event:telLinkRejected')) as Array<{ uri: string; reason: string }>;
    expect(rejected.at(-1)).toMatchObject({ uri: 'callto:alice.smith', reason: expect.stringMatching(/user/i) });
    await shell.send('appEmit', {
      event: 'second-instance',
      args: [['/opt/hoiio', `tel:+1${'5'.repeat(10_240)}`], '/'],
    });
    const tooLong = (await sentEvents(shell, 'event:telLinkRejected')) as Array<{ uri: string; reason: string }>;
    expect(tooLong.at(-1)!.reason).toMatch(/too long/);
    expect(tooLong.at(-1)!.uri.length).toBeLessThanOrEqual(200);
  });

  it('registers the global shortcut only when enabled; pressing it offers the selected number', async () => {
    expect((await snapshot(shell)).shortcuts).toEqual([]);
    const updated = await invoke(shell, 'settings:update', { desktop: { globalShortcut: { enabled: true } } });
    expect(updated.ok).toBe(true);
    expect((await snapshot(shell)).shortcuts).toEqual(['CommandOrControl+Shift+D']);
    await shell.send('setClipboard', { text: 'no number here', selection: '(415) 555-0199' });
    await invoke(shell, 'settings:update', { defaultCountry: 'US' });
    expect(await shell.send('pressShortcut', { accelerator: 'CommandOrControl+Shift+D' })).toEqual({ pressed: true });
    await shell.waitFor(async () =>
      (await sentEvents(shell, 'event:dialRequested')).some(
        (event) => (event as { number: string }).number === '+14155550199',
      ),
    );
    await invoke(shell, 'settings:update', { desktop: { globalShortcut: { enabled: false } } });
    expect((await snapshot(shell)).shortcutsUnregistered).toEqual(['CommandOrControl+Shift+D']);
  });

  it('notifies a finished call only while the window is unfocused and the setting is on; a click opens it', async () => {
    await shell.send('focusWindow', { focused: true });
    await placeAndWaitForEnd(shell);
    expect((await snapshot(shell)).notifications).toEqual([]);

    await shell.send('focusWindow', { focused: false });
    const callId = await placeAndWaitForEnd(shell);
    const [shown] = await shell.waitFor(async () => {
      const { notifications } = await snapshot(shell);
      return notifications.length > 0 ? notifications : null;
    });
    expect(shown).toEqual({ title: 'Call with +65 8111 0005 ended', body: expect.stringContaining('Busy') });
    await shell.send('clickNotification', { index: 0 });
    expect(await sentEvents(shell, 'event:callOpenRequested')).toEqual([{ callId }]);

    await invoke(shell, 'settings:update', { notifications: { callEnded: false } });
    await shell.send('focusWindow', { focused: false });
    await placeAndWaitForEnd(shell);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await snapshot(shell)).notifications).toHaveLength(1);
  });

  it('sends the core’s Hoiio requests through Electron’s net.fetch (system proxy, OS certificates)', async () => {
    const { netFetches } = await snapshot(shell);
    expect(netFetches.some((url) => /^http:\/\/127\.0\.0\.1:\d+\/open\/voice\/call$/.test(url))).toBe(true);
  });

  it('the tray lists recent calls, once per number, and "call again" only offers the number', async () => {
    const { tray } = await snapshot(shell);
    const recent = tray!.menu.filter((item) => item.id?.startsWith('recent-') && item.id !== 'recent-heading');
    expect(recent.map((item) => item.label)).toEqual(['Call +65 8111 0005 again']);
  });

  it('follows the tel: link setting for both schemes (Linux: xdg-mime; nothing at start while off)', async () => {
    expect((await snapshot(shell)).protocolClients).toEqual([]);
  });

  it('reports the OS’s real tel:/callto: handler (isDefaultProtocolClient), not the setting, to Settings', async () => {
    expect(await invoke(shell, 'desktop:getState')).toMatchObject({
      ok: true,
      value: { linkHandler: { state: 'off', schemes: [] }, update: { kind: 'idle' } },
    });
    // On Linux the setting runs xdg-mime (absent here, so nothing changes): the OS still sends both elsewhere.
    await invoke(shell, 'settings:update', { telLinks: true });
    const otherApp = { state: 'other-app', schemes: ['tel', 'callto'] };
    await shell.waitFor(async () => {
      const answer = await invoke<{ value: { linkHandler: unknown } }>(shell, 'desktop:getState');
      return JSON.stringify(answer.value.linkHandler) === JSON.stringify(otherApp) ? true : null;
    });
    expect(await sentEvents(shell, 'event:desktopStateChanged')).toContainEqual(
      expect.objectContaining({ linkHandler: otherApp }),
    );
    await invoke(shell, 'settings:update', { telLinks: false });
  });

  it('"Restart to update" with nothing downloaded is refused in plain words (an unpackaged app never updates)', async () => {
    expect(await invoke(shell, 'desktop:restartToUpdate')).toMatchObject({
      ok: false,
      error: { code: 'unsupported', key: 'desktop.noUpdate' },
    });
  });

  it('on Linux, closing the window quits by default (no tray icons on stock GNOME), within the quit deadline', async () => {
    const started = Date.now();
    expect(await shell.send('closeWindow')).toEqual({ prevented: false });
    expect(await shell.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('the shell started packaged, with options', () => {
  it('ships no Reload or DevTools, and DevTools cannot open, in production', async () => {
    const shell = await started({ RECORDER_PACKAGED: '1' });
    try {
      const { appMenu, windows } = await snapshot(shell);
      const roles = appMenu.flatMap((menu) => menu.submenu ?? []).map((item) => item.role);
      expect(roles).not.toContain('toggleDevTools');
      expect(roles).not.toContain('reload');
      expect(roles).not.toContain('forceReload');
      expect(windows[0]!.options.webPreferences.devTools).toBe(false);
    } finally {
      await shell.stop();
    }
  }, 40_000);

  it('a link in the first launch’s arguments reaches the banner once the core is up', async () => {
    const shell = await started({}, ['tel:+14155550100']);
    try {
      expect(await invoke(shell, 'telLinks:takePending')).toMatchObject({
        ok: true,
        value: { event: 'dialRequested', payload: { number: '+14155550100' } },
      });
    } finally {
      await shell.stop();
    }
  }, 40_000);

  it('reports a global shortcut another app holds, and keeps close-to-tray when turned on', async () => {
    const shell = await started({ RECORDER_SHORTCUT_CONFLICTS: 'Alt+Shift+K' });
    try {
      await invoke(shell, 'settings:update', {
        desktop: { globalShortcut: { enabled: true, accelerator: 'Alt+Shift+K' }, closeToTray: true },
      });
      expect((await snapshot(shell)).notifications).toContainEqual({
        title: 'Shortcut not available',
        body: 'Alt+Shift+K is already used by another app. Choose another shortcut in Settings.',
      });
      // Settings shows it beside the field: the core's desktop state, pushed to the window too.
      const conflict = { state: 'conflict', accelerator: 'Alt+Shift+K' };
      expect(await invoke(shell, 'desktop:getState')).toMatchObject({ ok: true, value: { shortcut: conflict } });
      expect(await sentEvents(shell, 'event:desktopStateChanged')).toContainEqual(
        expect.objectContaining({ shortcut: conflict }),
      );
      await invoke(shell, 'settings:update', { desktop: { globalShortcut: { accelerator: 'Alt+Shift+L' } } });
      expect(await invoke(shell, 'desktop:getState')).toMatchObject({
        value: { shortcut: { state: 'registered', accelerator: 'Alt+Shift+L' } },
      });
      expect(await shell.send('closeWindow')).toEqual({ prevented: true });
      expect((await snapshot(shell)).windows[0]!.shown).toBe(false);
    } finally {
      await shell.stop();
    }
  }, 40_000);

  it('a second instance hands over and quits at once', async () => {
    const shell = startShell({ RECORDER_SECOND_INSTANCE: '1' });
    try {
      expect(await shell.exited).toBe(0);
    } finally {
      await shell.stop();
    }
  });
});
