import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { expectNoSeriousViolations, screenshot } from './a11y.ts';
import { openApp } from './open-app.ts';

// The embedded sandbox account has two Hoiio Numbers besides the registered +65 9123 4567 (§7.1
// --hoiio-numbers): a US one and a UK one, so caller IDs and local presence have real choices.
const US_NUMBER = '+14155550000';
const UK_NUMBER = '+442079460000';
let host: RunningHost;
test.beforeAll(async () => {
  host = await startHost({
    args: ['--sandbox-time-scale', '0.05', '--sandbox-hoiio-numbers', `${US_NUMBER},${UK_NUMBER}`],
    timeoutMs: 45_000, // a shared, loaded machine can take longer than the default 15 s to start it
  });
});
test.afterAll(async () => {
  await host.stop();
});

/** One call as the sandbox's control API (hoiio-api.md §7.9) saw it. */
interface SandboxCall {
  readonly txn_ref: string;
  readonly dest1: string;
  readonly dest2: string;
  readonly caller_id: string;
  readonly max_duration: number | null;
}

/** The embedded sandbox's calls, newest first, read from its control API (same origin as its /open base URL). */
async function sandboxCalls(page: Page): Promise<SandboxCall[]> {
  const status = await page.evaluate(() => window.hoiio!.account.getStatus());
  if (!status.ok) throw new Error('account status unavailable');
  const origin = new URL(status.value.baseUrl).origin;
  const response = await fetch(`${origin}/sandbox/calls`);
  return ((await response.json()) as { calls: SandboxCall[] }).calls;
}

async function chooseOption(page: Page, combobox: string, option: RegExp | string) {
  await page.getByRole('combobox', { name: combobox }).click();
  await page.getByRole('option', { name: option }).click();
}

const numberField = (page: Page) => page.getByRole('textbox', { name: 'Number to call' });

test('as you type: the number in international format with its country, or why it cannot be dialled', async ({
  page,
}) => {
  await openApp(page, host);
  const input = numberField(page);
  const preview = page.getByTestId('dialer-interpreted');
  // The default country (Settings: Singapore) reads national digits.
  await expect(page.getByRole('combobox', { name: 'Country' })).toHaveValue('Singapore (+65)');
  // The placeholder is an example number of the chosen country, not a US one.
  await expect(input).toHaveAttribute('placeholder', '8123 4567');
  // Part of a name is a search, not a wrong number; digits still being typed are "too short".
  await input.fill('Piz');
  await expect(page.getByTestId('dialer-problem')).toHaveCount(0);
  // Letters with digits too ("Person 1") read as a name the same way: the hint, no error while typing.
  for (const name of ['P', 'abc', 'Person', 'Person 1']) {
    await input.fill(name);
    await expect(page.getByTestId('dialer-preview')).toContainText('part of a name');
    await expect(page.getByTestId('dialer-problem')).toHaveCount(0);
  }
  // Trying to call it says why it cannot be dialled.
  await input.press('Enter');
  await expect(page.getByTestId('dialer-error')).toContainText('(character 1)');
  for (const partial of ['8123 40', '12']) {
    await input.fill(partial);
    await expect(page.getByTestId('dialer-problem')).toHaveText(
      `${partial} is too short for a Singapore number: type the rest of the number (or +, the country code, then the number).`,
    );
  }
  await input.fill('8123 4567');
  await expect(preview).toHaveText('Will call +65 8123 4567, Singapore');
  await expect(preview.getByRole('img')).toHaveCount(0); // the flag is decorative (alt="")
  await expect(preview.locator('img')).toHaveAttribute('src', /SG-[^/]*\.svg$/);

  // Another country, searched by its calling code, reads the same digits differently.
  const country = page.getByRole('combobox', { name: 'Country' });
  await country.fill('+1');
  await page.getByRole('option', { name: 'United States (+1)' }).click();
  // Too few digits for the country is a number still being typed, said so; the example follows the country.
  await expect(page.getByTestId('dialer-problem')).toHaveText(
    '8123 4567 is too short for a United States number: type the rest of the number (or +, the country code, then the number).',
  );
  await expect(input).toHaveAttribute('placeholder', '(201) 555-0123');
  await input.fill('(415) 555-0100');
  await expect(preview).toHaveText('Will call +1 415 555 0100, United States');

  // An extension is shown, not dropped; an unserved network and text that is no number say why.
  await input.fill('+65 8123 4567 x123');
  await expect(preview).toHaveText('Will call +65 8123 4567, Singapore');
  await expect(page.getByTestId('dialer-extension')).toContainText('Extension 123 is kept with the call');
  await input.fill('+881 2345 678');
  await expect(page.getByTestId('dialer-problem')).toHaveText('Hoiio does not support calls to +8812345678.');
  await input.fill('call mom');
  // Letters alone may be a name being searched: the hint, not a number error, until Call.
  await expect(page.getByTestId('dialer-problem')).toHaveCount(0);
  await expect(page.getByTestId('dialer-preview')).toContainText('part of a name');
  await input.press('Enter');
  await expect(page.getByTestId('dialer-error')).toHaveText(
    '“call mom” is not one phone number. Enter a single number, e.g. +65 8123 4567.',
  );
  expect(await sandboxCalls(page)).toEqual([]);
});

test('a call with a chosen Call from and Caller ID reaches the sandbox with exactly those dest1 and caller_id', async ({
  page,
}) => {
  await openApp(page, host);
  const callFrom = page.getByRole('combobox', { name: 'Call from' });
  await expect(callFrom).toHaveValue('+65 9123 4567'); // the registered number (no Settings default)
  await callFrom.fill('+65 8765 4321');
  await chooseOption(page, 'Caller ID', /^\+1 415 555 0000/);
  await expect(page.getByRole('combobox', { name: 'Caller ID' })).toHaveValue('+1 415 555 0000');
  await page.getByRole('textbox', { name: 'Max duration (minutes)' }).fill('2');
  await numberField(page).fill('+65 8123 4567');
  // The price is for these legs: Singapore + Singapore.
  await expect(page.getByTestId('dialer-price')).toHaveText(/USD\s0\.030 per minute/);
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(numberField(page)).toHaveValue('');
  const [call] = await sandboxCalls(page);
  expect(call).toMatchObject({
    dest1: '+6587654321',
    dest2: '+6581234567',
    caller_id: US_NUMBER,
    max_duration: 120,
  });

  // `private` is sent as `private` (hoiio-api.md §8); the choices stay for the next call of this visit.
  await chooseOption(page, 'Caller ID', /^Private/);
  await numberField(page).fill('+44 20 7946 0018');
  await expect(page.getByTestId('dialer-price')).toHaveText(/USD\s0\.035 per minute/); // +65 0.015 + +44 0.020
  await numberField(page).press('Enter');
  await expect(numberField(page)).toHaveValue('');
  const [second] = await sandboxCalls(page);
  expect(second).toMatchObject({ dest1: '+6587654321', dest2: '+442079460018', caller_id: 'private' });
});

test('local presence shows your Hoiio number in the callee’s country, else the default', async ({ page }) => {
  await openApp(page, host);
  await chooseOption(page, 'Caller ID', /^Local presence/);
  const callerId = page.getByRole('combobox', { name: 'Caller ID' });
  await numberField(page).fill('+44 20 7946 0018');
  await expect(page.getByText('Local presence: shows +44 20 7946 0000, your United Kingdom number.')).toBeVisible();
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(numberField(page)).toHaveValue('');
  expect((await sandboxCalls(page))[0]).toMatchObject({ dest2: '+442079460018', caller_id: UK_NUMBER });

  await numberField(page).fill('+1 212 555 0142');
  await expect(page.getByText('Local presence: shows +1 415 555 0000, your United States number.')).toBeVisible();
  await numberField(page).press('Enter');
  await expect(numberField(page)).toHaveValue('');
  expect((await sandboxCalls(page))[0]).toMatchObject({ dest2: '+12125550142', caller_id: US_NUMBER });

  // No Hoiio Number in Australia: the default caller ID (the registered number).
  await numberField(page).fill('+61 2 9374 4000');
  await expect(page.getByText('You have no Hoiio number in Australia: shows +65 9123 4567.')).toBeVisible();
  await expect(callerId).toHaveValue('Local presence');
  await numberField(page).press('Enter');
  await expect(numberField(page)).toHaveValue('');
  expect((await sandboxCalls(page))[0]).toMatchObject({ dest2: '+61293744000', caller_id: '+6591234567' });
});

test('suggestions from contacts and recent calls: arrow keys and Enter pick one', async ({ page }) => {
  await openApp(page, host);
  const created = await page.evaluate(() =>
    window.hoiio!.contacts.create({ name: 'Alice Tan', phones: [{ label: 'mobile', number: '+65 8123 9876' }] }),
  );
  expect(created.ok).toBe(true);
  const input = numberField(page);
  await input.fill('Alic');
  const list = page.getByRole('listbox', { name: 'Suggestions' });
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(list.getByRole('option').first()).toContainText('Alice Tan');
  await input.press('ArrowDown');
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await input.press('Enter');
  await expect(list).toBeHidden();
  await expect(input).toHaveValue('+65 8123 9876');
  await expect(page.getByTestId('dialer-interpreted')).toHaveText('Will call Alice Tan, +65 8123 9876, Singapore');

  // Digits find recent calls too, each number once.
  const placed = await page.evaluate(() => window.hoiio!.calls.place({ dest2: '+44 20 7946 0018' }));
  expect(placed.ok).toBe(true);
  await input.fill('7946');
  await expect(list.getByRole('option').first()).toContainText('+44 20 7946 0018');
  await expect(list.getByRole('option')).toHaveCount(1);
  await input.press('Escape');
  await expect(list).toBeHidden();
});

test('the keypad types the number, by click and by keyboard', async ({ page }) => {
  await openApp(page, host);
  const keypad = page.getByRole('group', { name: 'Keypad' });
  for (const key of ['+', '6', '5', '8', '1']) await keypad.getByRole('button', { name: key, exact: true }).click();
  // With a key focused, the keyboard types on the keypad too.
  await keypad.getByRole('button', { name: '1', exact: true }).focus();
  await page.keyboard.type('234567');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('7');
  await expect(numberField(page)).toHaveValue('+6581234567');
  await keypad.getByRole('button', { name: 'Delete' }).click();
  await expect(numberField(page)).toHaveValue('+658123456');
  await expect(page.getByTestId('dialer-problem')).toBeVisible();

  // Anywhere on the Dialer outside a text field (here the heading, focused after navigation), typing dials.
  await page.getByRole('link', { name: 'Contacts' }).click();
  await page.getByRole('link', { name: 'Dialer' }).click();
  await expect(page.getByRole('heading', { name: 'Dialer', level: 1 })).toBeFocused();
  await page.keyboard.type('7');
  await expect(numberField(page)).toBeFocused();
  await expect(numberField(page)).toHaveValue('7');
});

for (const theme of ['light', 'dark'] as const) {
  test(`the Dialer's states pass axe in ${theme} (screenshots saved)`, async ({ page }) => {
    test.setTimeout(120_000); // seven axe runs over the whole page, on a shared machine
    await openApp(page, host);
    await page.evaluate((value) => window.hoiio!.settings.update({ theme: value }), theme);
    await page.evaluate(
      (name) => window.hoiio!.contacts.create({ name, phones: [{ label: 'work', number: '+65 8111 2222' }] }),
      `Axe ${theme}`,
    );
    await page.reload();
    await expect(numberField(page)).toBeVisible();
    try {
      const check = async (state: string, include?: readonly string[]) => {
        await expectNoSeriousViolations(page, `dialer ${state} (${theme})`, { include });
        await screenshot(page, `en-${theme}-dialer-${state}`);
      };
      await check('empty');
      await numberField(page).fill('+1 415 555 0100 ext. 12');
      await expect(page.getByTestId('dialer-price')).toHaveText(/per minute/);
      await check('interpreted');
      await numberField(page).fill('8123 45');
      await expect(page.getByTestId('dialer-problem')).toBeVisible();
      await check('problem');
      await numberField(page).fill(`Axe ${theme}`);
      await expect(page.getByRole('listbox', { name: 'Suggestions' })).toBeVisible();
      await check('suggestions');
      await numberField(page).fill('+44 20 7946 0018');
      await chooseOption(page, 'Caller ID', /^Local presence/);
      await check('local-presence');
      await page.getByRole('combobox', { name: 'Country' }).click();
      await expect(page.getByRole('option', { name: 'Singapore (+65)' })).toBeVisible();
      // An open list: the field and its list (React Aria hides the rest from assistive technology meanwhile).
      await check('country-open', ['[data-testid="dialer-country"]', '[role="listbox"]']);
      await page.keyboard.press('Escape');
      await page.getByRole('combobox', { name: 'Caller ID' }).click();
      await expect(page.getByRole('option', { name: /^Private/ })).toBeVisible();
      await check('caller-id-open', ['[data-testid="dialer-caller-id"]', '[role="listbox"]']);
    } finally {
      await page.evaluate(() => window.hoiio!.settings.update({ theme: 'system' }));
    }
  });
}
