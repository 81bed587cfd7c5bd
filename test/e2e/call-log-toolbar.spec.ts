import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { expectNoSeriousViolations, screenshot } from './a11y.ts';
import { openApp, placeCallAndWaitForEnd } from './open-app.ts';

// The call log's toolbar with the custom date range open: the search box keeps a usable width and
// nothing runs off the window, at a desktop width and a narrow one, light and dark (a tester found
// the search box squeezed to a sliver once the two date fields were shown).
let host: RunningHost;
test.beforeAll(async () => {
  // 0.05: a default answered sandbox call ends in about 2 s.
  host = await startHost({ args: ['--sandbox-time-scale', '0.05'] });
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

test('at the desktop minimum window (720×480) Contacts and the Call log stay usable: search boxes keep their width, rows fold with no sideways scroll, header and day rows span the grid', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await openApp(page, host);
  await page.keyboard.press('Control+2');
  await placeCallAndWaitForEnd(page, '+65 8123 4567');
  try {
    for (const theme of ['light', 'dark'] as const) {
      await useTheme(page, theme);
      // MIN_WINDOW_SIZE of src/main/window-state.ts.
      await page.setViewportSize({ width: 720, height: 480 });
      await page.goto(`${host.url.split('#')[0]}#/contacts`);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      const contactsSearch = page.getByRole('searchbox', { name: 'Search contacts' });
      await expect(contactsSearch).toBeVisible();
      // Before: ~55 px ("Sea").
      expect((await contactsSearch.boundingBox())!.width, 'contacts search box width').toBeGreaterThanOrEqual(160);
      for (const control of await page.locator('.toolbar').first().locator('input, select, button').all()) {
        const rect = (await control.boundingBox())!;
        expect(rect.x + rect.width, "a contacts toolbar control's right edge").toBeLessThanOrEqual(720);
      }
      await screenshot(page, `contacts-720x480-${theme}`);

      await page.goto(`${host.url.split('#')[0]}#/calls`);
      const callsSearch = page.getByRole('searchbox', { name: 'Search calls' });
      await expect(callsSearch).toBeVisible();
      expect((await callsSearch.boundingBox())!.width, 'calls search box width').toBeGreaterThanOrEqual(160);
      const grid = page.getByTestId('call-log-grid');
      const day = grid.getByTestId('call-log-day').first();
      await expect(day).toBeVisible();
      const scroll = await grid.evaluate((node) => {
        node.scrollLeft = node.scrollWidth;
        return { scrollWidth: node.scrollWidth, clientWidth: node.clientWidth };
      });
      // The rows fold onto two lines here (call-log.module.css): nothing to scroll sideways (before: the grid was
      // wider than the window, and Duration, Cost and the actions were off to the right), and the bands span it.
      expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.clientWidth);
      const widths = await grid.evaluate((node) => ({
        header: node.querySelector('[role="rowgroup"]')!.getBoundingClientRect().width,
        day: node.querySelector('[data-testid="call-log-day"]')!.getBoundingClientRect().width,
        row: node.querySelector('[data-testid="call-log-row"]')!.getBoundingClientRect().width,
      }));
      // Before: the header band and the "Today" row stopped at the visible width (~465 px).
      expect(widths.header).toBeCloseTo(scroll.scrollWidth, 0);
      expect(widths.day).toBeCloseTo(scroll.scrollWidth, 0);
      expect(widths.row).toBeCloseTo(scroll.scrollWidth, 0);
      await screenshot(page, `call-log-720x480-${theme}`);
    }
    await expectNoSeriousViolations(page, 'call log at 720×480 (dark)');
  } finally {
    await useTheme(page, 'system');
  }
});
