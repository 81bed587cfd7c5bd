import { expect, test, type Page } from '@playwright/test';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import { startTunnelServer, type TunnelServer } from '../helpers/tunnel-server.ts';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { expectNoSeriousViolations, screenshot } from './a11y.ts';
import { openApp } from './open-app.ts';

// Live mode against a sandbox on 127.0.0.1 saves the access token in the OS keychain: `npm test`
// runs inside scripts/with-keyring.sh (a private gnome-keyring), which sets HOIIO_TEST_KEYRING.
test.skip(process.env.HOIIO_TEST_KEYRING !== '1', 'needs the private keyring of scripts/with-keyring.sh');

let sandbox: SandboxHandle;
let tunnelServer: TunnelServer;
let host: RunningHost;
test.beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, host: '127.0.0.1', timeScale: 0.05 });
  // A real localtunnel server, then stopped: its port refuses, so the tunnel can never come up.
  // Playwright's workers force colours; the helper reads the server's plain `debug` line.
  process.env.DEBUG_COLORS = 'no';
  tunnelServer = await startTunnelServer();
  await tunnelServer.kill();
  host = await startHost({ args: ['--sandbox-time-scale', '0.05'] });
});
test.afterAll(async () => {
  await host?.stop();
  await tunnelServer?.close();
  await sandbox?.close();
});

/** Runs a bridge call in the page (`run` gets `arg`; closures do not cross) and expects it to succeed. */
async function ok<A>(
  page: Page,
  run: (arg: A) => Promise<{ ok: boolean; error?: { message: string } }>,
  arg: A,
): Promise<void> {
  const result = await page.evaluate(run as (arg: unknown) => ReturnType<typeof run>, arg);
  expect(result.ok, result.error?.message).toBe(true);
}

/**
 * Switches the host to live mode against the test's sandbox, its tunnel pointed at the stopped server
 * (once per host: a failed test gets a new worker and a new host).
 */
async function goLive(page: Page): Promise<void> {
  const bar = page.getByRole('contentinfo', { name: 'Status' });
  await expect(bar.getByText(/^(Sandbox|Live)$/)).toBeVisible();
  if (await bar.getByText('Live', { exact: true }).isVisible()) return;
  const { baseUrl, appId, accessToken } = sandbox;
  await ok(
    page,
    ({ baseUrl, serverUrl }) =>
      window.hoiio!.settings.update({ baseUrl, tunnel: { enabled: true, serverUrl, subdomain: null } }),
    { baseUrl, serverUrl: tunnelServer.url },
  );
  await ok(page, (credentials) => window.hoiio!.account.set(credentials), { appId, accessToken });
}

test('in live mode with the tunnel down the status bar says degraded; turned off it says off', async ({ page }) => {
  await openApp(page, host);
  const bar = page.getByRole('contentinfo', { name: 'Status' });
  await expect(bar.getByText('Sandbox', { exact: true })).toBeVisible();
  await goLive(page);

  await expect(bar.getByText('Live', { exact: true })).toBeVisible();
  const degraded = bar.getByRole('button', { name: 'Live updates: degraded' });
  await expect(degraded).toBeVisible({ timeout: 15_000 });
  await expect(bar.getByText(/^Balance: USD\s?100\.000$/)).toBeVisible();
  // React Aria shows a tooltip on hover once the pointer has been used in the page (a click).
  await page.getByLabel('Number to call').click();
  await degraded.hover();
  await expect(page.getByRole('tooltip')).toContainText('Calls still end');
  await screenshot(page, 'status-bar-degraded-light');
  await expectNoSeriousViolations(page, 'status bar degraded (light)');
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await screenshot(page, 'status-bar-degraded-dark');
  await expectNoSeriousViolations(page, 'status bar degraded (dark)');
  await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));

  // A call still ends (by polling) while live updates are degraded.
  await page.getByLabel('Number to call').fill('+65 8123 0001');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  const ended = page.getByRole('list', { name: 'Recently ended calls' }).getByRole('listitem').first();
  await expect(ended.getByTestId('call-status')).toHaveText('Busy: the other side was busy', { timeout: 20_000 });

  await ok(page, (tunnel) => window.hoiio!.settings.update({ tunnel }), { enabled: false });
  const off = bar.getByRole('button', { name: 'Live updates: off' });
  await expect(off).toBeVisible();
  await off.hover();
  await expect(page.getByRole('tooltip')).toContainText('turned off in Settings');
  await expectNoSeriousViolations(page, 'status bar off (light)');
});

/**
 * What the OS tells the app when the network goes (navigator.onLine false, an `offline` event). Not
 * Playwright's setOffline: in the browser host that would also cut the page's loopback WebSocket to the
 * core, which in the desktop app is IPC and never goes offline.
 */
async function setOsOnline(page: Page, online: boolean): Promise<void> {
  await page.evaluate((value) => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => value });
    window.dispatchEvent(new Event(value ? 'online' : 'offline'));
  }, online);
}

test('offline in live mode: Call says why it is unavailable; contacts and history stay usable', async ({ page }) => {
  await openApp(page, host);
  await goLive(page);
  await ok(page, (contact) => window.hoiio!.contacts.create(contact), {
    name: 'Grace Hopper',
    phones: [{ label: 'work', number: '+14155550188' }],
  });
  const bar = page.getByRole('contentinfo', { name: 'Status' });
  await expect(bar.getByText('Live', { exact: true })).toBeVisible();
  await setOsOnline(page, false);
  try {
    await expect(bar).toContainText('Offline.');
    const call = page.getByRole('button', { name: 'Call', exact: true });
    await expect(call).toHaveAttribute('aria-disabled', 'true');
    await expect(call).toHaveAccessibleDescription(/Call is unavailable: this computer is offline/);
    await page.getByLabel('Number to call').fill('+65 8123 0001');
    await page.getByLabel('Number to call').press('Enter');
    await expect(page.getByRole('list', { name: 'Calls in progress' })).toHaveCount(0);
    await screenshot(page, 'offline-light');
    await expectNoSeriousViolations(page, 'offline (light)');
    // Contacts and the call log are local: they still open and show their data.
    await page.getByRole('navigation').getByRole('link', { name: 'Call log' }).click();
    await expect(page.getByRole('heading', { name: 'Call log', level: 1 })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await page.getByRole('navigation').getByRole('link', { name: 'Contacts' }).click();
    await expect(page.getByText('Grace Hopper')).toBeVisible();
  } finally {
    await setOsOnline(page, true);
  }
  await expect(bar).not.toContainText('Offline.');
});
