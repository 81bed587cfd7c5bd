import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { openApp } from './open-app.ts';

const packageVersion = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

let host: RunningHost;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => {
  expect(await host.stop()).toBe(0);
});

test('the About panel shows the version that app.getInfo returns', async ({ page }) => {
  await openApp(page, host);
  await expect(page.getByTestId('sandbox-banner')).toContainText('Sandbox mode');
  await page.getByRole('link', { name: 'About' }).click();
  await expect(page.getByTestId('about-version')).toHaveText(packageVersion);
  await expect(page.getByTestId('about-mode')).toContainText('Sandbox');
  const info = await page.evaluate(() => window.hoiio!.app.getInfo());
  expect(info).toEqual({
    ok: true,
    value: expect.objectContaining({
      version: packageVersion,
      mode: 'sandbox',
      shell: 'browser',
      dataDir: host.dataDir,
    }),
  });
});

test('navigation works from the keyboard and every view has an empty state', async ({ page }) => {
  await openApp(page, host);
  for (const [key, heading] of [
    ['1', 'Contacts'],
    ['2', 'Dialer'],
    ['3', 'Call log'],
    ['4', 'Insights'],
    ['5', 'Settings'],
    ['6', 'About'],
  ] as const) {
    await page.keyboard.press(`Control+${key}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: heading, exact: true }),
    ).toHaveAttribute('aria-current', 'page');
  }
});

test('a malformed IPC payload is rejected with a clear error and changes nothing', async ({ page }) => {
  await openApp(page, host);
  const before = await page.evaluate(() => window.hoiio!.app.getInfo());
  // Deliberately outside the contract: getInfo takes no input.
  const result = await page.evaluate(() =>
    (window.hoiio!.app.getInfo as (input: unknown) => Promise<unknown>)({ mode: 'live' }),
  );
  // Errors are data (issue 9 item 12): the field path and catalogue key travel; the channel stays in details.
  expect(result).toMatchObject({
    ok: false,
    error: {
      code: 'invalid_input',
      key: 'request.invalid',
      fields: [{ path: [] }],
      details: { channel: 'app:getInfo' },
    },
  });
  expect(await page.evaluate(() => window.hoiio!.app.getInfo())).toEqual(before);
});

test('the page exposes only named functions, no generic invoke', async ({ page }) => {
  await openApp(page, host);
  const shape = await page.evaluate(() => ({
    keys: Object.keys(window.hoiio!).sort(),
    app: Object.keys(window.hoiio!.app),
    frozen: Object.isFrozen(window.hoiio),
  }));
  expect(shape.keys).not.toContain('invoke');
  expect(shape.app).toEqual(['getInfo', 'getStartup']);
  expect(shape.frozen).toBe(true);
});

test('requests without the session token are refused', async ({ request }) => {
  const response = await request.get(`${host.origin}/`);
  expect(response.status()).toBe(403);
  expect(await response.text()).toContain('session token');
});
