import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from '../support/browser-host.ts';
import { expectNoSeriousViolations, screenshot } from './a11y.ts';
import { openApp } from './open-app.ts';

// Real time (scale 1): the sandbox rings a leg for 4 s and resolves busy/failed legs after 1 s, so a
// call can be hung up while it still rings, and busy, unanswered and failed calls end within ~10 s.
let host: RunningHost;
test.beforeAll(async () => {
  host = await startHost({ args: ['--sandbox-time-scale', '1'] });
});
test.afterAll(async () => {
  await host.stop();
});

/** Records every sentence the live region says (it only holds the latest). */
async function recordAnnouncements(page: Page): Promise<void> {
  // After a reload the region is rendered only once React has mounted: wait for it, then observe.
  await page.getByTestId('live-region').waitFor({ state: 'attached' });
  await page.evaluate(() => {
    const region = document.querySelector('[data-testid="live-region"]')!;
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    new MutationObserver(() => said.push(region.textContent ?? '')).observe(region, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
}
const announcements = (page: Page) => page.evaluate(() => (window as unknown as { said: string[] }).said);

/** The embedded sandbox's control API (same origin as its baseUrl, hoiio-api.md §7.9). */
async function sandboxOrigin(page: Page): Promise<string> {
  const status = await page.evaluate(() => window.hoiio!.account.getStatus());
  if (!status.ok) throw new Error(status.error.message);
  return new URL(status.value.baseUrl).origin;
}
interface SandboxCall {
  readonly txn_ref: string;
  readonly state: string;
  readonly legs: readonly { readonly leg: number; readonly phase: string }[];
}
async function newestSandboxCall(origin: string): Promise<SandboxCall> {
  const response = await fetch(`${origin}/sandbox/calls`);
  const { calls } = (await response.json()) as { calls: SandboxCall[] };
  return calls[0]!;
}
/** Answers a leg once it rings (a ringing leg resolves at once; hoiio-api.md §7.9). */
async function answerWhenRinging(origin: string, leg: 1 | 2): Promise<void> {
  await expect
    .poll(async () => (await newestSandboxCall(origin)).legs[leg - 1]?.phase, { timeout: 10_000 })
    .toBe('ringing');
  const { txn_ref } = await newestSandboxCall(origin);
  await control(origin, `/sandbox/calls/${txn_ref}/legs/${leg}`, { outcome: 'answered' });
}
async function control(origin: string, pathname: string, body: unknown): Promise<void> {
  const response = await fetch(`${origin}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, pathname).toBe(200);
}

async function call(page: Page, number: string): Promise<void> {
  await page.getByLabel('Number to call').fill(number);
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(page.getByLabel('Number to call')).toHaveValue('');
}

test('the status bar shows the mode, the balance and that live updates are on', async ({ page }) => {
  await openApp(page, host);
  const bar = page.getByRole('contentinfo', { name: 'Status' });
  await expect(bar.getByText('Sandbox', { exact: true })).toBeVisible();
  await expect(bar.getByText(/^Balance: USD\s?\d/)).toBeVisible();
  const liveUpdates = bar.getByRole('button', { name: 'Live updates: on' });
  await expect(liveUpdates).toBeVisible();
  // The reason, on keyboard focus and on hover.
  await page.getByRole('heading', { name: 'Dialer' }).focus();
  await liveUpdates.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tooltip')).toHaveText(/notifications reach the app directly/);
  await expect(liveUpdates).toHaveAccessibleDescription(/notifications reach the app directly/);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('tooltip')).toHaveCount(0);
  await liveUpdates.hover();
  await expect(page.getByRole('tooltip')).toHaveText(/notifications reach the app directly/);
});

test('the live calls area says what to do when nothing is in progress', async ({ page }) => {
  await openApp(page, host);
  await expect(page.getByTestId('no-live-calls')).toContainText('No calls in progress');
  await expect(page.getByTestId('no-live-calls').getByRole('link', { name: 'contact list' })).toBeVisible();
});

test('busy, unanswered and failed calls end with their words on the card and in the live region', async ({ page }) => {
  test.setTimeout(60_000); // several calls end one after another: 18 s quiet, near 30 s on a loaded machine
  await openApp(page, host);
  await recordAnnouncements(page);
  await call(page, '+65 8123 0001');
  await call(page, '+65 8123 0002');
  await call(page, '+65 8123 0003');
  const live = page.getByRole('list', { name: 'Calls in progress' });
  await expect(live.getByRole('listitem')).toHaveCount(3);
  for (const number of ['+65 8123 0001', '+65 8123 0002', '+65 8123 0003']) {
    const card = live.getByRole('listitem', { name: number });
    await expect(card).toContainText('In progress');
    await expect(card.getByRole('button', { name: 'Hang up' })).toBeVisible();
    await expect(card.getByRole('timer')).toHaveText(/^\d+:\d\d$/);
  }
  await screenshot(page, 'live-calls-in-progress-light');
  await expectNoSeriousViolations(page, 'live calls in progress (light)');

  const ended = page.getByRole('list', { name: 'Recently ended calls' });
  const words = {
    '+65 8123 0001': 'Busy: the other side was busy',
    '+65 8123 0002': 'No answer: the other side did not answer',
    '+65 8123 0003': 'Failed: the other side could not be reached',
  };
  for (const [number, sentence] of Object.entries(words)) {
    const card = ended.getByRole('listitem', { name: number });
    await expect(card.getByTestId('call-status')).toHaveText(sentence, { timeout: 20_000 });
    await expect.poll(() => announcements(page)).toContain(`Call to ${number}: ${sentence}`);
  }
  await expect(ended.getByRole('listitem', { name: '+65 8123 0001' }).getByTestId('outcome-badge')).toHaveText('Busy');
  await expect(ended.getByRole('listitem', { name: '+65 8123 0002' }).getByTestId('outcome-badge')).toHaveText(
    'No answer',
  );
  await expect(ended.getByRole('listitem', { name: '+65 8123 0003' }).getByTestId('outcome-badge')).toHaveText(
    'Failed',
  );
  await expect(page.getByTestId('no-live-calls')).toBeVisible();
  await screenshot(page, 'live-calls-ended-light');
  await expectNoSeriousViolations(page, 'ended calls (light)');
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  await screenshot(page, 'live-calls-ended-dark');
  await expectNoSeriousViolations(page, 'ended calls (dark)');
});

test('a call hung up while your phone rings says so, on the card and in the live region', async ({ page }) => {
  await openApp(page, host);
  await recordAnnouncements(page);
  await call(page, '+1 415 555 0142');
  const card = page.getByRole('list', { name: 'Calls in progress' }).getByRole('listitem', { name: '+1 415 555 0142' });
  await card.getByRole('button', { name: 'Hang up' }).click();
  const sentence = 'Cancelled: you hung up before your phone answered';
  const ended = page.getByRole('list', { name: 'Recently ended calls' }).getByRole('listitem').first();
  await expect(ended.getByTestId('call-status')).toHaveText(sentence, { timeout: 15_000 });
  // Focus follows the call to its ended card.
  await expect(ended).toBeFocused();
  await expect.poll(() => announcements(page)).toContain(`Call to +1 415 555 0142: ${sentence}`);
});

test('a live card is named by the contact; the balance drops after a connected call', async ({ page }) => {
  await openApp(page, host);
  const created = await page.evaluate(() =>
    window.hoiio!.contacts.create({ name: 'Ada Lovelace', phones: [{ label: 'work', number: '+14155550177' }] }),
  );
  expect(created.ok).toBe(true);
  const balance = page.getByRole('contentinfo', { name: 'Status' }).getByText(/^Balance:/);
  await expect(balance).toHaveText(/USD\s?\d/);
  const before = Number((await balance.textContent())!.replace(/[^\d.]/g, ''));

  await call(page, '+1 415 555 0177');
  const card = page.getByRole('list', { name: 'Calls in progress' }).getByRole('listitem', { name: 'Ada Lovelace' });
  await expect(card).toContainText('+1 415 555 0177');
  // Both legs answer now (sandbox control API), then the call ends while talking: 1 minute is billed.
  const origin = await sandboxOrigin(page);
  await answerWhenRinging(origin, 1);
  await answerWhenRinging(origin, 2);
  await control(origin, `/sandbox/calls/${(await newestSandboxCall(origin)).txn_ref}/hangup`, {});
  const ended = page
    .getByRole('list', { name: 'Recently ended calls' })
    .getByRole('listitem', { name: 'Ada Lovelace' });
  await expect(ended.getByTestId('call-status')).toHaveText(/^Connected: 1 min, USD\s?0\.029$/, { timeout: 15_000 });
  await expect(ended.getByTestId('outcome-badge')).toHaveText('Connected');
  await expect
    .poll(async () => Number((await balance.textContent())!.replace(/[^\d.]/g, '')))
    .toBeCloseTo(before - 0.029, 3);
});

test('a call that ends while another view is open shows a toast, unless turned off in Settings', async ({ page }) => {
  test.setTimeout(60_000); // several calls end one after another: 18 s quiet, near 30 s on a loaded machine
  await openApp(page, host);
  await call(page, '+65 8123 0001');
  await page.getByRole('navigation').getByRole('link', { name: 'Contacts' }).click();
  const toast = page.getByTestId('call-toast');
  await expect(toast).toContainText('Call to +65 8123 0001 ended', { timeout: 15_000 });
  await expect(toast).toContainText('Busy: the other side was busy');
  // It never takes focus from the view.
  await expect(page.getByRole('heading', { name: 'Contacts', level: 1 })).toBeFocused();
  await screenshot(page, 'call-toast-light');
  await expectNoSeriousViolations(page, 'toast (light)');
  await toast.getByRole('button').click();
  await expect(toast).toHaveCount(0);

  const off = await page.evaluate(() => window.hoiio!.settings.update({ notifications: { callEnded: false } }));
  expect(off.ok).toBe(true);
  await page.reload();
  await page.waitForFunction(() => window.hoiio !== undefined);
  await recordAnnouncements(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Dialer' }).click();
  await call(page, '+65 8123 0001');
  await page.getByRole('navigation').getByRole('link', { name: 'Contacts' }).click();
  await expect.poll(() => announcements(page), { timeout: 15_000 }).toContainEqual(expect.stringMatching(/Busy/));
  await expect(page.getByTestId('call-toast')).toHaveCount(0);
  await page.evaluate(() => window.hoiio!.settings.update({ notifications: { callEnded: true } }));
});

test('the 8-call limit error clears itself once a call has ended', async ({ page }) => {
  // Nine calls placed and eight hung up one by one: more than the default 30 s on a loaded 2-core machine.
  test.setTimeout(90_000);
  await openApp(page, host);
  for (let index = 0; index < 8; index += 1) await call(page, `+1 415 555 01${10 + index}`);
  const live = page.getByRole('list', { name: 'Calls in progress' });
  await expect(live.getByRole('listitem')).toHaveCount(8);
  await page.getByLabel('Number to call').fill('+1 415 555 0199');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(page.getByTestId('dialer-error')).toHaveText(/8 calls in progress/);
  await live.getByRole('listitem').first().getByRole('button', { name: 'Hang up' }).click();
  await expect(page.getByTestId('dialer-error')).toHaveCount(0, { timeout: 15_000 });
  // Leave nothing ringing for the next test.
  const hangUp = live.getByRole('button', { name: 'Hang up' });
  for (let left = await hangUp.count(), guard = 0; left > 0 && guard < 20; left = await hangUp.count(), guard++) {
    // Another call may end on its own meanwhile (the sandbox runs sped up), even the last ones before
    // this click finds their button: then fewer are left all the same, which the poll checks.
    await hangUp
      .first()
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await expect.poll(() => hangUp.count(), { timeout: 15_000 }).toBeLessThan(left);
  }
});
