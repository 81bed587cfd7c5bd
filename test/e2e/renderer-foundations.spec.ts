import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { expectNoSeriousViolations, screenshot } from './a11y.ts';
import { openApp, placeCallAndWaitForEnd } from './open-app.ts';

// 0.05: a default answered sandbox call (4 s + 4 s ringing, 30 s talk) ends in about 2 s.
let host: RunningHost;
test.beforeAll(async () => {
  host = await startHost({ args: ['--sandbox-time-scale', '0.05'] });
});
test.afterAll(async () => {
  await host.stop();
});
// The matrix below changes the shared host's theme and language: put them back for the next test.
test.afterEach(async ({ page }) => {
  if (page.url().startsWith(host.origin))
    await page.evaluate(() => window.hoiio?.settings.update({ theme: 'system', language: 'system' }));
});

type Theme = 'light' | 'dark';
type Language = 'en' | 'zh-CN';
const VIEWS = [
  { key: '1', id: 'contacts' },
  { key: '2', id: 'dialer' },
  { key: '3', id: 'calls' },
  { key: '5', id: 'settings' },
  { key: '6', id: 'about' },
] as const;

/** Sets theme and language through the contract and reloads (the start-up path reads them before the first paint). */
async function useAppearance(page: Page, theme: Theme | 'system', language: Language | 'system') {
  const result = await page.evaluate((patch) => window.hoiio!.settings.update(patch), { theme, language });
  expect(result.ok).toBe(true);
  await page.reload();
  await page.waitForFunction(() => window.hoiio !== undefined && document.querySelector('nav') !== null);
}

/** Contacts and a finished call, so lists and cards are not empty in screenshots and axe runs. */
async function seed(page: Page) {
  for (const [name, number] of [
    ['Ada Lovelace', '+14155550100'],
    ['Grace Hopper', '+6581234567'],
    ['李小龙', '+85221234567'],
  ] as const) {
    await page.evaluate(
      ([name, number]) =>
        window.hoiio!.contacts.create({ name, company: '', notes: '', phones: [{ label: 'mobile', number }] }),
      [name, number] as const,
    );
  }
  await page.keyboard.press('Control+2');
  await placeCallAndWaitForEnd(page, '+1 415 555 0100');
}

/** Visible text of navigation, headings, buttons and alerts, less the words that stay as they are in any language. */
async function englishLeft(page: Page): Promise<string[]> {
  // Text hidden from assistive technology or marked translate="no" (the keypad's E.161 letters) is not UI wording.
  const texts = await page
    .locator('nav a, h1, h2, button:visible, [role="alert"], label, th, .empty-state')
    .evaluateAll((elements) =>
      elements.map((element) => {
        const copy = element.cloneNode(true) as HTMLElement;
        for (const hidden of copy.querySelectorAll('[aria-hidden="true"], [translate="no"]')) hidden.remove();
        return copy.textContent ?? '';
      }),
    );
  // File paths (a notice says where a damaged file went) are not words.
  const untranslatable =
    /\/[^\s，。；）]+|CSV|vCard|App ID|Hoiio|SQLite|Ctrl|Esc|tel:|Ada Lovelace|Grace Hopper|English|\bSG\b|\bCN\b|USD|\.vcf/g;
  return texts.map((text) => text.replace(untranslatable, '')).filter((text) => /[A-Za-z]{2,}/.test(text));
}

for (const language of ['en', 'zh-CN'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`every view and state passes axe, in ${language} and ${theme} (screenshots saved)`, async ({ page }) => {
      test.setTimeout(120_000);
      // Tall enough that each view fits: the app scrolls inside its main area, which a page screenshot cannot.
      await page.setViewportSize({ width: 1280, height: 1000 });
      await openApp(page, host);
      await useAppearance(page, theme, language);
      if (language === 'en' && theme === 'light') await seed(page);
      for (const view of VIEWS) {
        await page.keyboard.press(`Control+${view.key}`);
        await expect(page.locator('nav a[aria-current="page"]')).toHaveAttribute('href', `#/${view.id}`);
        await expect(page.locator('.loading')).toHaveCount(0);
        await expectNoSeriousViolations(page, `${view.id} (${language}, ${theme})`);
        await screenshot(page, `${language}-${theme}-${view.id}`);
      }
      if (language === 'zh-CN') expect(await englishLeft(page)).toEqual([]);

      // States: the contact form with an error, the import and export panels, the shortcut sheet, a dialer error.
      await page.keyboard.press('Control+1');
      await page.locator('.toolbar button.primary').click();
      await page.locator('form[aria-label] button[type="submit"]').click();
      await expect(page.locator('form[aria-label] [role="alert"]')).toBeVisible();
      await expectNoSeriousViolations(page, `contact form with an error (${language}, ${theme})`);
      await screenshot(page, `${language}-${theme}-contacts-form-error`);
      if (language === 'zh-CN') expect(await englishLeft(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(page.locator('form[aria-label]')).toHaveCount(0);

      await page.locator('.toolbar button[aria-expanded]').first().click();
      await expect(page.locator('section[aria-labelledby] h2[tabindex="-1"]')).toBeFocused();
      await expectNoSeriousViolations(page, `import panel (${language}, ${theme})`);
      await screenshot(page, `${language}-${theme}-contacts-import`);
      await page.keyboard.press('Escape');
      await page.locator('.toolbar button[aria-expanded]').nth(1).click();
      await expectNoSeriousViolations(page, `export panel (${language}, ${theme})`);
      // A file that exists: the panel asks before replacing it, in a modal dialog.
      const existing = path.join(mkdtempSync(path.join(os.tmpdir(), 'hoiio-a11y-')), 'contacts.vcf');
      writeFileSync(existing, 'BEGIN:VCARD\r\nEND:VCARD\r\n');
      await page.locator('section input.mono').fill(existing);
      await page.locator('section button[type="submit"]').click();
      await expect(page.locator('dialog[open]')).toBeVisible();
      await expectNoSeriousViolations(page, `replace-file dialog (${language}, ${theme})`);
      await screenshot(page, `${language}-${theme}-contacts-export-replace`);
      await page.keyboard.press('Escape');
      await expect(page.locator('dialog[open]')).toHaveCount(0);
      // Focus stays in the panel (not on the page body), so Escape closes it next.
      await expect(page.locator('section:has(input.mono) h2[tabindex="-1"]')).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(page.locator('section input.mono')).toHaveCount(0);

      await page.locator('body').press('?');
      await expect(page.locator('dialog[open]')).toBeVisible();
      await expectNoSeriousViolations(page, `shortcut sheet (${language}, ${theme})`);
      await screenshot(page, `${language}-${theme}-shortcuts`);
      await page.keyboard.press('Escape');
      await expect(page.locator('dialog[open]')).toHaveCount(0);

      await page.keyboard.press('Control+2');
      // The sandbox's registered number is the default dest1: calling it is refused.
      await page.locator('input[type="tel"]').fill('+65 9123 4567');
      await page.locator('input[type="tel"]').press('Enter');
      await expect(page.getByTestId('dialer-error')).toBeVisible();
      await expectNoSeriousViolations(page, `dialer error (${language}, ${theme})`);
      await screenshot(page, `${language}-${theme}-dialer-error`);
      if (language === 'zh-CN') expect(await englishLeft(page)).toEqual([]);
    });
  }
}

test('the theme applies at once without a reload and is kept after a restart', async ({ page }) => {
  test.setTimeout(60_000); // two host start-ups
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-theme-'));
  let first: RunningHost | undefined = await startHost({ dataDir });
  try {
    await openApp(page, first);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.getByRole('link', { name: 'Settings' }).click();
    const themes = page.getByRole('radiogroup', { name: 'Theme' });
    await expect(themes.getByRole('radio', { name: 'System' })).toBeChecked();
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await themes.getByRole('radio', { name: 'Dark' }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect.poll(background).toBe('rgb(27, 28, 31)');
    await themes.getByRole('radio', { name: 'Light' }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await expect.poll(background).toBe('rgb(247, 247, 248)');
    await themes.getByRole('radio', { name: 'Dark' }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    // Still the same page: nothing reloaded.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await expect
      .poll(async () =>
        page.evaluate(async () => (await window.hoiio!.settings.get()).ok && (await window.hoiio!.settings.get())),
      )
      .toMatchObject({ value: { theme: 'dark' } });

    expect(await first.stop()).toBe(0);
    first = await startHost({ dataDir });
    await openApp(page, first);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect.poll(background).toBe('rgb(27, 28, 31)');
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' })).toBeChecked();
  } finally {
    await first?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the language switch turns the whole UI Chinese, is kept after a restart, and English returns', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-language-'));
  // A damaged database: the start-up notice the core sends must be worded in Chinese too.
  writeFileSync(path.join(dataDir, 'hoiio.db'), 'this is not an SQLite database '.repeat(200));
  let running: RunningHost | undefined = await startHost({ dataDir });
  try {
    await openApp(page, running);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    const nav = page.getByRole('navigation');
    await expect(nav.getByRole('link', { name: '设置' })).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    for (const [key, heading] of [
      ['1', '联系人'],
      ['2', '拨号'],
      ['3', '通话记录'],
      ['5', '设置'],
      ['6', '关于'],
    ] as const) {
      await page.keyboard.press(`Control+${key}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
      await expect(page.locator('.loading')).toHaveCount(0);
      expect(await englishLeft(page), heading).toEqual([]);
    }
    const notice = page.getByTestId('startup-notice');
    await expect(notice).toHaveAttribute('data-notice-key', 'databaseMovedAside');
    await expect(notice).toContainText('本地数据库已损坏');

    // An import report's reason (a duplicate merged), worded from the catalogue.
    await page.evaluate(() =>
      window.hoiio!.contacts.create({
        name: 'Ada Lovelace',
        company: '',
        notes: '',
        phones: [{ label: '', number: '+6581230000' }],
      }),
    );
    // Outside the data folder: the core refuses to import files from there.
    const vcf = path.join(mkdtempSync(path.join(os.tmpdir(), 'hoiio-import-')), 'again.vcf');
    // A second number, so the record adds something and is merged (an identical one is "unchanged").
    writeFileSync(
      vcf,
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nTEL:+6581230000\r\nTEL:+6581230001\r\nEND:VCARD\r\n',
    );
    await page.keyboard.press('Control+1');
    await page.locator('.toolbar button[aria-expanded]').first().click();
    const panel = page.getByRole('region', { name: '导入联系人' });
    await panel.getByLabel('要导入的文件').fill(vcf);
    await panel.getByRole('button', { name: '开始导入' }).click();
    await expect(panel.getByTestId('import-report')).toContainText('已合并到“Ada Lovelace”', { timeout: 15_000 });
    expect(await englishLeft(page)).toEqual([]);
    await page.keyboard.press('Escape');

    // An error from the core, worded from the catalogue.
    await page.keyboard.press('Control+2');
    await page.getByLabel('要拨打的号码').fill('+65 9123 4567');
    await page.getByRole('button', { name: '呼叫', exact: true }).click();
    await expect(page.getByTestId('dialer-error')).toBeVisible();
    expect(await englishLeft(page)).toEqual([]);

    expect(await running.stop()).toBe(0);
    running = await startHost({ dataDir });
    await openApp(page, running);
    await expect(page.getByRole('navigation').getByRole('link', { name: '联系人' })).toBeVisible();
    await page.getByRole('link', { name: '设置' }).click();
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Contacts' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  } finally {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('focus goes somewhere sensible after navigation, delete, undo, Escape and save', async ({ page }) => {
  await openApp(page, host);
  await page.evaluate(async () => {
    for (const name of ['Focus Alpha', 'Focus Bravo', 'Focus Charlie'])
      await window.hoiio!.contacts.create({
        name,
        company: '',
        notes: '',
        phones: [{ label: '', number: '+6581230000' }],
      });
  });
  await page.getByRole('link', { name: 'Contacts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeFocused();
  await page.getByLabel('Search contacts').fill('Focus');
  const rows = page.getByTestId('contact-row');
  await expect(rows).toHaveCount(3);

  await page.getByRole('button', { name: 'Delete Focus Bravo' }).click();
  await page.getByRole('dialog', { name: 'Delete Focus Bravo' }).getByRole('button', { name: 'Delete' }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Focus Charlie' })).toBeFocused();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: 'Focus Bravo' })).toBeFocused();

  const newContact = page.getByRole('button', { name: 'Add contact' });
  await newContact.click();
  await expect(page.getByLabel('Name')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('form', { name: 'New contact' })).toHaveCount(0);
  await expect(newContact).toBeFocused();

  await newContact.click();
  await page.getByLabel('Name').fill('Focus Delta');
  await page.getByRole('textbox', { name: 'Phone 1', exact: true }).fill('+6581230001');
  await page.getByRole('button', { name: 'Save contact' }).click();
  await expect(rows.filter({ hasText: 'Focus Delta' })).toBeFocused();

  await page.locator('body').press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  // The digits follow the sidebar: the n-th link is Ctrl+n, in the sheet, on the link and on the keyboard.
  const sidebar = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  const names = await sidebar.allInnerTexts();
  expect(names.map((name) => name.trim())).toEqual(['Contacts', 'Dialer', 'Call log', 'Insights', 'Settings', 'About']);
  for (const [index, name] of names.entries()) {
    await expect(
      sheet.getByRole('row', { name: new RegExp(`Ctrl\\+${index + 1}.*Open ${name.trim()}`) }),
    ).toBeVisible();
    await expect(sidebar.nth(index)).toHaveAttribute('aria-keyshortcuts', `Control+${index + 1}`);
  }
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  for (const index of names.keys()) {
    await page.keyboard.press(`Control+${index + 1}`);
    await expect(sidebar.nth(index)).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
});

test('a call’s end is announced in the one live region, and the Call again buttons are named by their text', async ({
  page,
}) => {
  await openApp(page, host);
  const live = page.getByTestId('live-region');
  await expect(live).toHaveAttribute('aria-live', 'polite');
  await page.getByLabel('Number to call').fill('+1 415 555 0100');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(live).toHaveText(/^Call to \+1 415 555 0100: Connected: 1 min, USD\s0\.029$/, { timeout: 15_000 });
  await page.getByRole('link', { name: 'Call log' }).click();
  const again = page.getByRole('button', { name: /^Call again: / }).first();
  await expect(again).toBeVisible();
  // The accessible name contains the visible text (WCAG 2.5.3), then says whom it calls.
  const visible = await again.innerText();
  expect(visible).toBe('Call again');
  expect(await again.getAttribute('aria-label')).toMatch(/^Call again: (\+1 415 555 0100|Ada Lovelace)$/);
});

test.describe('a live call', () => {
  let slow: RunningHost;
  test.beforeAll(async () => {
    slow = await startHost();
  });
  test.afterAll(async () => {
    await slow.stop();
  });
  test.afterEach(async ({ page }) => {
    if (page.url().startsWith(slow.origin))
      await page.evaluate(() => window.hoiio?.settings.update({ theme: 'system', language: 'system' }));
  });

  for (const language of ['en', 'zh-CN'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      test(`passes axe in ${language} and ${theme} (screenshot saved)`, async ({ page }) => {
        await openApp(page, slow);
        await useAppearance(page, theme, language);
        await page.keyboard.press('Control+2');
        await page.locator('input[type="tel"]').fill('+1 415 555 0100');
        await page.locator('input[type="tel"]').press('Enter');
        const card = page.locator('[data-testid="call-card"][data-state="live"]').first();
        await expect(card).toBeVisible({ timeout: 10_000 });
        await expectNoSeriousViolations(page, `a live call (${language}, ${theme})`);
        await screenshot(page, `${language}-${theme}-dialer-live-call`);
        if (language === 'zh-CN') expect(await englishLeft(page)).toEqual([]);
        // Hang up through the contract, so the next run starts with no call in progress.
        const callId = await card.getAttribute('data-call-id');
        await page.evaluate((id) => window.hoiio!.calls.hangup({ id: id! }), callId);
      });
    }
  }

  test('after Hang up focus is on its card and the end is announced', async ({ page }) => {
    await openApp(page, slow);
    await page.getByLabel('Number to call').fill('+1 415 555 0100');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    const card = page.getByRole('list', { name: 'Calls in progress' }).getByTestId('call-card');
    await expect(card).toHaveAttribute('data-state', 'live', { timeout: 10_000 });
    await card.getByRole('button', { name: 'Hang up' }).click();
    const ended = page.locator('[data-testid="call-card"][data-state="ended"]');
    await expect(ended).toBeVisible({ timeout: 10_000 });
    await expect(ended).toBeFocused();
    const status = await ended.getByTestId('call-status').innerText();
    expect(status).not.toBe('');
    await expect(page.getByTestId('live-region')).toHaveText(`Call to +1 415 555 0100: ${status}`);
  });
});

test('a Settings field error is shown beside its field, tied to it, and the first invalid field gets focus', async ({
  page,
}) => {
  await openApp(page, host);
  await page.keyboard.press('Control+5');
  const yourPhone = page.getByLabel('Your phone', { exact: true });
  const maxLength = page.getByLabel('Maximum call length (minutes)', { exact: true });
  await yourPhone.fill('12');
  await maxLength.fill('-5');
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  const form = page.locator('form', { has: yourPhone });
  // Both refusals at once, each beside its field; the first invalid field in the form (Your phone) has focus.
  await expect(yourPhone).toBeFocused();
  await expect(yourPhone).toHaveAttribute('aria-invalid', 'true');
  await expect(maxLength).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator(`[id="${await maxLength.getAttribute('aria-describedby')}"]`)).toContainText(
    'Enter whole minutes from 1 to 1440 (24 hours), or leave it empty for no limit.',
  );
  await maxLength.fill('');
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  // Your phone is still refused (by the core): its message is beside it and it has focus.
  await expect(yourPhone).toHaveAttribute('aria-invalid', 'true');
  await expect(yourPhone).toBeFocused();
  const describedBy = await yourPhone.getAttribute('aria-describedby');
  const message = form.locator(`[id="${describedBy}"]`);
  await expect(message).toHaveAttribute('data-testid', 'field-error');
  await expect(message).toContainText('not a Singapore number');
  await expect(maxLength).not.toHaveAttribute('aria-invalid', 'true');
  await expectNoSeriousViolations(page, 'settings with a field error');
  await yourPhone.fill('');
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await expect(yourPhone).not.toHaveAttribute('aria-invalid', 'true');
});
