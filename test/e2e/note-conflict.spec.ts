import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { openApp, placeCallAndWaitForEnd } from './open-app.ts';

// Tester fault (session of 2026-12-01): two tabs editing one call note, the later save silently replaced the other.
let host: RunningHost;
test.beforeAll(async () => {
  host = await startHost({ args: ['--sandbox-time-scale', '0.05'] });
});
test.afterAll(async () => {
  await host.stop();
});

/** Opens the newest call's details in the Call log and returns them. */
async function openNewestCall(page: Page) {
  await page.keyboard.press('Control+3');
  await page
    .getByTestId('call-log-row')
    .first()
    .getByRole('button', { name: /^Details: / })
    .click();
  return page.getByTestId('call-details');
}

test('two tabs on one note: nothing is lost silently; the later save shows the newer note and lets the user choose', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const pageA = await browser.newPage();
  const pageB = await browser.newPage();
  await openApp(pageA, host);
  await pageA.keyboard.press('Control+2');
  await placeCallAndWaitForEnd(pageA, '+1 415 555 0142');
  await openApp(pageB, host);
  const detailsA = await openNewestCall(pageA);
  const detailsB = await openNewestCall(pageB);
  // Both editors open on the empty note; B's stays untouched while A saves.
  await detailsB.getByRole('button', { name: 'Add note' }).click();
  await detailsA.getByRole('button', { name: 'Add note' }).click();
  const noteA = detailsA.getByRole('textbox', { name: 'Note' });
  const noteB = detailsB.getByRole('textbox', { name: 'Note' });
  await noteA.fill('Note written in tab A');
  await noteA.press('Enter');
  await expect(detailsA.getByTestId('note-text')).toHaveText('Note written in tab A');
  // B's open, untouched editor follows the note changed elsewhere, and says so.
  await expect(noteB).toHaveValue('Note written in tab A');
  await expect(detailsB.getByRole('status').filter({ hasText: 'Updated from another window.' })).toBeVisible();

  // Now both edit: A saves first; B, typed over the older revision, is refused with A's newer text.
  await detailsA.getByRole('button', { name: 'Edit note' }).click();
  await noteB.fill('Note written in tab B');
  await noteA.fill('Second note from tab A');
  await noteA.press('Enter');
  await expect(detailsA.getByTestId('note-text')).toHaveText('Second note from tab A');
  await noteB.press('Enter');
  const conflict = detailsB.getByTestId('note-conflict');
  await expect(conflict).toContainText('This note was changed in another window since you started editing it');
  await expect(conflict.getByTestId('note-conflict-newer')).toHaveText('Second note from tab A');
  await expect(noteB).toHaveValue('Note written in tab B');
  const stored = async () =>
    pageA.evaluate(async () => {
      const id = document.querySelector('[data-testid="call-details"]')?.getAttribute('data-call-id') ?? '';
      const result = await window.hoiio!.notes.get({ callId: id });
      return result.ok ? (result.value?.body ?? null) : 'error';
    });
  expect(await stored()).toBe('Second note from tab A');
  // Keeping B's text is a choice made knowingly: it is saved over the note it was shown.
  await conflict.getByRole('button', { name: 'Keep my text' }).click();
  await expect(detailsB.getByTestId('note-text')).toHaveText('Note written in tab B');
  await expect(detailsA.getByTestId('note-text')).toHaveText('Note written in tab B');
  expect(await stored()).toBe('Note written in tab B');

  // Taking the other text instead leaves the newer note as it is.
  await detailsA.getByRole('button', { name: 'Edit note' }).click();
  await detailsB.getByRole('button', { name: 'Edit note' }).click();
  await noteB.fill('B again');
  await detailsA.getByRole('textbox', { name: 'Note' }).fill('Third, from A');
  await detailsA.getByRole('textbox', { name: 'Note' }).press('Enter');
  await expect(detailsA.getByTestId('note-text')).toHaveText('Third, from A');
  // B had typed: its draft is kept, not replaced, until its save is refused.
  await expect(noteB).toHaveValue('B again');
  await noteB.press('Enter');
  await detailsB.getByTestId('note-conflict').getByRole('button', { name: 'Use the other text' }).click();
  await expect(detailsB.getByTestId('note-text')).toHaveText('Third, from A');
  expect(await stored()).toBe('Third, from A');
  await pageA.close();
  await pageB.close();
});
