import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { postgresMissingReason, startTeamServer, type TestTeamServer } from '../team/team-server.ts';
import { expectNoSeriousViolations } from './a11y.ts';
import { openApp } from './open-app.ts';

// Issue 16: the contact page's team side against a real PostgreSQL 15: who changed the contact and
// when, an earlier value a concurrent edit overwrote with Restore, and the form's Private toggle.
// The team password goes to the OS keychain: run under scripts/with-keyring.sh (npm test does).
const skipReason = postgresMissingReason();
let server: TestTeamServer | undefined;
let host: RunningHost | undefined;

test.skip(skipReason !== null, `skipped: ${skipReason}`);

test.beforeAll(async () => {
  if (process.env.HOIIO_TEST_KEYRING !== '1') {
    throw new Error('This spec saves the team password in the keychain: run it under scripts/with-keyring.sh.');
  }
  server = await startTeamServer();
});
test.afterAll(async () => {
  await host?.stop();
  server?.destroy();
});

test('contact page: changed by whom and when, an overwritten company restored, Private in the form', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const dana = await server!.addMember('e2e_dana');
  const erik = await server!.addMember('e2e_erik');
  host = await startHost();
  await openApp(page, host);
  const joined = await page.evaluate((input) => window.hoiio!.team.join(input), dana);
  expect(joined.ok).toBe(true);
  const created = (await page.evaluate(() => window.hoiio!.contacts.create({ name: 'Fay Ong', company: 'Acme' }))) as {
    ok: true;
    value: { id: string };
  };
  const id = created.value.id;
  await expect
    .poll(async () => (await server!.admin('SELECT 1 FROM team.contacts WHERE id = $1', [id])).length, {
      timeout: 20_000,
    })
    .toBe(1);

  // Erik edits the company from an older view of the contact: his write wins, Acme is kept.
  const asErik = await server!.connectAs('e2e_erik', erik.password);
  try {
    await asErik.query('SELECT 1 FROM team.push_contacts($1::jsonb)', [
      JSON.stringify([
        {
          id,
          baseVersion: '0',
          base: { name: 'Fay Ong', company: 'Old', notes: '', phones: [] },
          mine: { name: 'Fay Ong', company: 'Beta', notes: '', phones: [] },
        },
      ]),
    ]);
  } finally {
    await asErik.end();
  }

  await page.goto(`${host.url}#/contacts/${id}`);
  await expect(page.getByRole('heading', { name: 'Fay Ong' })).toBeVisible();
  const team = page.getByTestId('contact-team');
  await expect(team).toContainText(/Changed by e2e_erik at .+/, { timeout: 20_000 });
  const earlier = team.getByRole('list', { name: 'Earlier values' });
  await expect(earlier.getByRole('listitem')).toContainText('Company was “Acme” (e2e_dana), replaced by e2e_erik');
  await expect(page.getByText('Beta', { exact: true })).toBeVisible();

  await earlier.getByRole('button', { name: 'Restore Company “Acme”' }).click();
  await expect(page.getByText('Acme', { exact: true })).toBeVisible();
  await expect(team).toContainText(/Changed by e2e_dana at .+/, { timeout: 20_000 });
  await expect
    .poll(
      async () =>
        (
          await server!.admin<{ company: string }>(
            "SELECT fields ->> 'company' AS company FROM team.contacts WHERE id = $1",
            [id],
          )
        )[0]?.company,
      { timeout: 20_000 },
    )
    .toBe('Acme');

  await page.getByRole('button', { name: 'Edit' }).click();
  const privateBox = page.getByRole('checkbox', { name: 'Private' });
  await expect(privateBox).not.toBeChecked();
  await privateBox.check();
  await expect(privateBox).toBeChecked();
  await expect(team).toContainText('Private: only on this desktop, never shared with the team.');

  // A new contact can be Private from the start (the new-contact form's box), and the list says so.
  await page.getByRole('link', { name: 'All contacts' }).click();
  await page.getByRole('button', { name: 'Add contact' }).click();
  const form = page.getByRole('form', { name: 'New contact' });
  await form.getByRole('textbox', { name: 'Name' }).fill('Gil Tan');
  await form.getByRole('checkbox', { name: 'Private' }).check();
  await form.getByRole('button', { name: 'Save contact' }).click();
  const gil = page.getByTestId('contact-row').filter({ hasText: 'Gil Tan' });
  await expect(gil.getByTestId('contact-private')).toHaveText('Private');
  await expect(
    page.getByTestId('contact-row').filter({ hasText: 'Fay Ong' }).getByTestId('contact-private'),
  ).toHaveText('Private');
  await expectNoSeriousViolations(page, 'contact list with private contacts');
  await page.evaluate(() => window.hoiio!.team.syncNow());
  expect(await server!.admin("SELECT 1 FROM team.contacts WHERE fields ->> 'name' = 'Gil Tan'")).toEqual([]);
});
