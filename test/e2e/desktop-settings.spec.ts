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
