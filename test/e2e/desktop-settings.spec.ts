import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { openApp } from './open-app.ts';

// Issue 14. The desktop options themselves show only in the Electron app (test/electron); the browser host has none.
let host: RunningHost | undefined;
test.afterAll(async () => {
  await host?.stop();
});

test('Settings says plainly where live call details travel, and that the tunnel server can be your own', async ({
  page,
}) => {
  host = await startHost();
  await openApp(page, host);
  await page.getByRole('link', { name: 'Settings' }).click();
  const privacy = page.getByRole('region', { name: 'Privacy' });
  await expect(privacy).toContainText('the phone numbers, its status and its cost');
  await expect(privacy).toContainText('That server can be your own');
  // The browser host is not the desktop app: no tray or login options to offer.
  await expect(page.getByRole('region', { name: 'Desktop app' })).toHaveCount(0);
});

test('a clicked call notification (push event callOpenRequested) opens the Call log at that call', async ({ page }) => {
  host ??= await startHost();
  // The desktop shell sends this event when a notification is clicked; the browser host never does, so the
  // test speaks for the shell: the page's socket is proxied to the real host and one frame is added.
  let toPage: ((frame: string) => void) | undefined;
  await page.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    toPage = (frame) => ws.send(frame);
    void server;
  });
  await openApp(page, host);
  await page.getByLabel('Number to call').fill('+65 8123 0001');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  const card = page.getByTestId('call-card').first();
  await expect(card).toHaveAttribute('data-state', /ended|failed/, { timeout: 15_000 });
  await page.getByRole('link', { name: 'Call log' }).click();
  const row = page.getByTestId('call-log-row').first();
  const callId = await row.getAttribute('data-call-id');
  expect(callId).toBeTruthy();
  await page.getByRole('link', { name: 'Dialer' }).click();
  toPage?.(JSON.stringify({ event: 'callOpenRequested', payload: { callId } }));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Call log');
  // The call's details open (a modal drawer, which takes focus).
  const details = page.getByTestId('call-details');
  await expect(details).toHaveAttribute('data-call-id', callId!);
  await expect(details.getByRole('heading', { level: 2 })).toContainText('+65 8123 0001');
  await expect
    .poll(() => page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="call-details"]'))))
    .toBe(true);
});

test('Settings tells the honest tel: link state in the browser host: not available there', async ({ page }) => {
  host ??= await startHost();
  await openApp(page, host);
  await page.getByRole('link', { name: 'Settings' }).click();
  const state = page.getByTestId('link-handler-state');
  await expect(state).toHaveAttribute('data-state', 'unavailable');
  await expect(state).toHaveText(
    'Not available in the browser host: your browser and system decide which app opens tel: links.',
  );
  // The checkbox is described by it, so a screen reader hears the state with the setting.
  const checkbox = page.getByLabel('Open tel: links');
  const describedBy = await checkbox.getAttribute('aria-describedby');
  expect(describedBy?.split(' ')).toContain(await state.getAttribute('id'));
  // Not available here, so it cannot be ticked: disabled, and a Save keeps the stored value.
  await expect(checkbox).toBeDisabled();
  const stored = async () =>
    page.evaluate(async () => {
      const result = await window.hoiio!.settings.get();
      return result.ok ? result.value.telLinks : 'error';
    });
  const before = await stored();
  await checkbox.check({ force: true }).catch(() => undefined);
  await expect(checkbox).toBeChecked({ checked: before === true });
  await page.getByRole('region', { name: 'Calling' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  expect(await stored()).toBe(before);
});

test.describe('"Restart to update": the updater’s state reaches the page as a validated push event', () => {
  let controlled: RunningHost | undefined;
  test.afterAll(async () => {
    await controlled?.stop();
  });

  test('a downloaded update shows the banner; Later hides it; Restart reaches the shell', async ({ page }) => {
    // --test-control: the host's stdin reports shell state exactly as the Electron shell reports it (core.desktop.report).
    controlled = await startHost({ testControl: true });
    await openApp(page, controlled);
    const banner = page.getByTestId('update-banner');
    await expect(banner).toHaveCount(0);

    // Outside the contract (not a version): refused by the core, nothing reaches the page.
    controlled.control({ desktopState: { update: { kind: 'ready', version: 'tomorrow' } } });
    controlled.control({ desktopState: { update: { kind: 'downloading', version: '0.2.0', percent: 40 } } });
    controlled.control({ desktopState: { update: { kind: 'ready', version: '0.2.0' } } });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('Version 0.2.0 of Hoiio Click-to-Call is downloaded and ready to install.');
    await page.getByRole('button', { name: 'Later' }).click();
    await expect(banner).toHaveCount(0);

    // A newer download offers again; this time restart.
    controlled.control({ desktopState: { update: { kind: 'ready', version: '0.3.0' } } });
    await expect(banner).toContainText('Version 0.3.0');
    await page.getByRole('button', { name: 'Restart to update' }).click();
    await expect.poll(() => controlled!.printed).toContainEqual({ testControl: 'restartToUpdate' });
  });

  test('the banner speaks the user’s language (zh-CN)', async ({ page }) => {
    controlled ??= await startHost({ testControl: true });
    await openApp(page, controlled);
    await page.evaluate(() => window.hoiio!.settings.update({ language: 'zh-CN' }));
    await page.reload();
    await page.waitForFunction(() => window.hoiio !== undefined);
    controlled.control({ desktopState: { update: { kind: 'ready', version: '0.4.0' } } });
    await expect(page.getByTestId('update-banner')).toContainText('0.4.0 版本已下载');
    await expect(page.getByRole('button', { name: '重新启动以更新' })).toBeVisible();
  });
});
