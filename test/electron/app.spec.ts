import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installedElectronBinary } from '../../scripts/electron-binary.ts';

/** What the specs below keep in the main process's globals to reach the tray and notifications. */
interface TrayRecordGlobal {
  hoiioTray?: { tray: Electron.Tray; menu: Electron.Menu | null };
}
interface NotificationRecordGlobal {
  hoiioNotifications?: Electron.Notification[];
}

/**
 * Electron has no API that lists tray icons: record the app's tray (and its latest menu) as the
 * shell rebuilds the menu (Tray.prototype.setContextMenu), then ask the shell to rebuild it.
 */
async function recordTray(app: ElectronApplication): Promise<void> {
  await app.evaluate(({ Tray, BrowserWindow }) => {
    const record = globalThis as TrayRecordGlobal;
    const setContextMenu = Tray.prototype.setContextMenu;
    Tray.prototype.setContextMenu = function (this: Electron.Tray, menu: Electron.Menu | null) {
      record.hoiioTray = { tray: this, menu };
      return setContextMenu.call(this, menu);
    };
    // The shell refreshes the tray when its window gets focus.
    BrowserWindow.getAllWindows()[0]!.emit('focus');
  });
  await expect.poll(() => app.evaluate(() => Boolean((globalThis as TrayRecordGlobal).hoiioTray))).toBe(true);
}

/** The recorded tray menu's items, as the user sees them. */
function trayItems(app: ElectronApplication): Promise<Array<{ id: string; label: string; enabled: boolean }>> {
  return app.evaluate(() =>
    ((globalThis as TrayRecordGlobal).hoiioTray?.menu?.items ?? []).map((item) => ({
      id: item.id,
      label: item.label,
      enabled: item.enabled,
    })),
  );
}

/**
 * Drives the real Electron app. These run wherever an Electron binary exists (developers'
 * machines, CI with internet); on the build machines none can be downloaded, so the
 * describe title says why they are skipped.
 */
const binary = installedElectronBinary();
const title = binary
  ? 'Electron app'
  : 'Electron app (skipped: no Electron binary on this machine; it cannot be downloaded here)';

test.describe(title, () => {
  test.skip(!binary, 'no runnable Electron binary on this machine');
  let app: ElectronApplication;

  test.beforeAll(async () => {
    const userData = mkdtempSync(path.join(os.tmpdir(), 'hoiio-electron-'));
    // The app folder (package.json "main"), not out/main/index.js: app.getVersion() is then the app's, not Electron's.
    app = await electron.launch({
      executablePath: binary,
      args: [path.resolve('.'), `--user-data-dir=${userData}`],
    });
  });
  test.afterAll(async () => {
    await app?.close();
  });

  test('opens one hardened window from app:// whose About panel shows the app version', async () => {
    const page = await app.firstWindow();
    expect(page.url()).toBe('app://renderer/index.html');
    await page.getByRole('link', { name: 'About' }).click();
    const version = await app.evaluate(({ app: electronApp }) => electronApp.getVersion());
    expect(version).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
    await expect(page.getByTestId('about-version')).toHaveText(version);
    // contextIsolation + sandbox + no nodeIntegration: the page sees neither Node nor Electron.
    const pageGlobals = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      hoiioFrozen: Object.isFrozen((globalThis as { hoiio?: object }).hoiio),
    }));
    expect(pageGlobals).toEqual({ require: 'undefined', process: 'undefined', hoiioFrozen: true });
  });

  test('navigation away from the app and window.open are denied', async () => {
    const page = await app.firstWindow();
    const before = page.url();
    await page.evaluate(() => {
      globalThis.open('https://example.com/');
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
  });

  test('the page is served by the app:// handler with the CSP as a response header', async () => {
    const page = await app.firstWindow();
    const csp = await page.evaluate(async () =>
      (await fetch('app://renderer/index.html')).headers.get('content-security-policy'),
    );
    expect(csp).toContain("frame-ancestors 'none'");
    const traversal = await page.evaluate(async () => (await fetch('app://renderer/%2e%2e/package.json')).status);
    expect(traversal).not.toBe(200);
  });

  test('a callto: link from the OS is offered in the banner, never called', async () => {
    const page = await app.firstWindow();
    await app.evaluate(({ app: electronApp }) => {
      electronApp.emit('open-url', { preventDefault: () => undefined }, 'callto://+14155550100');
    });
    await expect(page.getByText('+1 415 555 0100').first()).toBeVisible();
  });

  test('ships its own application menu: DevTools and Reload only when unpackaged', async () => {
    const { packaged, roles } = await app.evaluate(({ app: electronApp, Menu }) => ({
      packaged: electronApp.isPackaged,
      roles: (Menu.getApplicationMenu()?.items ?? []).flatMap(
        (item) => item.submenu?.items.map((entry) => entry.role) ?? [],
      ),
    }));
    expect(roles).toContain('paste');
    expect(roles.includes('toggleDevTools')).toBe(!packaged);
  });

  test('Settings → Desktop app saves close to tray, start at login and the shortcut', async () => {
    const page = await app.firstWindow();
    await page.getByRole('link', { name: 'Settings' }).click();
    const section = page.getByRole('region', { name: 'Desktop app' });
    await section.getByLabel('Start the app when I log in').check();
    await section.getByRole('button', { name: 'Save' }).click();
    await expect(section.getByText('Desktop settings saved.')).toBeVisible();
    const settings = await page.evaluate(() => window.hoiio!.settings.get());
    expect(settings.ok && settings.value.desktop.startAtLogin).toBe(true);
  });

  test('the tray: clicking the icon brings the hidden window back; its menu is built from the model', async () => {
    const page = await app.firstWindow();
    await recordTray(app);
    await app.evaluate(async ({ BrowserWindow, clipboard }) => {
      await clipboard.writeText('call me on +1 415 555 0100');
      BrowserWindow.getAllWindows()[0]!.hide();
      // The shell rebuilds the menu when the pointer reaches the icon (mouse-enter).
      (globalThis as TrayRecordGlobal).hoiioTray!.tray.emit('mouse-enter');
    });
    await expect
      .poll(() => trayItems(app))
      .toContainEqual(
        expect.objectContaining({
          id: 'call-clipboard',
          label: 'Call +1 415 555 0100 (from the clipboard)',
          enabled: true,
        }),
      );
    expect(await trayItems(app)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'open', label: 'Open Hoiio Click-to-Call', enabled: true }),
        expect.objectContaining({ id: 'mode', label: 'Sandbox mode: calls are simulated', enabled: false }),
        expect.objectContaining({ id: 'quit', label: 'Quit', enabled: true }),
      ]),
    );
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isVisible())).toBe(false);
    await app.evaluate(() => (globalThis as TrayRecordGlobal).hoiioTray!.tray.emit('click'));
    await expect
      .poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isVisible()))
      .toBe(true);
    expect(app.windows()).toHaveLength(1);

    // "Call the number on the clipboard" only offers it in the banner: no call is placed.
    const before = await page.evaluate(() => window.hoiio!.callLog.query({}));
    await app.evaluate(() => {
      (globalThis as TrayRecordGlobal).hoiioTray!.menu!.getMenuItemById('call-clipboard')!.click();
    });
    const banner = page.getByTestId('tel-link-banner');
    await expect(banner).toContainText('+1 415 555 0100');
    const after = await page.evaluate(() => window.hoiio!.callLog.query({}));
    expect(after.ok && before.ok && after.value.total).toBe(before.ok ? before.value.total : -1);
    await banner
      .getByRole('button', { name: 'Dismiss' })
      .click()
      .catch(() => undefined);
  });

  test('a call that ends while the window is hidden shows a notification; clicking it opens the call in the log', async () => {
    const supported = await app.evaluate(({ Notification }) => Notification.isSupported());
    test.skip(!supported, 'no notification server on this machine (Notification.isSupported() is false)');
    const page = await app.firstWindow();
    await app.evaluate(({ Notification }) => {
      const shown: Electron.Notification[] = [];
      (globalThis as NotificationRecordGlobal).hoiioNotifications = shown;
      const show = Notification.prototype.show;
      Notification.prototype.show = function (this: Electron.Notification) {
        shown.push(this);
        return show.call(this);
      };
    });
    await page.getByRole('link', { name: 'Dialer' }).click();
    // The sandbox's busy dest1 (…0001) ends the call about a second after it is placed.
    const placed = await page.evaluate(() => window.hoiio!.calls.place({ dest2: '+6581110005', dest1: '+6581110001' }));
    expect(placed.ok).toBe(true);
    const callId = placed.ok ? placed.value.id : '';
    // Only when the window is not focused (the in-app toast covers the focused case).
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.hide());
    await expect
      .poll(
        () => app.evaluate(() => (globalThis as NotificationRecordGlobal).hoiioNotifications!.map((n) => n.title)),
        {
          timeout: 20_000,
        },
      )
      .toContainEqual(expect.stringMatching(/^Call with \+65 8111 0005 ended$/));
    await app.evaluate(() => {
      const shown = (globalThis as NotificationRecordGlobal).hoiioNotifications!;
      shown.at(-1)!.emit('click');
    });
    await expect
      .poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isVisible()))
      .toBe(true);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Call log');
    await expect(page.locator(`[data-call-id="${callId}"]`)).toHaveAttribute('aria-current', 'true');
  });

  test('a shortcut another app holds is shown as the field’s error in Settings', async () => {
    const page = await app.firstWindow();
    // Something else takes the keys first (here, a registration the test makes in the main process).
    await app.evaluate(({ globalShortcut }) => globalShortcut.register('Alt+Shift+J', () => undefined));
    await page.getByRole('link', { name: 'Settings' }).click();
    const section = page.getByRole('region', { name: 'Desktop app' });
    await section.getByLabel('Offer the selected or copied number from any app').check();
    await section.getByLabel('Shortcut keys').fill('Alt+Shift+J');
    await section.getByRole('button', { name: 'Save' }).click();
    const field = section.getByLabel('Shortcut keys');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(section.getByTestId('field-error')).toHaveText(/^Alt\+Shift\+J is already used by another app/);
    await app.evaluate(({ globalShortcut }) => globalShortcut.unregister('Alt+Shift+J'));
    await field.fill('Alt+Shift+K');
    await section.getByRole('button', { name: 'Save' }).click();
    await expect(field).not.toHaveAttribute('aria-invalid', 'true');
    await expect(section.getByText('Alt+Shift+K works in every app.')).toBeVisible();
  });

  test('a malformed IPC payload is rejected with a clear error', async () => {
    const page = await app.firstWindow();
    const result = await page.evaluate(() =>
      (window.hoiio!.app.getInfo as (input: unknown) => Promise<unknown>)({ bogus: 1 }),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  test('import and export use the native file dialogs (stubbed here), and a save dialog stands for "replace"', async () => {
    const page = await app.firstWindow();
    const files = mkdtempSync(path.join(os.tmpdir(), 'hoiio-electron-files-'));
    const source = path.join(files, 'friends.vcf');
    writeFileSync(source, 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nTEL:+14155550100\r\nEND:VCARD\r\n');
    const target = path.join(files, 'existing.vcf');
    writeFileSync(target, 'old content\n');
    await app.evaluate(
      ({ dialog }, chosen) => {
        Object.assign(dialog, {
          showOpenDialog: async () => ({ canceled: false, filePaths: [chosen.source] }),
          showSaveDialog: async () => ({ canceled: false, filePath: chosen.target }),
        });
      },
      { source, target },
    );
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('button', { name: 'Import…' }).click();
    const importPanel = page.getByRole('region', { name: 'Import contacts' });
    await importPanel.getByRole('button', { name: 'Choose file…' }).click();
    await expect(importPanel.getByTestId('chosen-path')).toHaveText(source);
    await importPanel.getByRole('button', { name: 'Start import' }).click();
    await expect(importPanel.getByTestId('count-imported')).toHaveText('1', { timeout: 15_000 });
    await importPanel.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('button', { name: 'Export…' }).click();
    const exportPanel = page.getByRole('region', { name: 'Export contacts' });
    await exportPanel.getByRole('button', { name: 'Choose where to save…' }).click();
    await expect(exportPanel.getByTestId('chosen-path')).toHaveText(target);
    await exportPanel.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(exportPanel.getByTestId('export-result')).toHaveText(`Saved 1 contact to ${target}.`);
    expect(readFileSync(target, 'utf8')).toContain('Ada Lovelace');
  });
});
