import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { screenshot } from './a11y.ts';
import { openApp } from './open-app.ts';

// 0.05: a default answered sandbox call (4 s + 4 s ringing, 30 s talk) ends in about 2 s.
let host: RunningHost;
test.beforeAll(async () => {
  host = await startHost({ args: ['--sandbox-time-scale', '0.05'] });
});
test.afterAll(async () => {
  await host.stop();
});

test('a call placed from the dialer shows progress, then its outcome and cost', async ({ page }) => {
  await openApp(page, host);
  const input = page.getByLabel('Number to call');
  await input.fill('+1 415 555 0100');
  await expect(page.getByText(/USD\s0\.029 per minute/)).toBeVisible();
  await input.press('Enter');
  const card = page.getByTestId('call-card').first();
  await expect(card).toHaveAttribute('data-state', /placing|live/);
  await expect(input).toHaveValue('');
  await expect(card).toHaveAttribute('data-state', 'ended', { timeout: 15_000 });
  await expect(card.getByTestId('call-status')).toHaveText('Connected: 1 min, USD 0.029');
});

test('a double click on Call places one call: one request sent, one card, one row in the log', async ({ page }) => {
  const placeRequests: string[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string' && payload.includes('"calls:place"')) placeRequests.push(payload);
    }),
  );
  await openApp(page, host);
  const input = page.getByLabel('Number to call');
  await input.fill('+65 8123 0042');
  await page.getByRole('button', { name: 'Call', exact: true }).dblclick();
  await expect(input).toHaveValue('', { timeout: 15_000 });
  const cards = page.getByTestId('call-card').filter({ hasText: '8123 0042' });
  await expect(cards.first()).toHaveAttribute('data-state', 'ended', { timeout: 15_000 });
  await expect(cards).toHaveCount(1);
  expect(placeRequests).toHaveLength(1);

  await page.keyboard.press('Control+3');
  const rows = page.getByTestId('call-log-row').filter({ hasText: '8123 0042' });
  await expect(rows.first()).toBeVisible();
  await expect(rows).toHaveCount(1);
});

test('a busy callee and a refused call are explained in words', async ({ page }) => {
  await openApp(page, host);
  const input = page.getByLabel('Number to call');
  await input.fill('+65 8123 0001');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  const card = page.getByTestId('call-card').first();
  await expect(card.getByTestId('call-status')).toHaveText('Busy: the other side was busy', { timeout: 15_000 });

  // The sandbox's registered number is the default dest1: calling it is refused by Hoiio.
  await input.fill('+65 9123 4567');
  await input.press('Enter');
  await expect(page.getByTestId('dialer-error')).toHaveText('Your phone and the number to call are the same.');
  await expect(input).toHaveValue('+65 9123 4567');
});

test('text that is not a phone number is refused before anything is dialled', async ({ page }) => {
  await openApp(page, host);
  const input = page.getByLabel('Number to call');
  await input.fill('call mom');
  await input.press('Enter');
  await expect(page.getByTestId('dialer-error')).toBeVisible();
  await expect(page.getByTestId('call-card')).toHaveCount(0);
});

test('a pasted callto: or tel: link is read as the link handler reads it; a link it refuses says why', async ({
  page,
}) => {
  await openApp(page, host);
  const input = page.getByLabel('Number to call');
  // Each form a link opens the app with (--open-tel-link) also works pasted (callto: was "not a number").
  for (const link of [
    'callto://+14155550100',
    'callto:+1 415 555 0100',
    'tel:+14155550100',
    'CALLTO://+14155550100/',
  ]) {
    await input.fill('');
    await input.focus();
    await page.keyboard.insertText(link);
    await expect(page.getByTestId('dialer-interpreted')).toContainText('+1 415 555 0100');
    await expect(page.getByText(/USD\s0\.029 per minute/)).toBeVisible();
  }
  await screenshot(page, 'dialer-pasted-callto-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'dialer-pasted-callto-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  await input.fill('');
  await page.keyboard.insertText('callto:alice.smith');
  const why =
    'This link cannot be called: This callto: link names a user (as Skype links do), not a phone number: only phone numbers can be called.';
  await expect(page.getByTestId('dialer-problem')).toHaveText(why);
  await input.press('Enter');
  await expect(page.getByTestId('dialer-error')).toHaveText(why);
  await expect(page.getByTestId('call-card')).toHaveCount(0);
  await screenshot(page, 'dialer-refused-link-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'dialer-refused-link-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // A pasted callto: link is placed as the number it names.
  await input.fill('');
  await page.keyboard.insertText('callto://+14155550100');
  await input.press('Enter');
  await expect(page.getByTestId('call-card').first()).toContainText('+1 415 555 0100');
  await expect(input).toHaveValue('');
});

test('a live call can be hung up', async ({ page }) => {
  await openApp(page, host);
  await page.getByLabel('Number to call').fill('+14155550100');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  const card = page.getByTestId('call-card').first();
  await card.getByRole('button', { name: 'Hang up' }).click();
  await expect(card).toHaveAttribute('data-state', 'ended', { timeout: 15_000 });
});

test('a call refused for the credit shows the balance read again, in the status bar and the price line', async ({
  page,
}) => {
  await openApp(page, host);
  const balance = page.getByTestId('status-balance');
  // Earlier calls of this file were debited: about USD 100, thousands of minutes.
  await expect(balance).toHaveText(/^Balance: USD\s(9\d\.\d{3}|100\.000)$/);
  const input = page.getByLabel('Number to call');
  await input.fill('+65 8123 0099');
  await expect(page.getByTestId('dialer-price')).toContainText(/your balance covers 3,\d{3} min\./);

  // The credit runs out elsewhere (another device, the web): this page still shows the old balance.
  const status = await page.evaluate(() => window.hoiio!.account.getStatus());
  if (!status.ok) throw new Error(status.error.message);
  const control = `${new URL(status.value.baseUrl).origin}/sandbox/account`;
  const setBalance = (value: string) =>
    fetch(control, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"balance":"${value}"}` });
  expect((await setBalance('0.010')).status).toBe(200);
  try {
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await expect(page.getByTestId('dialer-error')).toHaveText(
      'Not enough Hoiio credit for this call. Top up your account.',
    );
    await expect(balance).toHaveText('Balance: USD 0.010');
    await expect(page.getByTestId('dialer-price')).toContainText('your balance covers 0 min.');
  } finally {
    await setBalance('100.000');
  }
});
