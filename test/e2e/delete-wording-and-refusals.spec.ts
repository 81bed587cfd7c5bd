import { expect, test, type Page, type WebSocketRoute } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { seedLargeDataDir } from '../support/seed-large.ts';
import { expectNoSeriousViolations } from './a11y.ts';
import { openApp } from './open-app.ts';

// Faults a new user found (session of 2026-12-01, fourth): a refused import said so twice (beside the file
// field and again below the form); "Clear…" read "Saving…" while it deleted; the question for ONE call was
// named "Delete calls". 40 seeded calls, all older than a year (the "Clear calls older than" default).
const CALLS = 40;
const DAY_MS = 86_400_000;

let host: RunningHost;
let dataDir: string;
let files: string;
test.describe.configure({ mode: 'serial', timeout: 120_000 });
test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-delete-wording-'));
  files = mkdtempSync(path.join(os.tmpdir(), 'hoiio-delete-wording-files-'));
  seedLargeDataDir(dataDir, { calls: CALLS, contacts: 5, now: Date.now() - 400 * DAY_MS });
  host = await startHost({ dataDir, timeoutMs: 60_000 });
});
test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

async function callCount(page: Page): Promise<number> {
  const result = (await page.evaluate(() => window.hoiio!.callLog.query({ limit: 1 }))) as {
    ok: true;
    value: { total: number };
  };
  return result.value.total;
}

/** Shots of a changed screen in both colour schemes, for a person to look at. */
async function screenshots(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: path.join('/tmp/uia-shots', `${name}-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test("the confirmation for one call is named for one call, as its text is", async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+3');
  const rows = page.getByTestId('call-log-row');
  await expect(rows.first()).toBeVisible();
  await rows
    .first()
    .getByRole('button', { name: /^Details: / })
    .click();
  await page.getByTestId('call-details').getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete call', exact: true });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Delete this call with');
  await expect(page.getByRole('dialog', { name: 'Delete calls' })).toHaveCount(0);
  await expectNoSeriousViolations(page, 'one-call delete confirmation');
  await screenshots(page, 'delete-one-call-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await callCount(page)).toBe(CALLS);
});

test('a binary file refused by the import is worded once, beside the file field', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  const garbage = path.join(files, 'garbage.csv');
  // Bytes of every value in a fixed order: no text encoding reads them as a contacts file.
  writeFileSync(garbage, Buffer.from(Array.from({ length: 2048 }, (_, index) => (index * 73 + 11) % 256)));
  await page.getByRole('button', { name: 'Import contacts' }).click();
  const panel = page.getByRole('region', { name: 'Import contacts' });
  const field = panel.getByLabel('File to import');
  await field.fill(garbage);
  await panel.getByRole('button', { name: 'Start import' }).click();
  const refusal = panel.getByRole('alert');
  await expect(refusal.first()).toContainText('garbage.csv is not a contacts file', { timeout: 15_000 });
  await expect(refusal).toHaveCount(1);
  await expect(panel.getByText(/garbage\.csv is not a contacts file/)).toHaveCount(1);
  // It is the file field's message: the field points at it.
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
  const refusalId = await refusal.getAttribute('id');
  expect(refusalId).toBeTruthy();
  expect(describedBy.split(' ')).toContain(refusalId);
  await expectNoSeriousViolations(page, 'refused import');
  await screenshots(page, 'import-refused-once');
});

test('"Clear…" reads "Deleting…" while the calls are deleted', async ({ page }) => {
  // The clear request is held at the page's socket until the label is read: no timing involved.
  let heldClear: { ws: WebSocketRoute; message: string | Buffer } | null = null;
  let server: WebSocketRoute | null = null;
  await page.routeWebSocket('**/ws', (ws) => {
    const toServer = ws.connectToServer();
    server = toServer;
    ws.onMessage((message) => {
      if (typeof message === 'string' && message.includes('clearOlderThan')) heldClear = { ws: toServer, message };
      else toServer.send(message);
    });
  });
  await page.setViewportSize({ width: 1280, height: 1000 });
  await openApp(page, host);
  expect(await callCount(page)).toBe(CALLS);
  await page.keyboard.press('Control+5');
  const history = page.getByRole('region', { name: 'History' });
  await history.getByRole('button', { name: 'Clear…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Clear old calls' });
  await expect(dialog).toContainText(`Delete ${CALLS} calls older than`);
  await dialog.getByRole('button', { name: 'Delete calls' }).click();
  await expect.poll(() => heldClear !== null).toBe(true);
  const busy = history.getByRole('button', { name: 'Deleting…' });
  await expect(busy).toBeVisible();
  await expect(history.getByText('Saving…')).toHaveCount(0);
  await busy.scrollIntoViewIfNeeded();
  await screenshots(page, 'history-clear-deleting');
  expect(server).not.toBeNull();
  const held = heldClear as { ws: WebSocketRoute; message: string | Buffer } | null;
  held?.ws.send(held.message);
  await expect(history).toContainText(`Deleted ${CALLS} calls.`, { timeout: 60_000 });
  await expect(history.getByRole('button', { name: 'Clear…' })).toBeVisible();
  expect(await callCount(page)).toBe(0);
});
