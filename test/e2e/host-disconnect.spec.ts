/**
 * The page notices when the browser host dies (SIGKILL: no goodbye on the socket), says so in the
 * banner and the status bar, stops the live call's clock, and reconnects by itself once the host is
 * started again on the same port with the same token (HOIIO_HOST_TOKEN) and data folder, then shows data.
 */
import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { expectNoSeriousViolations } from './a11y.ts';
import { openApp } from './open-app.ts';

test('a killed host is reported at once, and the page reconnects when it is back on the same port', async ({
  page,
}) => {
  // Two host starts on a loaded 2-core machine.
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-disconnect-'));
  const env = { HOIIO_HOST_TOKEN: randomBytes(24).toString('base64url') };
  let second: RunningHost | undefined;
  const first = await startHost({ dataDir, env });
  try {
    await openApp(page, first);
    await expect(page.getByTestId('status-live-updates')).toHaveText('Live updates: on');

    // A sandbox call at real speed stays live long enough to watch its clock.
    const input = page.getByLabel('Number to call');
    await input.fill('+1 415 555 0100');
    await input.press('Enter');
    const card = page.getByTestId('call-card').first();
    await expect(card).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    await expect(card.getByRole('timer')).toBeVisible();

    first.process.kill('SIGKILL');
    await new Promise((resolve) => first.process.once('exit', resolve));

    const banner = page.getByTestId('connection-banner');
    await expect(banner).toBeVisible({ timeout: 5_000 });
    await expect(banner).toHaveAttribute('data-status', 'reconnecting');
    await expect(banner).toContainText('The connection to the app is lost. Trying to reconnect');
    await expect(page.getByTestId('status-connection')).toContainText('Not connected to the app');
    // "Live updates: on" would be a claim nobody can make now.
    await expect(page.getByTestId('status-live-updates')).toHaveCount(0);
    // The call's clock stops and its state is said to be unknown.
    await expect(card.getByRole('timer')).toHaveCount(0);
    await expect(card.getByTestId('call-state-unknown')).toContainText('State unknown');
    await expectNoSeriousViolations(page, 'host disconnected');

    const port = new URL(first.origin).port;
    second = await startHost({ dataDir, env, args: ['--port', port] });
    expect(second.origin).toBe(first.origin);

    // Back by itself, no reload: the banner goes, live updates are reported again, the data is read again.
    await expect(banner).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId('status-connection')).toHaveCount(0);
    await expect(page.getByTestId('status-live-updates')).toHaveText('Live updates: on', { timeout: 10_000 });
    // The call the killed host left unfinished is no longer "live": the restart's recovery settled it.
    await expect(page.locator('[data-testid="call-card"][data-state="live"]')).toHaveCount(0, { timeout: 15_000 });
    await page.keyboard.press('Control+3');
    await expect(page.getByTestId('call-log-row')).toHaveCount(1, { timeout: 10_000 });
    // Requests work again over the new socket.
    const info = (await page.evaluate(() => window.hoiio!.app.getInfo())) as { ok: boolean };
    expect(info.ok).toBe(true);
  } finally {
    if (first.process.exitCode === null && first.process.signalCode === null) first.process.kill('SIGKILL');
    await second?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
