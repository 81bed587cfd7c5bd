import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { seededContact, seedLargeDataDir } from '../support/seed-large.ts';
import { expectNoSeriousViolations, screenshot } from './a11y.ts';
import { openApp } from './open-app.ts';

// Issue 13: the lists at scale, through the browser host, on a data folder seeded with
// 100,000 calls and 10,000 contacts. The DOM holds a bounded number of rows throughout.
const CALLS = 100_000;
const CONTACTS = 10_000;
/** Rows in view plus overscan; far below one page (100) and independent of the list's length. */
const MAX_ROWS_IN_DOM = 60;

let host: RunningHost;
let dataDir: string;
let files: string;
test.describe.configure({ mode: 'serial', timeout: 180_000 });
test.beforeAll(async () => {
  test.setTimeout(300_000); // seeding under a loaded machine
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-large-'));
  files = mkdtempSync(path.join(os.tmpdir(), 'hoiio-large-files-'));
  seedLargeDataDir(dataDir, { calls: CALLS, contacts: CONTACTS });
  host = await startHost({ dataDir, timeoutMs: 60_000 });
});
test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

async function expectBoundedRows(page: Page): Promise<void> {
  const rows = await page.locator('[role="grid"] [role="rowgroup"] + [role="rowgroup"] [role="row"]').count();
  expect(rows).toBeGreaterThan(0);
  expect(rows).toBeLessThanOrEqual(MAX_ROWS_IN_DOM);
}

test('contacts: 10,000 scroll to the end and back with the keyboard, search, and open a contact page', async ({
  page,
}) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  const grid = page.getByRole('grid', { name: 'Contacts' });
  await expect(page.getByTestId('contact-count')).toHaveText('10,000 contacts', { timeout: 30_000 });
  await expect(grid).toHaveAttribute('aria-rowcount', String(CONTACTS + 1));
  await expectBoundedRows(page);

  // Scrolling with the wheel reads pages below as they come near.
  await grid.hover();
  for (let step = 0; step < 20; step++) await page.mouse.wheel(0, 2_000);
  await expectBoundedRows(page);
  // Past the page that carried the total, the total is still said (aria-rowcount was -1 here).
  await expect(grid).toHaveAttribute('aria-rowcount', String(CONTACTS + 1));
  await expect(page.getByTestId('contact-count')).toHaveText('10,000 contacts');

  // Search as you type: part of a number, then a name.
  const contact = seededContact(4217);
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill('81004217');
  await expect(page.getByTestId('contact-row')).toHaveCount(1);
  await expect(page.getByTestId('contact-row')).toContainText(contact.name);
  await page.getByRole('searchbox', { name: 'Search contacts' }).fill(contact.name.toLowerCase());
  await expect(page.getByTestId('contact-row')).toHaveCount(1);
  await expectNoSeriousViolations(page, 'contacts searched, 10,000 contacts');
  await screenshot(page, 'large-contacts-search');

  // The contact page: heading, a Call button per number, totals and the call history.
  await page.getByRole('link', { name: contact.name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(contact.name);
  await expect(page.getByRole('button', { name: `Call ${contact.shown}` })).toBeVisible();
  // Calls j = 3 * (4217 + 10,000 k) below 100,000: 3 of them.
  await expect(page.getByTestId('contact-totals')).toContainText('3 calls');
  await expect(page.getByRole('grid', { name: `Calls with ${contact.name}` }).getByTestId('call-log-row')).toHaveCount(
    3,
  );
  await expectNoSeriousViolations(page, 'contact page with history');
  await screenshot(page, 'large-contact-page');
});

// End under load (issue 13): in full runs End left focus off the last row. After the jump, the grid
// read a page above while it still rendered with the scroll offset of before, which unmounted the
// focused last row (focus fell to the page, or a row a screenful above took it). The page runs with
// its CPU slowed 8x, as in a loaded full run: before the fix this failed 3 times in 3, now it passes.
// Then Down after Home under load: the tab stop moved but focus stayed (1 run in 6 with the CPU busy);
// the focused row must also be the tab stop (tabindex 0).
test('contacts: End and Home move focus to the last and first of 10,000 contacts', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  await expect(page.getByTestId('contact-count')).toHaveText('10,000 contacts', { timeout: 30_000 });
  // End: the last contact of the whole list, with its place in it; Home: back to the first.
  const first = page.getByTestId('contact-row').first();
  await first.focus();
  await page.keyboard.press('End');
  // Last in name order: "Tim" (index % 10 = 5), "Wong" ((index / 10) % 10 = 3), the highest such number.
  const lastName = seededContact(9935).name;
  const focused = page.locator('[data-testid="contact-row"]:focus');
  await expect(focused).toHaveAttribute('aria-rowindex', String(CONTACTS + 1), { timeout: 15_000 });
  await expect(focused).toContainText(lastName);
  await expectBoundedRows(page);
  await page.keyboard.press('Home');
  await expect(focused).toHaveAttribute('aria-rowindex', '2', { timeout: 15_000 });
  // With the CPU slowed 8x in a loaded full run a render can take seconds: the same 15 s as above.
  await expect(focused).toHaveAttribute('tabindex', '0');
  await page.keyboard.press('ArrowDown');
  await expect(focused).toHaveAttribute('aria-rowindex', '3', { timeout: 15_000 });
  await expect(focused).toHaveAttribute('tabindex', '0');
  await page.keyboard.press('PageDown');
  await expect(focused).not.toHaveAttribute('aria-rowindex', '3', { timeout: 15_000 });
});

test('call log: 100,000 calls to the end, search, date range and contact filters, details, export', async ({
  page,
}) => {
  await openApp(page, host);
  await page.keyboard.press('Control+3');
  const grid = page.getByRole('grid', { name: 'Calls' });
  await expect(page.getByTestId('call-count')).toHaveText('100,000 calls', { timeout: 30_000 });
  await expect(grid).toHaveAttribute('aria-rowcount', String(CALLS + 1));
  await expect(grid.getByText('Today', { exact: true }).first()).toBeVisible();
  await expectBoundedRows(page);

  await grid.hover();
  for (let step = 0; step < 20; step++) await page.mouse.wheel(0, 3_000);
  await expectBoundedRows(page);

  // End reaches the oldest call (call 99,999), Home the newest.
  await page.getByTestId('call-log-row').first().focus();
  await page.keyboard.press('End');
  const focused = page.locator('[data-testid="call-log-row"]:focus');
  await expect(focused).toHaveAttribute('aria-rowindex', String(CALLS + 1), { timeout: 15_000 });
  await expect(focused).toHaveAttribute('data-call-id', 'call-099999');
  await expectBoundedRows(page);
  await page.keyboard.press('Home');
  await expect(focused).toHaveAttribute('data-call-id', 'call-000000', { timeout: 15_000 });

  // Search as you type (digits of a number and a reference).
  const search = page.getByRole('searchbox', { name: 'Search calls' });
  await search.fill('TX00012345');
  await expect(page.getByTestId('call-log-row')).toHaveCount(1);
  await expect(page.getByTestId('call-log-row')).toHaveAttribute('data-call-id', 'call-012345');
  await search.fill('');

  // Date range: today only (the log starts now, one call every 5 minutes).
  await page.getByRole('combobox', { name: 'Date range' }).selectOption('today');
  await expect(page.getByTestId('call-count')).toContainText(/calls/);
  await expect(grid.getByText('Yesterday', { exact: true })).toHaveCount(0);
  await expect(page).toHaveURL(/range=today/);
  await expectNoSeriousViolations(page, 'call log, today');

  // The contact filter, from a contact's name in a row: its page, then "Show in the call log".
  await page.getByRole('combobox', { name: 'Date range' }).selectOption('all');
  const named = page.getByTestId('call-log-row').first();
  const name = (await named.getByRole('link').first().textContent())!;
  await named.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await page.getByRole('link', { name: 'Show in the call log' }).click();
  await expect(page.getByTestId('contact-filter')).toContainText(name);
  const rows = page.getByTestId('call-log-row');
  await expect(rows.first()).toContainText(name);
  await expect(page.getByTestId('call-count')).toHaveText('4 calls');
  await page.getByRole('combobox', { name: 'Outcome' }).selectOption('busy');
  await expect(page).toHaveURL(/outcome=busy/);

  // Back restores the filter after a visit elsewhere.
  await page.keyboard.press('Control+1');
  await page.goBack();
  await expect(page.getByRole('combobox', { name: 'Outcome' })).toHaveValue('busy');
  await expect(page.getByTestId('contact-filter')).toContainText(name);

  // The details drawer of a call.
  await rows
    .first()
    .getByRole('button', { name: /^Details:/ })
    .click();
  const drawer = page.getByRole('dialog', { name: `Call with ${name}` });
  await expect(drawer).toContainText('TX');
  await expect(drawer).toContainText('Final state from');
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((value) => document.documentElement.setAttribute('data-theme', value), theme);
    await expectNoSeriousViolations(page, `call details drawer, ${theme}`);
    await screenshot(page, `large-call-details-${theme}`);
  }
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((value) => document.documentElement.setAttribute('data-theme', value), theme);
    await expectNoSeriousViolations(page, `call log filtered by contact and outcome, ${theme}`);
    await screenshot(page, `large-call-log-filtered-${theme}`);
  }

  // Export CSV writes exactly the calls of the filter.
  const shown = await page.getByTestId('call-count').textContent();
  const count = Number(shown!.replace(/\D/g, ''));
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const panel = page.getByRole('region', { name: 'Export the call log' });
  const file = path.join(files, 'filtered.csv');
  await panel.getByLabel('Save as').fill(file);
  await panel.getByRole('button', { name: 'Export' }).click();
  await expect(panel.getByTestId('export-result')).toContainText(file);
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  expect(lines).toHaveLength(count + 1);
  for (const line of lines.slice(1)) expect(line).toContain('busy');
  await expectBoundedRows(page);
});
