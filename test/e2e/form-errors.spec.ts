import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { openApp } from './open-app.ts';

// Faults a new-user tester found in forms (session of 2026-12-01): a field's error stayed after its value changed.
let files: string;
let host: RunningHost;
test.beforeAll(async () => {
  files = mkdtempSync(path.join(os.tmpdir(), 'hoiio-e2e-forms-'));
  host = await startHost({ args: ['--sandbox-time-scale', '0.05'] });
});
test.afterAll(async () => {
  await host.stop();
  rmSync(files, { recursive: true, force: true });
});

test('Settings: a field refused on Save stops being red once its value changes, and is checked again on the next Save', async ({
  page,
}) => {
  await openApp(page, host);
  await page.getByRole('link', { name: 'Settings' }).click();
  const calling = page.getByRole('region', { name: 'Calling' });
  const callerId = calling.getByRole('textbox', { name: 'Caller ID' });
  const phone = calling.getByRole('textbox', { name: 'Your phone' });
  const save = calling.getByRole('button', { name: 'Save' });
  await callerId.fill('12');
  await phone.fill('call me');
  await save.click();
  await expect(callerId).toHaveAttribute('aria-invalid', 'true');
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(calling.getByTestId('field-error')).toHaveCount(2);
  // Clearing the caller ID: its message was about "12" and goes; the other field keeps its own.
  await callerId.fill('');
  await expect(callerId).not.toHaveAttribute('aria-invalid');
  await expect(callerId).not.toHaveAttribute('aria-describedby');
  await expect(calling.getByTestId('field-error')).toHaveCount(1);
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  // The next Save checks every field again: "12" typed back is refused again.
  await callerId.fill('12');
  await save.click();
  await expect(callerId).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator(`#${await callerId.getAttribute('aria-describedby')}`)).toContainText('12');
  await callerId.fill('');
  await phone.fill('');
  await save.click();
  await expect(calling.getByText('Settings saved.')).toBeVisible();
  await expect(calling.getByTestId('field-error')).toHaveCount(0);
});

test('Settings → Calling has the tunnel server the Privacy note names: an http(s) address is saved, anything else refused beside the field', async ({
  page,
}) => {
  await openApp(page, host);
  await page.getByRole('link', { name: 'Settings' }).click();
  const calling = page.getByRole('region', { name: 'Calling' });
  const server = calling.getByRole('textbox', { name: 'Tunnel server' });
  const stored = async () =>
    page.evaluate(async () => {
      const result = await window.hoiio!.settings.get();
      return result.ok ? result.value.tunnel.serverUrl : 'error';
    });
  const before = await stored();
  await expect(server).toHaveValue(before);
  // The Privacy note sends the user to this field by its name.
  await expect(page.getByText(/set under Calling → Tunnel server/)).toBeVisible();
  for (const typed of ['ftp://127.0.0.1/', 'tunnel.example.com']) {
    await server.fill(typed);
    await calling.getByRole('button', { name: 'Save' }).click();
    await expect(server).toHaveAttribute('aria-invalid', 'true');
    await expect(server).toBeFocused();
    await expect(page.locator(`#${(await server.getAttribute('aria-describedby'))!.split(' ')[0]}`)).toHaveText(
      'Enter the tunnel server’s address starting with http:// or https://, e.g. https://tunnel.example.com.',
    );
    expect(await stored()).toBe(before);
  }
  await server.fill('http://127.0.0.1:4999');
  await calling.getByRole('button', { name: 'Save' }).click();
  await expect(calling.getByText('Settings saved.')).toBeVisible();
  await expect.poll(stored).toBe('http://127.0.0.1:4999');
  await expect(server).not.toHaveAttribute('aria-invalid');
  // An emptied field goes back to the default server.
  await server.fill('');
  await calling.getByRole('button', { name: 'Save' }).click();
  await expect.poll(stored).toBe('https://localtunnel.me');
  await expect(server).toHaveValue('https://localtunnel.me');
});

/** The field is marked invalid, focused, and described by a message beside it that says `text`. */
async function expectRefusedBeside(page: Page, field: Locator, text: string | RegExp): Promise<void> {
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toBeFocused();
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ');
  const messages = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  expect(messages.join(' ')).toMatch(text);
  await expect(page.getByTestId('field-error').filter({ hasText: text })).toHaveCount(1);
}

test('import, export and restore mark the refused file or country and word the refusal beside it, once', async ({
  page,
}) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  const csv = path.join(files, 'people.csv');
  writeFileSync(csv, 'Name,Mobile Phone\r\nAda,+65 8123 4567\r\n');
  await page.getByRole('button', { name: 'Import contacts' }).click();
  const importing = page.getByRole('region', { name: 'Import contacts' });
  const file = importing.getByLabel('File to import');
  const country = importing.getByRole('textbox', { name: 'Default country' });
  await file.fill('relative.csv');
  await importing.getByRole('button', { name: 'Start import' }).click();
  await expectRefusedBeside(page, file, /absolute path/);
  // Worded beside the field only: the one alert is the field's, none below the form to be announced again.
  await expect(importing.getByRole('alert')).toHaveCount(1);
  await expect(importing.getByRole('alert')).toHaveAttribute('data-testid', 'field-error');
  await expect(country).not.toHaveAttribute('aria-invalid', 'true');
  // A country the core does not know: the country field, not the file, is marked.
  await file.fill(csv);
  await expect(file).not.toHaveAttribute('aria-invalid', 'true');
  await country.fill('ZZ');
  await importing.getByRole('button', { name: 'Start import' }).click();
  await expectRefusedBeside(page, country, 'Choose a country, e.g. SG or US.');
  await expect(file).not.toHaveAttribute('aria-invalid', 'true');
  await importing.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Export contacts' }).click();
  const exporting = page.getByRole('region', { name: 'Export contacts' });
  const target = exporting.getByLabel('Save as');
  await target.fill('contacts.vcf');
  await exporting.getByRole('button', { name: 'Export' }).click();
  await expectRefusedBeside(page, target, /absolute path/);
  await exporting.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Restore…' }).click();
  const restoring = page.getByRole('region', { name: 'Restore' });
  const backup = restoring.getByLabel('Backup file');
  await backup.fill('backup.db');
  await restoring.getByRole('button', { name: 'Restore' }).click();
  await expectRefusedBeside(page, backup, /absolute path/);
});
