/**
 * Live call cards (issue 12), through the browser host in Chromium:
 * - click on Call → the call's card visible in "Calls in progress" (measured in the page: from the
 *   click to the card's element in the DOM);
 * - notification sent → the card final: the sandbox's end-of-call POST (its delivery's `sentAt`) to the
 *   card showing the outcome (`data-state="ended"`), both on this machine's wall clock.
 * Bounded: ITERATIONS calls per figure and a time limit per figure.
 */
import type { Page } from '@playwright/test';
import { openUiSession, report } from '../support/ui-session.ts';

const ITERATIONS = 20;
const FIGURE_TIME_LIMIT_MS = 120_000;
/** The sandbox's busy number (hoiio-api.md §7.3): rings, then ends quickly. */
const BUSY = '+6581230001';
/** Answered after the ring time: rings for 4 s at time scale 1, long enough to end it through the control API. */
const ANSWERED = '+14155550100';

export async function run(): Promise<void> {
  const session = await openUiSession(['--sandbox-time-scale', '0.05']);
  try {
    report('click on Call → card visible', await clickToCard(session.page));
  } finally {
    await session.close();
  }
  const slow = await openUiSession(['--sandbox-time-scale', '1']);
  try {
    report('notification sent → card final', await notificationToFinal(slow.page));
  } finally {
    await slow.close();
  }
}

async function clickToCard(page: Page): Promise<number[]> {
  const samples: number[] = [];
  const deadline = Date.now() + FIGURE_TIME_LIMIT_MS;
  const live = page.getByRole('list', { name: 'Calls in progress' });
  for (let index = 0; index < ITERATIONS && Date.now() < deadline; index += 1) {
    await page.getByLabel('Number to call').fill(BUSY);
    samples.push(
      await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const known = new Set([...document.querySelectorAll('[data-testid="call-card"]')].map((card) => card));
            const button = [...document.querySelectorAll('button')].find((item) => item.textContent === 'Call')!;
            const started = performance.now();
            const observer = new MutationObserver(() => {
              const card = [
                ...document.querySelectorAll('ul[aria-label="Calls in progress"] [data-testid="call-card"]'),
              ];
              if (card.some((item) => !known.has(item))) {
                observer.disconnect();
                resolve(performance.now() - started);
              }
            });
            observer.observe(document.body, { childList: true, subtree: true });
            button.click();
          }),
      ),
    );
    // Let it end before the next one (busy: about 0.25 s at this time scale).
    await live.waitFor({ state: 'detached', timeout: 15_000 });
  }
  return samples;
}

async function notificationToFinal(page: Page): Promise<number[]> {
  const status = await page.evaluate(() => window.hoiio!.account.getStatus());
  if (!status.ok) throw new Error(status.error.message);
  const origin = new URL(status.value.baseUrl).origin;
  const samples: number[] = [];
  const deadline = Date.now() + FIGURE_TIME_LIMIT_MS;
  for (let index = 0; index < ITERATIONS && Date.now() < deadline; index += 1) {
    await page.getByLabel('Number to call').fill(ANSWERED);
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    const card = page.getByRole('list', { name: 'Calls in progress' }).getByTestId('call-card');
    await card.and(page.locator('[data-state="live"]')).waitFor({ timeout: 15_000 });
    const callId = (await card.getAttribute('data-call-id'))!;
    // The page notes when this card turns final, on the wall clock.
    const finalAt = page.evaluate(
      (id) =>
        new Promise<number>((resolve) => {
          const check = () => {
            const element = document.querySelector(`[data-call-id="${id}"]`);
            if (element?.getAttribute('data-state') === 'ended') {
              observer.disconnect();
              resolve(performance.timeOrigin + performance.now());
            }
          };
          const observer = new MutationObserver(check);
          observer.observe(document.body, { childList: true, subtree: true, attributes: true });
          check();
        }),
      callId,
    );
    const calls = (await (await fetch(`${origin}/sandbox/calls`)).json()) as { calls: { txn_ref: string }[] };
    const txnRef = calls.calls[0]!.txn_ref;
    const hangup = await fetch(`${origin}/sandbox/calls/${txnRef}/hangup`, { method: 'POST', body: '{}' });
    if (hangup.status !== 200) throw new Error(`control hangup answered ${hangup.status}`);
    const ended = await finalAt;
    const deliveries = (await (await fetch(`${origin}/sandbox/notifications`)).json()) as {
      deliveries: { txn_ref: string; sentAt: string }[];
    };
    const delivery = deliveries.deliveries.find((item) => item.txn_ref === txnRef);
    if (!delivery) throw new Error(`no notification was sent for ${txnRef}`);
    samples.push(ended - Date.parse(delivery.sentAt));
  }
  return samples;
}
