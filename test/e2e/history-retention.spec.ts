import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { CALL_SPACING_MS, seedLargeDataDir } from '../support/seed-large.ts';
import { expectNoSeriousViolations } from './a11y.ts';
import { openApp } from './open-app.ts';

// Settings → History → "Keep calls": a shorter time deletes calls at once (the core applies retention when
// the setting changes), so it is asked first with the count, as "Clear…" is; Cancel keeps the setting.
// (A new-user test: Forever → 30 days took the log from 100,000 to 46,000 calls with no question.)
// 3,000 seeded calls, one every 5 minutes back from 29 days ago: the older ones pass 30 days.
const CALLS = 3_000;
const DAY_MS = 86_400_000;

let host: RunningHost;
let dataDir: string;
let seededAt: number;
test.describe.configure({ mode: 'serial', timeout: 120_000 });
test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-retention-'));
  seededAt = Date.now() - 29 * DAY_MS;
  seedLargeDataDir(dataDir, { calls: CALLS, contacts: 10, now: seededAt });
  host = await startHost({ dataDir, timeoutMs: 60_000 });
});
test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function callCount(page: Page): Promise<number> {
  const result = (await page.evaluate(() => window.hoiio!.callLog.query({ limit: 1 }))) as {
    ok: true;
    value: { total: number };
  };
  return result.value.total;
}

async function retentionDays(page: Page): Promise<number | null> {
  const result = (await page.evaluate(() => window.hoiio!.settings.get())) as {
    ok: true;
    value: { history: { retentionDays: number | null } };
  };
  return result.value.history.retentionDays;
}

test('a shorter "Keep calls" asks first with the count it deletes now; Cancel keeps Forever and every call', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await openApp(page, host);
  expect(await callCount(page)).toBe(CALLS);
  await page.keyboard.press('Control+5');
  const history = page.getByRole('region', { name: 'History' });
  const keep = history.getByRole('combobox', { name: 'Keep calls' });
  await expect(keep).toHaveValue('');
  await expect(history).toContainText(
    'Older calls and their notes are deleted as soon as you choose a shorter time (you are asked first), then when the app starts and once a day.',
  );

  await keep.selectOption({ label: '30 days' });
  const dialog = page.getByRole('dialog', { name: 'Keep calls for less time' });
  await expect(dialog).toBeVisible();
  // Calls j placed more than 30 days ago: j * 5 min > 1 day, i.e. all but the first 289 (give or take the
  // one crossing 30 days while the test runs).
  const text = (await dialog.locator('p').textContent())!;
  const named = Number(/^([\d,]+) calls are older than 30 days/.exec(text)?.[1]?.replace(/,/g, ''));
  const expected = CALLS - Math.floor((seededAt - (Date.now() - 30 * DAY_MS)) / CALL_SPACING_MS) - 1;
  expect(Math.abs(named - expected)).toBeLessThanOrEqual(1);
  expect(text).toContain('they are deleted now, with their notes.');
  await expectNoSeriousViolations(page, 'Keep calls confirmation');
  // Nothing is deleted or saved while the question is open.
  expect(await callCount(page)).toBe(CALLS);
  expect(await retentionDays(page)).toBeNull();

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(keep).toHaveValue('');
  expect(await retentionDays(page)).toBeNull();
  expect(await callCount(page)).toBe(CALLS);

  // Escape cancels the same way.
  await keep.selectOption({ label: '30 days' });
  await expect(page.getByRole('dialog', { name: 'Keep calls for less time' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keep calls for less time' })).toHaveCount(0);
  await expect(keep).toHaveValue('');
  expect(await retentionDays(page)).toBeNull();
  expect(await callCount(page)).toBe(CALLS);
});

test('confirmed, the count named is what is deleted; longer times and one deleting nothing are saved without asking', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  await openApp(page, host);
  await page.keyboard.press('Control+5');
  const history = page.getByRole('region', { name: 'History' });
  const keep = history.getByRole('combobox', { name: 'Keep calls' });
  await keep.selectOption({ label: '30 days' });
  const dialog = page.getByRole('dialog', { name: 'Keep calls for less time' });
  const text = (await dialog.locator('p').textContent())!;
  const named = Number(/^([\d,]+) calls/.exec(text)?.[1]?.replace(/,/g, ''));
  expect(named).toBeGreaterThan(0);
  await dialog.getByRole('button', { name: 'Delete calls' }).click();
  await expect(history.getByRole('status')).toHaveText(
    'Saved. Calls older than 30 days are deleted now, then when the app starts and once a day.',
  );
  expect(await retentionDays(page)).toBe(30);
  // The core deletes in the background (jobs worker, in batches); a call may pass 30 days meanwhile.
  await expect.poll(() => callCount(page), { timeout: 60_000 }).toBeLessThanOrEqual(CALLS - named);
  expect(await callCount(page)).toBeGreaterThanOrEqual(CALLS - named - 2);

  // Longer: nothing more to delete, no question.
  await keep.selectOption({ label: '1 year' });
  await expect(history.getByRole('status')).toHaveText(
    'Saved. Calls older than 1 year are deleted now, then when the app starts and once a day.',
  );
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await retentionDays(page)).toBe(365);
  // Shorter again, but every call older than 30 days is gone already: saved without asking.
  await keep.selectOption({ label: '30 days' });
  await expect(history.getByRole('status')).toHaveText(
    'Saved. Calls older than 30 days are deleted now, then when the app starts and once a day.',
  );
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await retentionDays(page)).toBe(30);
  await keep.selectOption({ label: 'Forever' });
  await expect(history.getByRole('status')).toHaveText('Saved. Calls are kept until you delete them.');
  expect(await retentionDays(page)).toBeNull();
});
