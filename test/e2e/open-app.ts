import { expect, type Page } from '@playwright/test';
import type { RunningHost } from '../support/browser-host.ts';

/** Opens the app from the host's URL and waits until the bridge is ready and the shell has rendered. */
export async function openApp(page: Page, host: RunningHost): Promise<void> {
  await page.goto(host.url);
  await page.waitForFunction(() => window.hoiio !== undefined);
  // Any language: the landmark's name is worded from the catalogue.
  await expect(page.getByRole('navigation')).toBeVisible();
}

/**
 * Places a call to `number` from the Dialer (which must be showing) and waits until it has ended:
 * the field empties once the call is placed, then no card is placing or live. (The first card may
 * be an earlier call that ended, so waiting on it alone returns too soon.)
 */
export async function placeCallAndWaitForEnd(page: Page, number: string): Promise<void> {
  const input = page.getByLabel('Number to call');
  await input.fill(number);
  await input.press('Enter');
  await expect(input).toHaveValue('', { timeout: 15_000 });
  await expect(page.locator('[data-testid="call-card"]:is([data-state="placing"], [data-state="live"])')).toHaveCount(
    0,
    { timeout: 15_000 },
  );
}
