import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { openApp } from './open-app.ts';

// Issue 9 follow-up (t9): Settings › Your phone reads numbers as the Dialer does; a custom call-log range
// ending 9999-12-31 loads; bad ranges are said next to the date fields and nothing breaks.
let host: RunningHost | undefined;
test.afterAll(async () => {
  await host?.stop();
});

test('Settings › Your phone takes "+65 8123 4567" and "+65-8123-4567" (as the Dialer does) and names a "#"', async ({
  page,
}) => {
  host ??= await startHost();
  await openApp(page, host);
  await page.getByRole('link', { name: 'Settings' }).click();
  const calling = page.getByRole('region', { name: 'Calling' });
  const yourPhone = calling.getByLabel('Your phone');
  for (const typed of ['+65 8123 4567', '+65-8123-4567']) {
    await yourPhone.fill(typed);
    await calling.getByRole('button', { name: 'Save' }).click();
    await expect(calling.getByText('Settings saved.')).toBeVisible();
    // Shown as main read it, stored as E.164.
    await expect(yourPhone).toHaveValue('+65 8123 4567');
    const stored = await page.evaluate(async () => {
      const result = await window.hoiio!.settings.get();
      return result.ok ? result.value.defaultDest1 : null;
    });
    expect(stored).toBe('+6581234567');
  }
  await yourPhone.fill('9123-4567#');
  await calling.getByRole('button', { name: 'Save' }).click();
  await expect(calling).toContainText('“9123-4567#”: # (character 10) cannot be dialled.');
  await expect(yourPhone).toHaveAttribute('aria-invalid', 'true');
});

test('the call log loads with a custom range ending 9999-12-31; an end before the start is said and lists nothing', async ({
  page,
}) => {
  host ??= await startHost();
  await openApp(page, host);
  // A call in the log (its row is there from "placing" on; how long the sandbox keeps it live does not matter here).
  const number = page.getByLabel('Number to call');
  await number.fill('+65 8123 0042');
  await number.press('Enter');
  await expect(number).toHaveValue('', { timeout: 15_000 });
  await page.getByRole('link', { name: 'Call log' }).click();
  await page.getByLabel('Date range').selectOption('custom');
  await page.getByLabel('From', { exact: true }).fill('2000-01-01');
  await page.getByLabel('To', { exact: true }).fill('9999-12-31');
  await expect(page.getByTestId('call-log-row').first()).toBeVisible();
  await expect(page.getByTestId('date-range-error')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);

  await page.getByLabel('To', { exact: true }).fill('1999-12-31');
  await expect(page.getByTestId('date-range-error')).toHaveText(
    'The end date is before the start date: choose an end date on or after the start date.',
  );
  await expect(page.getByLabel('To', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  // Nothing is listed for it: no calls of the last sound range (2000-01-01 to 9999-12-31), nor of its From
  // alone (the tester's 11/30–11/01 listed "8 calls" under the error), only what to do.
  await expect(page.getByRole('heading', { name: 'No calls shown for these dates' })).toBeVisible();
  await expect(page.getByText('Correct the dates above to list the calls in that range.')).toBeVisible();
  await expect(page.getByTestId('call-log-row')).toHaveCount(0);
  await expect(page.getByTestId('call-count')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export CSV', exact: true })).toBeDisabled();
  // A From alone lists its calls; a To before it then lists none.
  await page.getByLabel('To', { exact: true }).fill('');
  await page.getByLabel('From', { exact: true }).fill('2000-01-01');
  await expect(page.getByTestId('call-log-row').first()).toBeVisible();
  await page.getByLabel('To', { exact: true }).fill('1999-12-31');
  await expect(page.getByTestId('date-range-error')).toBeVisible();
  await expect(page.getByTestId('call-log-row')).toHaveCount(0);
  // Put right, the range's calls are listed again.
  await page.getByLabel('To', { exact: true }).fill('9999-12-31');
  await expect(page.getByTestId('date-range-error')).toHaveCount(0);
  await expect(page.getByTestId('call-log-row').first()).toBeVisible();

  // The core refuses the same ranges in plain words (IPC schema), whoever sends them.
  const refusals = await page.evaluate(async () => {
    const overflow = await window.hoiio!.callLog.page({ to: '+010000-01-01T00:00:00.000Z' });
    const reversed = await window.hoiio!.callLog.page({
      from: '2030-01-02T00:00:00.000Z',
      to: '2030-01-01T00:00:00.000Z',
    });
    return [overflow, reversed].map((result) => (result.ok ? 'accepted' : result.error.fields?.[0]?.key));
  });
  expect(refusals).toEqual(['callLog.range.invalidInstant', 'callLog.range.endBeforeStart']);
});

test('the Dialer names the "#" of "9123-4567#" and shows a pasted tab visibly, in the words Settings uses', async ({
  page,
}) => {
  host ??= await startHost();
  await openApp(page, host);
  const number = page.getByLabel('Number to call');
  await number.fill('9123-4567#');
  await expect(page.getByTestId('dialer-problem')).toHaveText(
    '“9123-4567#”: # (character 10) cannot be dialled. Use digits, with spaces or - . ( ) / between them if you like.',
  );
  await number.fill('9123\t4567*');
  await expect(page.getByTestId('dialer-problem')).toContainText('“9123⟨tab⟩4567*”: * (character 10)');
  // A tab or a no-break space between digit groups is harmless: read as a space.
  await number.fill('8123\u00A04567');
  await expect(page.getByTestId('dialer-interpreted')).toContainText('+65 8123 4567');
  // "Call from" (your phone, dest1) says the same, not "enter an international number".
  const callFrom = page.getByRole('combobox', { name: 'Call from' });
  await callFrom.fill('9123-4567#');
  await expect(page.getByText('“9123-4567#”: # (character 10) cannot be dialled.', { exact: false })).toBeVisible();
});
