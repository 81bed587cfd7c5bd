import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { openApp } from './open-app.ts';

// The browser host's --open-tel-link does what the OS does for the desktop app: hand the core a link.
const hosts: RunningHost[] = [];
async function hostWithLink(uri: string): Promise<RunningHost> {
  const host = await startHost({ args: ['--sandbox-time-scale', '0.05', '--open-tel-link', uri] });
  hosts.push(host);
  return host;
}
test.afterAll(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
});

test('a tel: link fills the Dialer and waits for the user to press Call', async ({ page }) => {
  await openApp(page, await hostWithLink('TEL:+1-415-555-0100;ext=7;isub=1'));
  const input = page.getByLabel('Number to call');
  await expect(input).toHaveValue('+14155550100');
  await expect(input).toBeFocused();
  // Nothing is dialled on its own, not even after a while.
  await page.waitForTimeout(1_000);
  await expect(page.getByTestId('call-card')).toHaveCount(0);
  const log = await page.evaluate(() => window.hoiio!.callLog.query({}));
  expect(log.ok && log.value.total).toBe(0);

  await page.getByRole('button', { name: 'Call', exact: true }).click();
  const card = page.getByTestId('call-card').first();
  await expect(card).toHaveAttribute('data-state', /placing|live|ended/);
  await expect(input).toHaveValue('');

  // Taken once: a reload does not fill the Dialer again.
  await openApp(page, hosts.at(-1)!);
  await expect(page.getByLabel('Number to call')).toHaveValue('');
});

test('a bad tel: link is explained in the Dialer and dials nothing', async ({ page }) => {
  await openApp(page, await hostWithLink('tel://+14155550100'));
  await expect(page.getByTestId('dialer-error')).toContainText('tel://');
  await expect(page.getByLabel('Number to call')).toHaveValue('');
  await expect(page.getByTestId('call-card')).toHaveCount(0);
});

test('a local number without a country is refused with the reason', async ({ page }) => {
  await openApp(page, await hostWithLink('tel:555-0100'));
  await expect(page.getByTestId('dialer-error')).toContainText('without a country code');
});

test('Settings: "Open tel: links with this app" is off by default and saved', async ({ page }) => {
  const host = await startHost();
  hosts.push(host);
  await openApp(page, host);
  await page.getByRole('button', { name: 'Settings' }).click();
  const checkbox = page.getByLabel('Open tel: links with this app');
  await expect(checkbox).not.toBeChecked();
  await checkbox.check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  const settings = await page.evaluate(() => window.hoiio!.settings.get());
  expect(settings.ok && settings.value.telLinks).toBe(true);
});
