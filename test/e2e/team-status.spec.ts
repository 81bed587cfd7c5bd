import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { postgresMissingReason, startTeamServer, TEAM_DATABASE, type TestTeamServer } from '../team/team-server.ts';
import { openApp } from './open-app.ts';

// Issue 15: the Team status line with a real team: a real PostgreSQL 15 (scripts/postgres-cluster.ts,
// as test/team/* use), joined from Settings → Team in the browser host, then the server stopped and
// started again. The team password goes to the OS keychain: run under scripts/with-keyring.sh (npm test does).
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

test('Team status line: synced after Join, offline since a time while the server is down, synced again, gone after Leave', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const member = await server!.addMember('e2e_alice');
  host = await startHost();
  await openApp(page, host);
  const line = page.getByTestId('team-status');
  await expect(line).toHaveCount(0); // no team: nothing changes

  await page.getByRole('link', { name: 'Settings' }).click();
  const team = page.getByRole('region', { name: 'Team' });
  await team.getByLabel('Server address').fill('127.0.0.1');
  await team.getByLabel('Port').fill(String(member.server.port));
  await team.getByLabel('Database').fill(TEAM_DATABASE);
  await team.getByLabel('User').fill('e2e_alice');
  await team.getByLabel('TLS').selectOption({ label: 'Off (same machine only)' });
  await team.getByLabel('Password').fill(member.password);
  await team.getByRole('button', { name: 'Join' }).click();
  await expect(team.getByRole('status').or(team.getByText('Joined the team.'))).toContainText('Joined the team.');
  await expect(line).toHaveText('Team: synced', { timeout: 15_000 });

  // The server goes away: the line says since when (the desktop keeps working on its own).
  server!.cluster.stopServer();
  await expect(line).toHaveText(/^Team: offline since \d{1,2}:\d{2}/, { timeout: 30_000 });
  await expect(line).toHaveAttribute('title', /.+/); // the reason, on hover
  server!.cluster.start();
  // Reconnects with backoff (1 s doubling, 30 s at most) and catches up.
  await expect(line).toHaveText('Team: synced', { timeout: 60_000 });

  await team.getByRole('button', { name: 'Leave team' }).click();
  await page.getByRole('button', { name: 'Leave', exact: true }).click();
  await expect(line).toHaveCount(0);
});
