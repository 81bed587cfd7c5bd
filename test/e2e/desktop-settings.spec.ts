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
    .poll(() => page.evaluate(() => document.activeElement?.closest('[data-testid="call-details"]') != null))
    .toBe(true);
});
