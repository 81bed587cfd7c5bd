import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installedElectronBinary } from '../../scripts/electron-binary.ts';

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
    await page.getByRole('button', { name: 'About' }).click();
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
    await page.getByRole('button', { name: 'Settings' }).click();
    const section = page.getByRole('region', { name: 'Desktop app' });
    await section.getByLabel('Start the app when I log in').check();
    await section.getByRole('button', { name: 'Save' }).click();
    await expect(section.getByText('Desktop settings saved.')).toBeVisible();
    const settings = await page.evaluate(() => window.hoiio!.settings.get());
    expect(settings.ok && settings.value.desktop.startAtLogin).toBe(true);
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
    await page.getByRole('button', { name: 'Contacts' }).click();
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
