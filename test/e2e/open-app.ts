import { expect, type Page } from '@playwright/test';
import type { RunningHost } from '../support/browser-host.ts';

/** Opens the app from the host's URL and waits until the bridge is ready and the shell has rendered. */
export async function openApp(page: Page, host: RunningHost): Promise<void> {
  await page.goto(host.url);
  await page.waitForFunction(() => window.hoiio !== undefined);
  // Any language: the landmark's name is worded from the catalogue.
  await expect(page.getByRole('navigation')).toBeVisible();
}
