import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { expectNoSeriousViolations } from './a11y.ts';
import { openApp } from './open-app.ts';

// The contact form without a team (issue 16 follow-up): another window's change made while the
// form is open survives Save; a field both changed keeps the other window's value as an earlier
// value on the contact page, with Restore; Back with unsaved changes asks first.
let host: RunningHost | undefined;

test.afterAll(async () => {
  await host?.stop();
});

/** Another window of the app saves a change to the contact (the same core, another page). */
async function otherWindowSets(page: Page, id: string, company: string): Promise<void> {
  const result = await page.evaluate(({ id, company }) => window.hoiio!.contacts.update({ id, company }), {
    id,
    company,
  });
  expect(result.ok).toBe(true);
}

test("contact form without a team: another window's edit is kept, a clash is an earlier value with Restore, Back asks first", async ({
  page,
}) => {
  test.setTimeout(120_000);
  host = await startHost();
  await openApp(page, host);
  const created = (await page.evaluate(() =>
    window.hoiio!.contacts.create({
      name: 'Jon Ang',
      company: 'Acme',
      phones: [{ label: 'work', number: '+65 6123 4567' }],
    }),
  )) as { ok: true; value: { id: string } };
  const id = created.value.id;
  await page.goto(`${host.url}#/contacts/${id}`);
  await expect(page.getByRole('heading', { name: 'Jon Ang' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Edit contact' });

  // Another window changes the company while the form is open; the form changes a number's label.
  await page.getByRole('button', { name: 'Edit' }).click();
  await otherWindowSets(page, id, 'Beta');
  await expect(form.getByLabel('Company')).toHaveValue('Acme');
  await form.getByRole('combobox', { name: 'Label of phone 1' }).fill('office');
  await form.getByRole('button', { name: 'Save contact' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByText('Beta', { exact: true })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Numbers' })).toContainText('office');
  await expect(page.getByTestId('contact-team')).toHaveCount(0); // nothing was overwritten

  // Both change the company: the form's wins and the other window's is an earlier value.
  await page.getByRole('button', { name: 'Edit' }).click();
  await otherWindowSets(page, id, 'Gamma');
  await form.getByLabel('Company').fill('Delta');
  await form.getByRole('button', { name: 'Save contact' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByText('Delta', { exact: true })).toBeVisible();
  const earlier = page.getByRole('list', { name: 'Earlier values' });
  await expect(earlier.getByRole('listitem')).toContainText(
    'Company was “Gamma”, replaced by an edit on this desktop at',
  );
  await earlier.getByRole('button', { name: 'Restore Company “Gamma”' }).click();
  await expect(page.getByText('Gamma', { exact: true })).toBeVisible();

  // Leaving by a link or Back with unsaved changes: the page stays until the user chooses.
  await page.getByRole('link', { name: 'All contacts' }).click();
  await page.getByRole('link', { name: 'Jon Ang' }).click();
  await page.getByRole('button', { name: 'Edit' }).click();
  await form.getByLabel('Notes').fill('Unsaved words');
  const discard = page.getByRole('dialog', { name: 'Discard changes?' });
  await page.getByRole('link', { name: 'All contacts' }).click();
  await expect(discard).toBeVisible();
  expect(new URL(page.url()).hash).toBe(`#/contacts/${id}`);
  await discard.getByRole('button', { name: 'Keep editing' }).click();
  await page.goBack();
  await expect(discard).toBeVisible();
  await expectNoSeriousViolations(page, 'the discard-changes dialog');
  expect(new URL(page.url()).hash).toBe(`#/contacts/${id}`);
  await discard.getByRole('button', { name: 'Keep editing' }).click();
  await expect(form.getByLabel('Notes')).toHaveValue('Unsaved words');
  await expect(form.getByLabel('Notes')).toBeFocused();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await discard.getByRole('button', { name: 'Discard changes' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByRole('button', { name: 'Edit' })).toBeFocused(); // back on what opened the form
});
