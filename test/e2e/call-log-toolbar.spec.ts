import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { expectNoSeriousViolations, screenshot } from './a11y.ts';
import { openApp } from './open-app.ts';

// The call log's toolbar with the custom date range open: the search box keeps a usable width and
// nothing runs off the window, at a desktop width and a narrow one, light and dark (a tester found
// the search box squeezed to a sliver once the two date fields were shown).
let host: RunningHost;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => {
  await host.stop();
});

async function useTheme(page: Page, theme: 'light' | 'dark' | 'system') {
  const result = await page.evaluate((value) => window.hoiio!.settings.update({ theme: value }), theme);
  expect(result.ok).toBe(true);
}

test('custom date range: the search box stays wide enough and the toolbar fits, at 1280 and 900 px', async ({
  page,
}) => {
  test.setTimeout(60_000); // two window sizes, each with its own date entry: 20 s on a loaded machine
  await openApp(page, host);
  try {
    for (const theme of ['light', 'dark'] as const) {
      await useTheme(page, theme);
      for (const width of [1280, 900]) {
        await page.setViewportSize({ width, height: 720 });
        await page.goto(`${host.url.split('#')[0]}#/calls?range=custom`);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        const search = page.getByRole('searchbox', { name: 'Search calls' });
        await expect(page.getByLabel('From')).toBeVisible();
        const box = (await search.boundingBox())!;
        expect(box.width, `search box width at ${width} px`).toBeGreaterThanOrEqual(240);
        // Every control of the toolbar is inside the window (wrapped, not cut off).
        const toolbar = page.locator('.toolbar').first();
        for (const control of await toolbar.locator('input, select, button').all()) {
          const rect = (await control.boundingBox())!;
          expect(rect.x + rect.width, `a toolbar control's right edge at ${width} px`).toBeLessThanOrEqual(width);
        }
        await screenshot(page, `call-log-custom-range-${width}-${theme}`);
      }
    }
    await expectNoSeriousViolations(page, 'call log with a custom date range (dark, 900 px)');
  } finally {
    await useTheme(page, 'system');
  }
});
