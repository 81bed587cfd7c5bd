/**
 * Issue 9, item 1: sandbox references never repeat across restarts (hoiio-api.md §2.1, §7.1 revised).
 * The browser host is stopped and started again on the same data folder in sandbox mode; a call
 * placed after the restart ends connected and billed, never "Not placed".
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost } from '../support/browser-host.ts';
import { openApp } from './open-app.ts';

// 0.05: a default answered sandbox call (4 s + 4 s ringing, 30 s talk) ends in about 2 s.
const ARGS = ['--sandbox-time-scale', '0.05'];

async function placeAndWait(page: Page, number: string): Promise<void> {
  const input = page.getByLabel('Number to call');
  await input.fill(number);
  await input.press('Enter');
  // This call's card, by its number: right after Enter the card of the call before may be the only
  // one, already ended, and the host would be stopped with this call still ringing (seen under load).
  const card = page.getByTestId('call-card').filter({ hasText: number });
  await expect(card).toHaveAttribute('data-state', 'ended', { timeout: 15_000 });
  await expect(card.getByTestId('call-status')).toHaveText('Connected: 1 min, USD 0.029');
}

test('after a restart on the same data folder, a sandbox call ends connected and billed', async ({ page }) => {
  // Two host starts and three simulated calls: more than the default 30 s on a loaded 2-core machine.
  test.setTimeout(90_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-restart-'));
  try {
    const first = await startHost({ dataDir, args: ARGS });
    try {
      await openApp(page, first);
      await placeAndWait(page, '+1 415 555 0100');
      await placeAndWait(page, '+1 415 555 0101');
    } finally {
      await first.stop();
    }

    const second = await startHost({ dataDir, args: ARGS });
    try {
      await openApp(page, second);
      await placeAndWait(page, '+1 415 555 0102');
      // The log holds all three calls, each connected: none was refused or logged "Not placed".
      await page.keyboard.press('Control+3');
      const rows = page.getByTestId('call-log-row');
      await expect(rows).toHaveCount(3, { timeout: 10_000 });
      await expect(rows.filter({ hasText: 'Connected' })).toHaveCount(3);
      // Each got a txn_ref of its own: the second start went on from the first's numbers.
      const logged = (await page.evaluate(() => window.hoiio!.callLog.query({ limit: 10 }))) as {
        ok: true;
        value: { items: { txnRef: string | null; outcome: string | null }[] };
      };
      expect(logged.value.items.map((item) => item.txnRef).sort()).toEqual([
        'AA-C-1000001',
        'AA-C-1000002',
        'AA-C-1000003',
      ]);
      expect(logged.value.items.every((item) => item.outcome === 'connected')).toBe(true);
      await expect(rows.filter({ hasText: 'Not placed' })).toHaveCount(0);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
