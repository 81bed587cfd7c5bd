/**
 * Every limited text field behaves as a call note does (components/TextLimit.tsx useTextLimit): no
 * maxLength cuts a paste; near the limit a counter, over it a refusal beside the field and nothing
 * sent. And the user-text rule: a name of spaces and zero-width spaces is "Enter a name.".
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

test('a pasted 325-character name is refused with a counter, never cut; at the limit it is saved whole', async ({
  page,
}) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  await page.getByRole('button', { name: 'Add contact' }).click();
  const form = page.getByRole('form', { name: 'New contact' });
  const name = form.getByRole('textbox', { name: 'Name' });
  await name.fill('Ab'.repeat(162) + 'c');
  await expect(name).toHaveValue('Ab'.repeat(162) + 'c'); // not cut
  await expect(form.getByTestId('text-count')).toHaveText('325 / 200 characters');
  await expect(form.getByTestId('text-too-long')).toHaveText(
    'Too long: 325 characters, the limit is 200. Shorten it by 125 characters.',
  );
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await form.getByRole('button', { name: 'Save contact' }).click();
  await expect(name).toBeFocused();
  await expect(form).toBeVisible();
  const stored = async () =>
    (
      (await page.evaluate(() => window.hoiio!.contacts.list({ search: 'AbAbAb', limit: 5 }))) as {
        ok: true;
        value: { items: { name: string }[] };
      }
    ).value.items;
  expect(await stored()).toHaveLength(0);

  // The label of a number too: 41 characters is refused beside it.
  const label = form.getByLabel('Label of phone 1');
  await label.fill('x'.repeat(41));
  await expect(label).toHaveValue('x'.repeat(41));
  await expect(label).toHaveAttribute('aria-invalid', 'true');
  await label.fill('mobile');

  // At the limit: no refusal, saved whole.
  await name.fill('Ab'.repeat(100));
  await expect(form.getByTestId('text-count')).toHaveText('200 / 200 characters');
  await expect(form.getByTestId('text-too-long')).toHaveCount(0);
  await form.getByRole('button', { name: 'Save contact' }).click();
  await expect(form).toHaveCount(0);
  await expect.poll(async () => (await stored())[0]?.name.length).toBe(200);
});

test('a search over its limit is refused beside the box and the list keeps the last query', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  const search = page.getByLabel('Search contacts');
  await search.fill('nobody-like-this');
  await expect(page.getByText('No matches')).toBeVisible();
  await search.fill('q'.repeat(101));
  await expect(search).toHaveValue('q'.repeat(101));
  await expect(page.getByTestId('text-too-long')).toHaveText(
    'Too long: 101 characters, the limit is 100. Shorten it by 1 character.',
  );
  await expect(page.getByText('No matches')).toBeVisible();
  await search.fill('');
  await expect(page.getByTestId('text-too-long')).toHaveCount(0);
});

test('a name of spaces and zero-width spaces is refused as an empty name', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  await page.getByRole('button', { name: 'Add contact' }).click();
  const form = page.getByRole('form', { name: 'New contact' });
  await form.getByRole('textbox', { name: 'Name' }).fill(' \u200B \u200B ');
  await form.getByRole('button', { name: 'Save contact' }).click();
  await expect(form.getByText('Enter a name.')).toBeVisible();
  await expect(form).toBeVisible();
});
