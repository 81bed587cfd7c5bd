import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobProgress } from '../../src/shared/import-export.ts';
import { requestTimeoutError } from '../../src/shared/request-timeout.ts';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { expectNoSeriousViolations } from './a11y.ts';
import { openApp, placeCallAndWaitForEnd } from './open-app.ts';

// Files the user imports and exports live outside the app's data folder (main refuses that folder).
let files: string;
let host: RunningHost;
test.beforeAll(async () => {
  files = mkdtempSync(path.join(os.tmpdir(), 'hoiio-e2e-files-'));
  host = await startHost({ args: ['--sandbox-time-scale', '0.05'] });
});
test.afterAll(async () => {
  await host.stop();
  rmSync(files, { recursive: true, force: true });
});

const card = (name: string, tel: string) =>
  `BEGIN:VCARD\r\nVERSION:4.0\r\nFN:${name}\r\nTEL;TYPE=cell:${tel}\r\nEND:VCARD\r\n`;

function writeFile(name: string, content: string): string {
  const file = path.join(files, name);
  writeFileSync(file, content);
  return file;
}

/** Records every importExportProgress event the page receives, to check the bar reached the end. */
async function recordProgress(page: Page): Promise<() => Promise<JobProgress[]>> {
  await page.evaluate(() => {
    const seen: unknown[] = [];
    Reflect.set(window, 'seenProgress', seen);
    window.hoiio!.on.importExportProgress((progress) => seen.push(progress));
  });
  return () => page.evaluate(() => Reflect.get(window, 'seenProgress') as JobProgress[]);
}

async function importFile(page: Page, file: string): Promise<void> {
  await page.getByRole('button', { name: 'Import contacts' }).click();
  const panel = page.getByRole('region', { name: 'Import contacts' });
  await panel.getByLabel('File to import').fill(file);
  await expect(panel.getByLabel('Default country')).toHaveValue('SG');
  await panel.getByRole('button', { name: 'Start import' }).click();
  await expect(panel.getByTestId('import-report')).toBeVisible({ timeout: 15_000 });
}

test('a vCard file is imported through a typed path, with progress and a report', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  const seen = await recordProgress(page);
  const file = writeFile('friends.vcf', card('Ada Lovelace', '+1 415 555 0100') + card('Alan Turing', '8123 4567'));

  await importFile(page, file);
  const panel = page.getByRole('region', { name: 'Import contacts' });
  await expect(panel.getByTestId('count-imported')).toHaveText('2');
  await expect(panel.getByTestId('count-rejected')).toHaveText('0');
  const events = (await seen()).filter((event) => event.kind === 'import');
  expect(events.length).toBeGreaterThan(0);
  const last = events.at(-1)!;
  expect(last.processed).toBe(last.total);

  await panel.getByRole('button', { name: 'Done' }).click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('contact-row').filter({ hasText: 'Ada Lovelace' })).toHaveCount(1);
  // "8123 4567" had no country code: read with the default country, Singapore.
  await expect(page.getByTestId('contact-row').filter({ hasText: 'Alan Turing' })).toContainText('+65 8123 4567');
});

test('a record without a usable number is rejected with its reason; the rest is imported', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  const file = writeFile('mixed.vcf', card('Grace Hopper', '+65 8123 9999') + card('Broken Number', '12'));

  await importFile(page, file);
  const panel = page.getByRole('region', { name: 'Import contacts' });
  await expect(panel.getByTestId('count-imported')).toHaveText('1');
  await expect(panel.getByTestId('count-rejected')).toHaveText('1');
  const rejected = panel.getByTestId('report-rejected');
  await expect(rejected).toContainText('Record 2 (line 6)');
  await expect(rejected).toContainText('No valid phone number: "12"');
  await panel.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('contact-row').filter({ hasText: 'Grace Hopper' })).toHaveCount(1);
  await expect(page.getByTestId('contact-row').filter({ hasText: 'Broken Number' })).toHaveCount(0);
});

test('a path that is not absolute is refused with the reason', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  await page.getByRole('button', { name: 'Import contacts' }).click();
  const panel = page.getByRole('region', { name: 'Import contacts' });
  await panel.getByLabel('File to import').fill('contacts.vcf');
  await panel.getByRole('button', { name: 'Start import' }).click();
  // The reason beside the field it is about, and the form's summary above.
  await expect(panel.getByTestId('field-error')).toContainText('absolute path');
  await expect(panel.getByLabel('File to import')).toHaveAttribute('aria-invalid', 'true');
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toHaveCount(0);
});

test('the panels work from the keyboard: focus moves in, Escape closes, focus comes back', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  const opener = page.getByRole('button', { name: 'Import contacts' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('region', { name: 'Import contacts' });
  await expect(panel.getByRole('heading', { name: 'Import contacts' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(panel.getByLabel('File to import')).toBeFocused();
  await expect(panel.getByRole('radiogroup', { name: 'Contacts already here' })).toBeVisible();
  await panel.getByRole('radio', { name: /^Skip them/ }).check();
  await expect(panel.getByRole('radio', { name: /^Merge/ })).not.toBeChecked();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(opener).toBeFocused();
});

async function exportContacts(page: Page, file: string): Promise<void> {
  await page.getByRole('button', { name: 'Export contacts' }).click();
  const panel = page.getByRole('region', { name: 'Export contacts' });
  await expect(panel.getByRole('radio', { name: /vCard 4\.0/ })).toBeChecked();
  await panel.getByLabel('Save as').fill(file);
  await panel.getByRole('button', { name: 'Export' }).click();
}

test('contacts are exported as vCard to a chosen path', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  const file = path.join(files, 'export.vcf');
  await exportContacts(page, file);
  const panel = page.getByRole('region', { name: 'Export contacts' });
  await expect(panel.getByTestId('export-result')).toHaveText(`Saved 3 contacts to ${file}.`);
  const written = readFileSync(file, 'utf8');
  expect(written).toContain('BEGIN:VCARD');
  for (const name of ['Ada Lovelace', 'Alan Turing', 'Grace Hopper']) expect(written).toContain(name);
  await panel.getByRole('button', { name: 'Done' }).click();
  await expect(panel).toHaveCount(0);
});

test('exporting onto an existing file asks first, and replaces it only when confirmed', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  const file = writeFile('existing.vcf', 'old content\n');
  await exportContacts(page, file);
  const panel = page.getByRole('region', { name: 'Export contacts' });
  const ask = page.getByRole('dialog', { name: 'Replace the file?' });
  await expect(ask).toContainText('already exists. Replace it?');

  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toBeHidden();
  await expect(panel.getByRole('alert')).toBeVisible();
  expect(readFileSync(file, 'utf8')).toBe('old content\n');

  await panel.getByRole('button', { name: 'Export' }).click();
  await ask.getByRole('button', { name: 'Replace' }).click();
  await expect(panel.getByTestId('export-result')).toHaveText(`Saved 3 contacts to ${file}.`);
  const written = readFileSync(file, 'utf8');
  expect(written).not.toContain('old content');
  expect(written).toContain('BEGIN:VCARD');
});

test('the call log is exported as CSV with the filters in force', async ({ page }) => {
  await openApp(page, host);
  for (const number of ['+1 415 555 0100', '+65 8123 0001']) await placeCallAndWaitForEnd(page, number);
  await page.keyboard.press('Control+3');
  await expect(page.getByTestId('call-log-row')).toHaveCount(2);
  await page.getByLabel('Outcome').selectOption('busy');
  await expect(page.getByTestId('call-log-row')).toHaveCount(1);

  await page.getByRole('button', { name: 'Export CSV' }).click();
  const panel = page.getByRole('region', { name: 'Export the call log' });
  await expect(panel.getByTestId('export-filter')).toHaveText('Only the calls shown: busy');
  const file = path.join(files, 'calls.csv');
  await panel.getByLabel('Save as').fill(file);
  await panel.getByRole('button', { name: 'Export' }).click();
  await expect(panel.getByTestId('export-result')).toHaveText(`Saved 1 call to ${file}.`);
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^Time,/);
  expect(lines[1]).toContain('+6581230001');
  expect(lines[1]).toContain('busy');
});

test('a long import can be cancelled, and then nothing of it is imported', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  const rows = page.getByTestId('contact-row');
  await expect(rows.first()).toBeVisible();
  const before = await rows.count();
  let cards = '';
  for (let index = 0; index < 20_000; index++) {
    cards += card(`Bulk Person ${index}`, `+1 415 555 ${String(index % 10_000).padStart(4, '0')}`);
  }
  const file = writeFile('bulk.vcf', cards);

  await page.getByRole('button', { name: 'Import contacts' }).click();
  const panel = page.getByRole('region', { name: 'Import contacts' });
  await panel.getByLabel('File to import').fill(file);
  await panel.getByRole('button', { name: 'Start import' }).click();
  const bar = panel.getByRole('progressbar', { name: 'Import contacts progress' });
  await expect(bar).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Start import' })).toBeDisabled();
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByRole('status')).toHaveText('The import was cancelled; nothing was imported.', {
    timeout: 15_000,
  });
  await expect(bar).toHaveCount(0);
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(rows).toHaveCount(before);
  await expect(page.getByText('Bulk Person')).toHaveCount(0);
});

test('an import that outlives its request timeout shows the timeout without "try again", then its real report', async ({
  page,
}) => {
  // The page's socket runs through this route to the real host. The host's answer to the import is
  // replaced by the answer it gives a request silent for 60 s, and the job's jobFinished event (sent
  // just before that answer) is held until the test releases it: as when an import goes on after its
  // request timed out and ends later.
  let releaseFinished: () => void = () => undefined;
  await page.routeWebSocket(/\/ws$/, (socket) => {
    const server = socket.connectToServer();
    let importId: number | null = null;
    let finished: string | null = null;
    socket.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { id?: number; channel?: string };
      if (frame.channel === 'importExport:importContacts') importId = frame.id ?? null;
      server.send(message);
    });
    server.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { id?: number; event?: string; result?: unknown };
      if (frame.event === 'jobFinished') return void (finished = String(message));
      if (importId === null || frame.id !== importId || frame.result === undefined) return socket.send(message);
      const timedOut = { ok: false, error: requestTimeoutError('importExport:importContacts', 60) };
      socket.send(JSON.stringify({ id: importId, result: timedOut }));
      releaseFinished = () => {
        if (finished) socket.send(finished);
      };
    });
  });
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  const file = writeFile(
    'outlives-timeout.vcf',
    card('Late Lena', '+65 8123 9001') + card('Late Lim', '+65 8123 9002'),
  );

  await page.getByRole('button', { name: 'Import contacts' }).click();
  const panel = page.getByRole('region', { name: 'Import contacts' });
  await panel.getByLabel('File to import').fill(file);
  await panel.getByRole('button', { name: 'Start import' }).click();
  const alert = panel.getByRole('alert');
  await expect(alert).toContainText('check the contacts list', { timeout: 15_000 });
  await expect(alert).not.toContainText(/try again/i);
  await expect(panel.getByTestId('import-report')).toHaveCount(0);

  releaseFinished();
  await expect(panel.getByTestId('import-report')).toBeVisible();
  await expect(panel.getByTestId('count-imported')).toHaveText('2');
  await expect(alert).toHaveCount(0);
  await panel.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('contact-row').filter({ hasText: 'Late Lena' })).toHaveCount(1);
});

test('the last import is undone as a whole after a confirmation saying what will happen', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  const rows = page.getByTestId('contact-row');
  // A contact already here that the import merges into (same name, a shared number).
  await importFile(page, writeFile('before-undo.vcf', card('Undo Keeper', '+65 8765 0001')));
  await page.getByRole('region', { name: 'Import contacts' }).getByRole('button', { name: 'Done' }).click();

  const file = writeFile(
    'to-undo.vcf',
    card('Undo Added One', '+65 8765 0002') +
      card('Undo Added Two', '+65 8765 0003') +
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Undo Keeper\r\nTEL:+65 8765 0001\r\nTEL:+65 8765 0004\r\nEND:VCARD\r\n',
  );
  await importFile(page, file);
  const panel = page.getByRole('region', { name: 'Import contacts' });
  await expect(panel.getByTestId('count-imported')).toHaveText('2');
  await expect(panel.getByTestId('count-merged')).toHaveText('1');
  const undo = panel.getByTestId('import-undo');
  await expect(undo).toContainText('to-undo.vcf');
  await undo.getByRole('button', { name: 'Undo this import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Undo this import' });
  await expect(dialog).toContainText('The 2 contacts it added will be deleted.');
  await expect(dialog).toContainText('The 1 contact it merged into gets its previous details back.');
  await expectNoSeriousViolations(page, 'the undo-import confirmation');
  await dialog.getByRole('button', { name: 'Undo import' }).click();
  await expect(panel.getByTestId('import-undone')).toContainText('2 contacts deleted, 1 restored');
  await panel.getByRole('button', { name: 'Done' }).click();
  await expect(rows.filter({ hasText: 'Undo Added' })).toHaveCount(0);
  const keeper = rows.filter({ hasText: 'Undo Keeper' });
  await expect(keeper).toContainText('+65 8765 0001');
  await expect(keeper).not.toContainText('+65 8765 0004');
});

test('a CSV file with headers the app does not know is imported after mapping its columns', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  const file = writeFile(
    'hand-made.csv',
    'Person;Reach me at;Employer;Remarks\r\nMapped Jörg;+49 171 5550123;Beispiel GmbH;met in Berlin\r\n' +
      'Mapped Tan;8123 4567;Example Pte Ltd;\r\n',
  );
  await page.getByRole('button', { name: 'Import contacts' }).click();
  const panel = page.getByRole('region', { name: 'Import contacts' });
  await panel.getByLabel('File to import').fill(file);
  await panel.getByRole('button', { name: 'Start import' }).click();
  // Not refused: the panel shows the first rows and a field per column, suggested from the values.
  const mapping = panel.getByTestId('column-mapping');
  await expect(mapping).toContainText('Mapped Jörg');
  await expect(mapping).toContainText('+49 171 5550123');
  await expect(panel.getByLabel('Column 1 (Person) holds')).toHaveValue('name');
  await expect(panel.getByLabel('Column 2 (Reach me at) holds')).toHaveValue('phone');
  await expectNoSeriousViolations(page, 'the column-mapping step');
  await panel.getByLabel('Column 2 (Reach me at) holds').selectOption({ label: 'Phone: mobile' });
  await panel.getByLabel('Column 3 (Employer) holds').selectOption({ label: 'Company' });
  await panel.getByLabel('Column 4 (Remarks) holds').selectOption({ label: 'Notes' });
  await panel.getByRole('button', { name: 'Import with these columns' }).click();
  await expect(panel.getByTestId('count-imported')).toHaveText('2', { timeout: 15_000 });
  await panel.getByRole('button', { name: 'Done' }).click();
  const jorg = page.getByTestId('contact-row').filter({ hasText: 'Mapped Jörg' });
  await expect(jorg).toContainText('Beispiel GmbH');
  // The row shows the number; its label (from "Phone: mobile") is in the stored contact.
  const stored = (await page.evaluate(() => window.hoiio!.contacts.list({ search: 'Mapped Jörg', limit: 5 }))) as {
    ok: true;
    value: { items: { phones: { label: string }[] }[] };
  };
  expect(stored.value.items[0]?.phones.map((phone) => phone.label)).toEqual(['mobile']);
  await expect(page.getByTestId('contact-row').filter({ hasText: 'Mapped Tan' })).toContainText('+65 8123 4567');

  // The mapping is remembered for the next file with these headers.
  await page.getByRole('button', { name: 'Import contacts' }).click();
  await panel
    .getByLabel('File to import')
    .fill(writeFile('hand-made-2.csv', 'Person;Reach me at;Employer;Remarks\r\nMapped Lee;+65 8123 0001;;\r\n'));
  await panel.getByRole('button', { name: 'Start import' }).click();
  await expect(panel.getByLabel('Column 3 (Employer) holds')).toHaveValue('company');
  await expect(panel.getByLabel('Column 2 (Reach me at) holds')).toHaveValue('phone.mobile');
  await panel.getByRole('button', { name: 'Close' }).click();
});
