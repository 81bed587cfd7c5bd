import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { expectNoSeriousViolations, screenshot } from './a11y.ts';
import { openApp } from './open-app.ts';

// The embedded sandbox account has two Hoiio Numbers besides the registered +65 9123 4567 (§7.1
// --hoiio-numbers): a US one and a UK one, so caller IDs and local presence have real choices.
const US_NUMBER = '+14155550000';
const UK_NUMBER = '+442079460000';
let host: RunningHost;
test.beforeAll(async () => {
  host = await startHost({
    args: ['--sandbox-time-scale', '0.05', '--sandbox-hoiio-numbers', `${US_NUMBER},${UK_NUMBER}`],
  });
});
test.afterAll(async () => {
  await host.stop();
});

/** One call as the sandbox's control API (hoiio-api.md §7.9) saw it. */
interface SandboxCall {
  readonly txn_ref: string;
  readonly dest1: string;
  readonly dest2: string;
  readonly caller_id: string;
  readonly max_duration: number | null;
}

/** The embedded sandbox's calls, newest first, read from its control API (same origin as its /open base URL). */
async function sandboxCalls(page: Page): Promise<SandboxCall[]> {
  const status = await page.evaluate(() => window.hoiio!.account.getStatus());
  if (!status.ok) throw new Error('account status unavailable');
  const origin = new URL(status.value.baseUrl).origin;
  const response = await fetch(`${origin}/sandbox/calls`);
  return ((await response.json()) as { calls: SandboxCall[] }).calls;
}

async function chooseOption(page: Page, combobox: string, option: RegExp | string) {
  await page.getByRole('combobox', { name: combobox }).click();
  await page.getByRole('option', { name: option }).click();
}

test('look', async ({ page }) => {
  await openApp(page, host);
  const input = page.getByRole('textbox', { name: 'Number to call' });
  await input.fill('8123 4567');
  await expect(page.getByText('+65 8123 4567')).toBeVisible();
  await screenshot(page, 'dialer-look-1');
  await page.getByRole('combobox', { name: 'Caller ID' }).click();
  await screenshot(page, 'dialer-look-2');
  await page.keyboard.press('Escape');
  await page.getByRole('combobox', { name: 'Country' }).click();
  await screenshot(page, 'dialer-look-3');
});
