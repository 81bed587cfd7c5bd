import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { openApp } from './open-app.ts';

let host: RunningHost;
test.beforeAll(async () => {
  host = await startHost({ args: ['--sandbox-time-scale', '0.05'] });
});
test.afterAll(async () => {
  await host.stop();
});

test('a contact is created, found by part of its number, called with one click, and logged', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByLabel('Name').fill('Ada Lovelace');
  await page.getByLabel('Company').fill('Analytical Engines');
  await page.getByRole('textbox', { name: 'Phone 1', exact: true }).fill('+1 (415) 555-0100');
  // Add another number: focus goes to the new number field (an empty one is not saved).
  await page.getByRole('button', { name: 'Add another number' }).click();
  await expect(page.getByRole('textbox', { name: 'Phone 2', exact: true })).toBeFocused();
  await page.getByRole('button', { name: 'Save contact' }).click();
  await expect(page.getByTestId('contact-row')).toHaveCount(1);

  await page.getByLabel('Search contacts').fill('5550');
  await expect(page.getByTestId('contact-row')).toHaveText(/Ada Lovelace/);
  await page.getByLabel('Search contacts').fill('nobody-like-this');
  await expect(page.getByText('No matches')).toBeVisible();
  await page.getByLabel('Search contacts').fill('');

  await page.getByRole('button', { name: 'Call Ada Lovelace at +1 415 555 0100' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dialer');
  const card = page.getByTestId('call-card').first();
  await expect(card).toHaveAttribute('data-state', 'ended', { timeout: 15_000 });

  // Leaving the dialer and coming back must not dial the same click again (it rings real phones).
  await page.keyboard.press('Control+3');
  await page.keyboard.press('Control+2');
  await expect(page.getByTestId('call-card')).toHaveCount(1);
  await page.keyboard.press('Control+3');
  await expect(page.getByTestId('call-log-row')).toHaveCount(1);
  const row = page.getByTestId('call-log-row').first();
  await expect(row).toContainText('Ada Lovelace');
  await expect(row).toContainText('Connected');
  await expect(row).toContainText('USD 0.029');
  await page.getByLabel('Search calls').fill('Lovelace');
  await expect(page.getByTestId('call-log-row')).toHaveCount(1);
  await page.getByLabel('Outcome').selectOption('busy');
  await expect(page.getByText('No matching calls')).toBeVisible();
});

test('a deleted contact can be brought back with Undo', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByLabel('Name').fill('Grace Hopper');
  await page.getByRole('textbox', { name: 'Phone 1', exact: true }).fill('+65 8123 4567');
  await page.getByRole('button', { name: 'Save contact' }).click();
  const grace = page.getByTestId('contact-row').filter({ hasText: 'Grace Hopper' });
  await expect(grace).toHaveCount(1);
  await page.getByRole('button', { name: 'Delete Grace Hopper' }).click();
  // Delete asks first; Cancel keeps the contact.
  const confirm = page.getByRole('dialog', { name: 'Delete Grace Hopper' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(grace).toHaveCount(1);
  await page.getByRole('button', { name: 'Delete Grace Hopper' }).click();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(grace).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(grace).toHaveCount(1);
  await expect(page.getByText('Restored Grace Hopper.')).toBeVisible();
});

test('a contact with an unreadable number is refused with a message and not saved', async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  // Counted through the bridge: the list may still be loading here.
  const stored = async () =>
    ((await page.evaluate(() => window.hoiio!.contacts.list({ limit: 1 }))) as { ok: true; value: { total: number } })
      .value.total;
  const before = await stored();
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByLabel('Name').fill('Nobody');
  await page.getByRole('textbox', { name: 'Phone 1', exact: true }).fill('12');
  await page.getByRole('button', { name: 'Save contact' }).click();
  const form = page.getByRole('form', { name: 'New contact' });
  await expect(form.getByRole('alert')).toContainText('12 is not a Singapore number');
  // The problem is shown next to the field it concerns, and the field points at it.
  const number = page.getByRole('textbox', { name: 'Phone 1', exact: true });
  await expect(number).toHaveAttribute('aria-invalid', 'true');
  // The first invalid field gets focus, and names its message.
  await expect(number).toBeFocused();
  const describedBy = await number.getAttribute('aria-describedby');
  await expect(form.locator(`[id="${describedBy}"]`)).toHaveAttribute('data-testid', 'field-error');
  await expect(form.getByTestId('field-error')).toHaveText(
    '12 is not a Singapore number. Add the country code: +, the code, then the number.',
  );
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect(await stored()).toBe(before);
  await expect(page.getByTestId('contact-row').filter({ hasText: 'Nobody' })).toHaveCount(0);
});

/**
 * Where the focused contact row sits in the grid's scroll area, in px from the page top: its top and
 * bottom, the sticky column header's bottom and the bottom of the area the rows scroll in.
 */
async function focusedRowPlace(page: Page) {
  return page.evaluate(() => {
    const row = document.activeElement as HTMLElement;
    const grid = row.closest('[role="grid"]') as HTMLElement;
    const header = grid.querySelector('[role="rowgroup"]') as HTMLElement;
    const box = row.getBoundingClientRect();
    const gridBox = grid.getBoundingClientRect();
    return {
      name: row.textContent ?? '',
      top: box.top,
      bottom: box.bottom,
      headerBottom: header.getBoundingClientRect().bottom,
      viewBottom: gridBox.top + grid.clientTop + grid.clientHeight,
    };
  });
}

test('a saved contact that sorts first, and rows reached with the keyboard, show whole below the column header', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openApp(page, host);
  // Enough contacts to scroll: 40 after "!!!" in name order.
  for (let i = 0; i < 40; i++) {
    const result = await page.evaluate(
      (n) =>
        window.hoiio!.contacts.create({
          name: `Scroll Person ${String(n).padStart(2, '0')}`,
          phones: [{ label: 'mobile', number: `+65 8200 ${String(1000 + n)}` }],
        }),
      i,
    );
    expect(result.ok).toBe(true);
  }
  await page.keyboard.press('Control+1');
  await expect(page.getByTestId('contact-row').filter({ hasText: 'Scroll Person 00' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByLabel('Name').fill('!!! First');
  await page.getByRole('textbox', { name: 'Phone 1', exact: true }).fill('+65 8300 0001');
  await page.getByRole('button', { name: 'Save contact' }).click();
  const focused = page.locator('[data-testid="contact-row"]:focus');
  await expect(focused).toContainText('!!! First');
  await expect(focused).toHaveAttribute('aria-rowindex', '2');
  // Scrolling settles over a frame or two: polled, no time limit of its own.
  await expect
    .poll(async () => {
      const place = await focusedRowPlace(page);
      return place.top >= place.headerBottom - 0.5 && place.bottom <= place.viewBottom + 0.5;
    })
    .toBe(true);

  // Down past a screenful: the focused row is whole above the bottom; Home: whole below the header.
  for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowDown');
  await expect(focused).toHaveAttribute('aria-rowindex', '27');
  await expect
    .poll(async () => {
      const place = await focusedRowPlace(page);
      return place.top >= place.headerBottom - 0.5 && place.bottom <= place.viewBottom + 0.5;
    })
    .toBe(true);
  await page.keyboard.press('Home');
  await expect(focused).toHaveAttribute('aria-rowindex', '2');
  await expect
    .poll(async () => {
      const place = await focusedRowPlace(page);
      return place.top >= place.headerBottom - 0.5;
    })
    .toBe(true);
});

test("a contact's notes over the limit are refused beside the field with a counter, never cut", async ({ page }) => {
  await openApp(page, host);
  await page.keyboard.press('Control+1');
  await page.getByRole('button', { name: 'Add contact' }).click();
  const form = page.getByRole('form', { name: 'New contact' });
  await form.getByLabel('Name').fill('Long Notes');
  await form.getByRole('textbox', { name: 'Phone 1', exact: true }).fill('+65 8400 0001');
  const notes = form.getByRole('textbox', { name: 'Notes' });
  // Far from the limit: no counter. Near it: the counter. Over it: the counter and the refusal.
  await notes.fill('short');
  await expect(form.getByTestId('text-count')).toHaveCount(0);
  await notes.fill('a'.repeat(9_500));
  await expect(form.getByTestId('text-count')).toHaveText('9,500 / 10,000 characters');
  await notes.fill('a'.repeat(10_001));
  await expect(notes).toHaveValue('a'.repeat(10_001)); // not cut
  await expect(form.getByTestId('text-count')).toHaveText('10,001 / 10,000 characters');
  await expect(form.getByTestId('notes-too-long')).toHaveText(
    'These notes are too long to save: 10,001 characters, the limit is 10,000. Shorten them by 1 character.',
  );
  await expect(notes).toHaveAttribute('aria-invalid', 'true');
  await form.getByRole('button', { name: 'Save contact' }).click();
  await expect(notes).toBeFocused();
  await expect(form).toBeVisible();
  const stored = async () =>
    (
      (await page.evaluate(() => window.hoiio!.contacts.list({ search: 'Long Notes', limit: 5 }))) as {
        ok: true;
        value: { items: { notes: string }[] };
      }
    ).value.items;
  expect(await stored()).toHaveLength(0);
  // At the limit it is saved whole.
  await notes.press('Backspace');
  await expect(form.getByTestId('notes-too-long')).toHaveCount(0);
  await form.getByRole('button', { name: 'Save contact' }).click();
  await expect(form).toHaveCount(0);
  await expect.poll(async () => (await stored())[0]?.notes.length).toBe(10_000);
});

/** Sets the UI language through the contract and reloads (the start-up path reads it before the first paint). */
async function useLanguage(page: Page, language: 'en' | 'zh-CN' | 'system') {
  const result = await page.evaluate((patch) => window.hoiio!.settings.update(patch), { language });
  expect(result.ok).toBe(true);
  await page.reload();
  await page.waitForFunction(() => window.hoiio !== undefined && document.querySelector('nav') !== null);
}

/** The stored labels of the one contact found by `search`, and its id (read through the bridge). */
async function storedLabels(page: Page, search: string): Promise<{ id: string; labels: string[] }> {
  const result = (await page.evaluate((search) => window.hoiio!.contacts.list({ search, limit: 5 }), search)) as {
    ok: true;
    value: { items: { id: string; phones: { label: string }[] }[] };
  };
  expect(result.value.items).toHaveLength(1);
  const contact = result.value.items[0]!;
  return { id: contact.id, labels: contact.phones.map((phone) => phone.label) };
}

test("a phone label reads in the UI language, whichever language the contact was made in", async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, host);
  try {
    // Made in the English UI: the default label is stored as its keyword, shown as 手机 in Chinese.
    await useLanguage(page, 'en');
    await page.keyboard.press('Control+1');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByLabel('Name').fill('Lin Mei');
    await expect(page.getByRole('combobox', { name: 'Label of phone 1' })).toHaveValue('mobile');
    await page.getByRole('textbox', { name: 'Phone 1', exact: true }).fill('+65 8123 0001');
    await page.getByRole('button', { name: 'Save contact' }).click();
    await expect(page.getByTestId('contact-row').filter({ hasText: 'Lin Mei' })).toHaveCount(1);
    const lin = await storedLabels(page, 'Lin Mei');
    expect(lin.labels).toEqual(['mobile']);

    await useLanguage(page, 'zh-CN');
    await page.goto(`${host.url}#/contacts/${lin.id}`);
    const numbersZh = page.getByRole('list', { name: '号码' });
    await expect(numbersZh).toContainText('手机');
    await expect(numbersZh).not.toContainText('mobile');

    // Made in the Chinese UI: the default label 手机 is stored as "mobile", shown as mobile in English.
    await page.keyboard.press('Control+1');
    await page.getByRole('button', { name: '添加联系人' }).click();
    await page.getByLabel('姓名').fill('Wang Fang');
    await expect(page.getByRole('combobox', { name: '电话 1 的标签' })).toHaveValue('手机');
    await page.getByRole('textbox', { name: '电话 1', exact: true }).fill('+65 8123 0002');
    await page.getByRole('button', { name: '保存联系人' }).click();
    await expect(page.getByTestId('contact-row').filter({ hasText: 'Wang Fang' })).toHaveCount(1);
    const wang = await storedLabels(page, 'Wang Fang');
    expect(wang.labels).toEqual(['mobile']);

    await useLanguage(page, 'en');
    await page.goto(`${host.url}#/contacts/${wang.id}`);
    const numbersEn = page.getByRole('list', { name: 'Numbers' });
    await expect(numbersEn).toContainText('mobile');
    await expect(numbersEn).not.toContainText('手机');
    // The form shows the English word too, and a custom label stays as typed.
    await page.getByRole('button', { name: 'Edit' }).click();
    await expect(page.getByRole('combobox', { name: 'Label of phone 1' })).toHaveValue('mobile');
    await page.getByRole('combobox', { name: 'Label of phone 1' }).fill('Assistant');
    await page.getByRole('button', { name: 'Save contact' }).click();
    await expect(numbersEn).toContainText('Assistant');
    expect((await storedLabels(page, 'Wang Fang')).labels).toEqual(['Assistant']);
  } finally {
    await useLanguage(page, 'system');
  }
});
