import { expect, test } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost } from '../support/browser-host.ts';
import { openApp } from './open-app.ts';

test('a damaged database and settings file are kept aside, the app still starts, and the user is told', async ({
  page,
}) => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-corrupt-'));
  const garbage = 'this is not an SQLite database '.repeat(200);
  writeFileSync(path.join(dataDir, 'hoiio.db'), garbage);
  writeFileSync(path.join(dataDir, 'settings.json'), '{"defaultCountry": "US", trailing garbage');
  const host = await startHost({ dataDir });
  try {
    await openApp(page, host);
    await expect(page.getByTestId('startup-notice')).toHaveCount(2);
    await expect(page.getByTestId('startup-notice').first()).toContainText('database was damaged');
    await expect(page.getByTestId('startup-notice').nth(1)).toContainText('settings.json.corrupt-');
    expect(readdirSync(dataDir).filter((name) => name.startsWith('settings.json.corrupt-'))).toHaveLength(1);
    const keptAside = readdirSync(dataDir).filter((name) => name.startsWith('hoiio.db.corrupt-'));
    expect(keptAside).toHaveLength(1);
    expect(readFileSync(path.join(dataDir, keptAside[0]!), 'utf8')).toBe(garbage);
    // The fresh database works: the call log is empty rather than broken.
    await page.keyboard.press('Control+3');
    await expect(page.getByText('No calls yet')).toBeVisible();
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
