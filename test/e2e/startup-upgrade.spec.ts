import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost } from '../support/browser-host.ts';
import { screenshot } from './a11y.ts';
import {
  FIRST_CALL_LOG_VERSION,
  fileSchemaVersion,
  makeUpgradeFail,
  olderSchemaDatabase,
} from '../support/older-schema.ts';
import { MIGRATIONS } from '../../src/main/core/store/migrations.ts';

/** Enough calls that the upgrade lasts some seconds (the page must load while it runs). */
const CALLS = 40_000;

test('on a database from an older version: the window shows the upgrade with a progress bar, then the app', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-upgrade-e2e-'));
  const file = path.join(dataDir, 'hoiio.db');
  olderSchemaDatabase(file, { calls: CALLS });
  expect(fileSchemaVersion(file)).toBe(FIRST_CALL_LOG_VERSION);
  // The host serves the page at once, while the core upgrades the database in a worker.
  const host = await startHost({ dataDir });
  try {
    await page.goto(host.url);
    const bar = page.getByRole('progressbar', { name: 'Start-up progress' });
    await expect(bar).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('heading', { name: 'Updating your call history for this version…' })).toBeVisible();
    await expect(page.getByText('This happens once, after an update.', { exact: false })).toBeVisible();
    await expect(bar).toHaveAttribute('max', '100');
    await expect(bar).toHaveAttribute('value', /^\d{1,2}$/);
    await expect(bar).toHaveAttribute('aria-valuetext', /^\d{1,2}% · step \d+ of \d+$/);
    await screenshot(page, 'startup-upgrade');
    // Then the app itself, with every call of the old database.
    await expect(page.getByRole('navigation')).toBeVisible({ timeout: 90_000 });
    await expect(bar).toHaveCount(0);
    const total = await page.evaluate(async () => {
      const result = await window.hoiio!.callLog.query({ search: '', offset: 0, limit: 1 });
      return result.ok ? result.value.total : -1;
    });
    expect(total).toBe(CALLS);
  } finally {
    await host.stop();
    expect(fileSchemaVersion(file)).toBe(MIGRATIONS.length);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('an upgrade that fails leaves the database as it was and the window says what to do', async ({ page }) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-upgrade-fail-e2e-'));
  const file = path.join(dataDir, 'hoiio.db');
  olderSchemaDatabase(file, { calls: 2_000 });
  // The last step cannot run on this file: a table or trigger of the name it creates is already there.
  makeUpgradeFail(file);
  const digest = (): string => createHash('sha256').update(readFileSync(file)).digest('hex');
  const before = digest();
  const host = await startHost({ dataDir });
  try {
    await page.goto(host.url);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The app could not start', { timeout: 30_000 });
    await expect(alert).toContainText('Nothing was changed');
    await expect(alert).toContainText('start the app again');
  } finally {
    await host.stop();
  }
  expect(digest()).toBe(before);
  expect(fileSchemaVersion(file)).toBe(FIRST_CALL_LOG_VERSION);
  rmSync(dataDir, { recursive: true, force: true });
});
