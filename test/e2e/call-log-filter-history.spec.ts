import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { seededContact, seedLargeDataDir } from '../support/seed-large.ts';
import { expectNoSeriousViolations, screenshot } from './a11y.ts';
import { openApp } from './open-app.ts';

// Issue 13 (Call log): the filter lives in the URL-like view state, so Back and Forward restore the
// search, outcome, date range and contact filter, with the same results, and a reload keeps them.
// A data folder seeded with 3,000 calls (one every 5 minutes back from now) and 100 contacts.
const CALLS = 3_000;
const CONTACTS = 100;

let host: RunningHost;
let dataDir: string;
test.describe.configure({ timeout: 120_000 });
test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-filter-history-'));
  seedLargeDataDir(dataDir, { calls: CALLS, contacts: CONTACTS });
  host = await startHost({ dataDir, timeoutMs: 60_000 });
});
test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** What the log shows: the filter's controls, the count and the calls listed first. */
async function shown(page: Page) {
  const rows = page.getByTestId('call-log-row');
  await expect(rows.first()).toBeVisible();
  const custom = (await page.getByRole('combobox', { name: 'Date range' }).inputValue()) === 'custom';
  return {
    search: await page.getByRole('searchbox', { name: 'Search calls' }).inputValue(),
    outcome: await page.getByRole('combobox', { name: 'Outcome' }).inputValue(),
    range: await page.getByRole('combobox', { name: 'Date range' }).inputValue(),
    from: custom ? await page.getByRole('textbox', { name: 'From', exact: true }).inputValue() : null,
    to: custom ? await page.getByRole('textbox', { name: 'To', exact: true }).inputValue() : null,
    count: await page.getByTestId('call-count').textContent(),
    firstCalls: await rows.evaluateAll((elements) =>
      elements.slice(0, 5).map((element) => element.getAttribute('data-call-id')),
    ),
  };
}

/**
 * What the log shows once it has settled: the same snapshot (`shown`) twice in a row, read at
 * most 40 times. Each change of the filter reads the log again, so right after the last change a
 * snapshot may still show an earlier filter's count and calls.
 */
async function settled(page: Page) {
  let last = JSON.stringify(await shown(page));
  for (let attempt = 0; attempt < 40; attempt++) {
    await page.waitForTimeout(250);
    const next = JSON.stringify(await shown(page));
    if (next === last) return JSON.parse(next) as Awaited<ReturnType<typeof shown>>;
    last = next;
  }
  throw new Error(`the call log did not settle: ${last}`);
}

/** The local calendar date `days` days before today, as the date fields take it (YYYY-MM-DD). */
async function localDate(page: Page, days: number): Promise<string> {
  return page.evaluate((back) => {
    const date = new Date();
    date.setDate(date.getDate() - back);
    const pad = (value: number) => String(value).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }, days);
}

test('Back and Forward restore the search, outcome, date range and their results; a reload keeps them', async ({
  page,
}) => {
  await openApp(page, host);
  await page.keyboard.press('Control+3');
  await expect(page.getByTestId('call-count')).toHaveText('3,000 calls', { timeout: 30_000 });

  // Calls to numbers that are no contact's, busy, from 3 days ago to yesterday.
  await page.getByRole('searchbox', { name: 'Search calls' }).fill('1415555');
  await page.getByRole('combobox', { name: 'Outcome' }).selectOption('busy');
  await page.getByRole('combobox', { name: 'Date range' }).selectOption('custom');
  const from = await localDate(page, 3);
  const to = await localDate(page, 1);
  await page.getByRole('textbox', { name: 'From', exact: true }).fill(from);
  await page.getByRole('textbox', { name: 'To', exact: true }).fill(to);
  await expect(page).toHaveURL(/q=1415555/);
  await expect(page).toHaveURL(new RegExp(`range=custom&from=${from}&to=${to}&outcome=busy`));
  await expect(page.getByTestId('call-count')).not.toHaveText('3,000 calls');
  await expect(page.getByTestId('call-log-row').first()).toContainText('Busy');
  const filtered = await settled(page);
  expect(filtered).toMatchObject({ search: '1415555', outcome: 'busy', range: 'custom', from, to });
  expect(filtered.firstCalls.length).toBeGreaterThan(0);

  // Away to Contacts, then Back: the same filter and the same calls.
  await page.keyboard.press('Control+1');
  await expect(page.getByRole('searchbox', { name: 'Search contacts' })).toBeVisible();
  await page.goBack();
  await expect.poll(() => shown(page)).toEqual(filtered);
  // Forward to Contacts and Back again.
  await page.goForward();
  await expect(page.getByRole('searchbox', { name: 'Search contacts' })).toBeVisible();
  await page.goBack();
  await expect.poll(() => shown(page)).toEqual(filtered);

  // A reload keeps the view state.
  await page.reload();
  await page.waitForFunction(() => window.hoiio !== undefined);
  await expect.poll(() => shown(page)).toEqual(filtered);

  // Clearing the filter lists every call again; Back does not undo it (the filter replaces the
  // view's history entry), but leaving and coming Back keeps the cleared state.
  await page.getByRole('combobox', { name: 'Date range' }).selectOption('all');
  await page.getByRole('combobox', { name: 'Outcome' }).selectOption('');
  await page.getByRole('searchbox', { name: 'Search calls' }).fill('');
  await expect(page.getByTestId('call-count')).toHaveText('3,000 calls');
  await page.keyboard.press('Control+1');
  await page.goBack();
  await expect(page.getByTestId('call-count')).toHaveText('3,000 calls');
});

test('Back restores a contact filter with an outcome (a contact’s page, then its log)', async ({ page }) => {
  await openApp(page, host);
  // Contact 4's calls are calls j = 3 * (4 + 100 m): ten of them, every one busy (j % 4 = 0).
  const contact = seededContact(4);
  await page.goto(`${host.url.split('#')[0]}#/calls?contact=contact-00004`);
  await expect(page.getByTestId('contact-filter')).toContainText(contact.name);
  await expect(page.getByTestId('call-count')).toHaveText('10 calls');
  await page.getByRole('combobox', { name: 'Outcome' }).selectOption('connected');
  await expect(page.getByTestId('call-log-row')).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Outcome' }).selectOption('busy');
  await expect(page.getByTestId('call-count')).toHaveText('10 calls');
  const filtered = await settled(page);

  await page.keyboard.press('Control+2');
  await page.goBack();
  await expect(page.getByTestId('contact-filter')).toContainText(contact.name);
  await expect.poll(() => shown(page)).toEqual(filtered);
  await expect(page).toHaveURL(/contact=contact-00004/);
  await expect(page).toHaveURL(/outcome=busy/);
});

/** The rows in view at the top of the grid: their place in the list (aria-rowindex) and call, in order. */
async function topRows(page: Page) {
  return page.getByTestId('call-log-row').evaluateAll((elements) =>
    elements
      .map((element) => ({
        index: Number(element.getAttribute('aria-rowindex')),
        id: element.getAttribute('data-call-id'),
      }))
      .sort((a, b) => a.index - b.index)
      .slice(0, 2),
  );
}

test('a changed search or outcome lists from the newest call with its count, after scrolling far or End', async ({
  page,
}) => {
  await openApp(page, host);
  await page.keyboard.press('Control+3');
  const grid = page.getByRole('grid', { name: 'Calls' });
  const count = page.getByTestId('call-count');
  await expect(count).toHaveText('3,000 calls', { timeout: 30_000 });
  const newest = [
    { index: 2, id: 'call-000000' },
    { index: 3, id: 'call-000001' },
  ];
  expect(await topRows(page)).toEqual(newest);

  // Far down (the window of pages slides past the top page, which held the count), then another outcome and back.
  await grid.hover();
  await expect
    .poll(
      async () => {
        await page.mouse.wheel(0, 4_000);
        return (await topRows(page))[0]?.index ?? 0;
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(700);
  // Deep in the list (the page that carried the count has been dropped) the total is still known:
  // the count line and aria-rowcount say it (aria-rowcount was -1, "unknown", beside "3,000 calls").
  await expect(count).toHaveText('3,000 calls');
  await expect(grid).toHaveAttribute('aria-rowcount', String(CALLS + 1));
  const outcome = page.getByRole('combobox', { name: 'Outcome' });
  await outcome.selectOption('busy');
  await expect(count).toHaveText(/^[\d,]+ calls$/);
  await expect(count).not.toHaveText('3,000 calls');
  await expect.poll(async () => (await topRows(page))[0]?.index).toBe(2);
  await outcome.selectOption('');
  await expect(count).toHaveText('3,000 calls');
  await expect.poll(() => topRows(page)).toEqual(newest);
  expect(await grid.evaluate((element) => element.scrollTop)).toBe(0);

  // End (the window is read from the bottom), then a search typed and cleared: each list starts at its newest call.
  await page.getByTestId('call-log-row').first().focus();
  await page.keyboard.press('End');
  await expect(page.locator('[data-testid="call-log-row"]:focus')).toHaveAttribute('aria-rowindex', '3001', {
    timeout: 15_000,
  });
  const search = page.getByRole('searchbox', { name: 'Search calls' });
  await search.fill('Grace');
  await expect(count).toHaveText(/^[\d,]+ calls$/);
  await expect(count).not.toHaveText('3,000 calls');
  await expect.poll(async () => (await topRows(page))[0]?.index).toBe(2);
  await search.fill('');
  await expect(count).toHaveText('3,000 calls');
  await expect.poll(() => topRows(page)).toEqual(newest);
});

/** Where focus is in a grid: the row's aria-rowindex, and `row` (the row itself) or the control's visible text. */
async function focusInGrid(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const row = element?.closest('[role="row"]');
    if (!element || !row) return null;
    return { row: row.getAttribute('aria-rowindex'), control: element === row ? 'row' : element.textContent?.trim() };
  });
}

test('row keys work from a row’s buttons too, on the same button; Left and Right move along the row (log and contacts)', async ({
  page,
}) => {
  await openApp(page, host);
  await page.keyboard.press('Control+3');
  await expect(page.getByTestId('call-count')).toHaveText('3,000 calls', { timeout: 30_000 });
  const row = page.getByTestId('call-log-row').first();
  await row.focus();
  // Tab into the row, to its Details button (the row's last control).
  for (let step = 0; step < 4 && (await focusInGrid(page))?.control !== 'Details'; step++)
    await page.keyboard.press('Tab');
  expect(await focusInGrid(page)).toEqual({ row: '2', control: 'Details' });
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => focusInGrid(page)).toEqual({ row: '3', control: 'Details' });
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => focusInGrid(page)).toEqual({ row: '2', control: 'Details' });
  await page.keyboard.press('PageDown');
  await expect.poll(async () => Number((await focusInGrid(page))?.row)).toBeGreaterThan(3);
  expect((await focusInGrid(page))?.control).toBe('Details');
  const paged = (await focusInGrid(page))!.row;
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => focusInGrid(page)).toEqual({ row: paged, control: 'Call again' });
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => focusInGrid(page)).toEqual({ row: paged, control: 'Details' });
  await page.keyboard.press('ArrowRight'); // the last control: stays
  await expect.poll(() => focusInGrid(page)).toEqual({ row: paged, control: 'Details' });
  // Left past the first control reaches the row itself; Right from it, the row's first control.
  for (let step = 0; step < 4; step++) await page.keyboard.press('ArrowLeft');
  await expect.poll(() => focusInGrid(page)).toEqual({ row: paged, control: 'row' });
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await focusInGrid(page))?.control).not.toBe('row');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('End');
  await expect.poll(async () => (await focusInGrid(page))?.row, { timeout: 15_000 }).toBe(String(CALLS + 1));
  await page.keyboard.press('Home');
  await expect.poll(async () => (await focusInGrid(page))?.row, { timeout: 15_000 }).toBe('2');
  await screenshot(page, 'call-log-keys-from-buttons');

  await page.keyboard.press('Control+1');
  await expect(page.getByTestId('contact-count')).toHaveText('100 contacts');
  const grid = page.getByRole('grid', { name: 'Contacts' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(CONTACTS + 1));
  await page
    .getByTestId('contact-row')
    .first()
    .getByRole('button', { name: /^Call / })
    .focus();
  expect(await focusInGrid(page)).toEqual({ row: '2', control: 'Call' });
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => focusInGrid(page)).toEqual({ row: '3', control: 'Call' });
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await focusInGrid(page))?.control).toBe('Delete');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => focusInGrid(page)).toEqual({ row: '2', control: 'Delete' });
  await page.keyboard.press('PageDown');
  await expect.poll(async () => Number((await focusInGrid(page))?.row)).toBeGreaterThan(3);
  expect((await focusInGrid(page))?.control).toBe('Delete');
});

test('a search of 1 or 2 letters says it looks at names only, beside the count and when nothing matches', async ({
  page,
}) => {
  const words =
    'Searches of 1 or 2 characters look at contact names only: type 3 or more to search numbers, references and notes.';
  await openApp(page, host);
  await page.keyboard.press('Control+3');
  const count = page.getByTestId('call-count');
  await expect(count).toHaveText('3,000 calls', { timeout: 30_000 });
  const note = page.getByTestId('short-search-note');
  await expect(note).toHaveCount(0);
  const search = page.getByRole('searchbox', { name: 'Search calls' });
  await search.fill('Gr'); // Grace's calls, by name
  await expect(count).toHaveText(/^[\d,]+ calls/);
  await expect(count).toContainText(words); // in the count line (role status), read with the count
  await expect(note).toHaveText(words);
  await screenshot(page, 'call-log-short-search-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'call-log-short-search-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await search.fill('qz'); // no name has it
  await expect(page.getByRole('heading', { name: 'No matching calls' })).toBeVisible();
  await expect(note).toHaveText(words);
  await expectNoSeriousViolations(page, 'call log, short search with no match');
  await screenshot(page, 'call-log-short-search-empty-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'call-log-short-search-empty-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  // 3 characters or typed digits search numbers, references and notes: no note.
  await search.fill('Gra');
  await expect(count).toHaveText(/^[\d,]+ calls$/);
  await expect(note).toHaveCount(0);
  await search.fill('42');
  await expect(count).toHaveText(/^[\d,]+ calls$/);
  await expect(note).toHaveCount(0);
});

/** Whether an element scrolls: sideways, and (the page beside the list) up and down. */
async function scrolls(page: Page, selector: string) {
  return page.locator(selector).evaluate((element) => ({
    sideways: element.scrollWidth > element.clientWidth,
    vertically: element.scrollHeight > element.clientHeight,
  }));
}

/** True when `inner` lies wholly inside `outer`'s box on screen (give or take a pixel). */
function within(inner: { x: number; width: number }, outer: { x: number; width: number }): boolean {
  return inner.x >= outer.x - 1 && inner.x + inner.width <= outer.x + outer.width + 1;
}

test('at the window’s minimum size (720×480) the log and contacts fold their rows: one scroller, nothing sideways', async ({
  page,
}) => {
  for (const [width, height] of [
    [720, 480],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width, height });
    await openApp(page, host);
    await page.keyboard.press('Control+3');
    const grid = page.getByRole('grid', { name: 'Calls' });
    await expect(page.getByTestId('call-count')).toHaveText('3,000 calls', { timeout: 30_000 });
    // The list is the one vertical scroller: the page beside it does not scroll (it did at 720×480: two bars).
    expect(await scrolls(page, 'main')).toEqual({ sideways: false, vertically: false });
    expect((await scrolls(page, '[data-testid="call-log-grid"]')).sideways).toBe(false);
    // Every cell of the first row is in view: When, Called, Duration, Cost, Call again and Details.
    const box = (await grid.boundingBox())!;
    const row = page.getByTestId('call-log-row').first();
    for (const cell of await row.getByRole('gridcell').all())
      expect(within((await cell.boundingBox())!, box)).toBe(true);
    for (const name of [/^Call again/, /^Details/]) {
      await expect(row.getByRole('button', { name })).toBeVisible();
      expect(within((await row.getByRole('button', { name }).boundingBox())!, box)).toBe(true);
    }
    await expect(row.getByRole('gridcell')).toHaveCount(6);
    // The grid's semantics and keys are unchanged by the fold.
    await expect(grid).toHaveAttribute('aria-rowcount', String(CALLS + 1));
    await expect(row).toHaveAttribute('aria-rowindex', '2');
    await row.focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('[data-testid="call-log-row"]:focus')).toHaveAttribute('aria-rowindex', '3');
    await expectNoSeriousViolations(page, `call log at ${width}×${height}`);

    await page.keyboard.press('Control+1');
    await expect(page.getByTestId('contact-count')).toHaveText('100 contacts');
    expect(await scrolls(page, 'main')).toEqual({ sideways: false, vertically: false });
    expect((await scrolls(page, '[data-testid="contact-grid"]')).sideways).toBe(false);
    const contacts = (await page.getByRole('grid', { name: 'Contacts' }).boundingBox())!;
    const contact = page.getByTestId('contact-row').first();
    for (const name of [/^Call /, /^Delete /]) {
      await expect(contact.getByRole('button', { name })).toBeVisible();
      expect(within((await contact.getByRole('button', { name }).boundingBox())!, contacts)).toBe(true);
    }
    // The number whole, not cut with "…".
    const number = contact.getByRole('gridcell').nth(2);
    expect(await number.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    await expectNoSeriousViolations(page, `contacts at ${width}×${height}`);
  }
});
