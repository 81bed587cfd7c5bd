/**
 * A view's status line says only what the LAST action did (components/StatusNotice.tsx): the next
 * action's notice replaces it, and starting another task (a new contact form, an import, an export)
 * clears it, so "Saved Ada." or "Restored Ada." never sits above unrelated work.
 */
import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { openApp } from './open-app.ts';

let host: RunningHost;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => {
  await host.stop();
});

test('a contacts notice is replaced by the next one and cleared by a new form, an import or an export', async ({
  page,
}) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  const notice = page.locator('#contacts-notice-text');
  const addContact = async (name: string) => {
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByLabel('Name').fill(name);
    await page.getByRole('textbox', { name: 'Phone 1', exact: true }).fill('+65 8123 4500');
    await page.getByRole('button', { name: 'Save contact' }).click();
    await expect(notice).toHaveText(`Saved ${name}.`);
  };
  await addContact('Notice Person');
  // Opening a new form is another task: the old "Saved …" goes.
  await page.getByRole('button', { name: 'Add contact' }).click();
  await expect(notice).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel' }).click();

  // Delete, then Undo: the restore notice replaces the delete notice.
  await page.getByRole('button', { name: 'Delete Notice Person' }).click();
  await page.getByRole('dialog', { name: 'Delete Notice Person' }).getByRole('button', { name: 'Delete' }).click();
  await expect(notice).toHaveText('Deleted Notice Person.');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(notice).toHaveText('Restored Notice Person.');
  await expect(page.getByRole('status').filter({ hasText: 'Deleted Notice Person.' })).toHaveCount(0);

  // Starting an import clears it; so does an export.
  await page.getByRole('button', { name: 'Import contacts' }).click();
  await expect(notice).toHaveCount(0);
  await page.keyboard.press('Escape');
  await addContact('Second Person');
  await page.getByRole('button', { name: 'Export contacts' }).click();
  await expect(notice).toHaveCount(0);
});
