// Page code runs in Chromium: this file is type-checked with the DOM library (tsconfig.e2e.json).
/**
 * bench:ui section "dialer" (issue 12): how fast the Dialer answers typing and how soon it can be
 * used. Prints:
 * - keystroke → interpreted number shown: from the keydown of the digit that completes a number to
 *   the frame after "+65 8123 45xx" appears in the preview (in-page clock), p50/p95;
 * - time to interactive: from navigation start to the Dialer ready for a call (number field focused,
 *   Country showing the Settings default, Call from showing your number), fresh page each run, p50/p95.
 */
import type { Browser, Page } from '@playwright/test';
import { startHost } from '../../test/support/browser-host.ts';
import { launchChromium, percentile, requireBuiltRenderer } from '../support/ui.ts';

const KEYSTROKE_SAMPLES = 60;
const LOAD_RUNS = 12;
const NUMBER_FIELD = 'input[data-testid="dialer-number"]';

export async function run(): Promise<void> {
  requireBuiltRenderer();
  const host = await startHost({ args: ['--sandbox-hoiio-numbers', '+14155550000'] });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(host.url);
    await page.waitForSelector(NUMBER_FIELD);
    const keystrokes = await keystrokeToPreview(page);
    console.log(
      `Dialer keystroke → interpreted number shown (${keystrokes.length} keystrokes): ` +
        `p50 ${percentile(keystrokes, 50).toFixed(1)} ms, p95 ${percentile(keystrokes, 95).toFixed(1)} ms`,
    );
    const loads: number[] = [];
    for (let runIndex = 0; runIndex < LOAD_RUNS; runIndex += 1) loads.push(await timeToInteractive(browser, host.url));
    console.log(
      `Dialer time to interactive (${LOAD_RUNS} fresh pages): ` +
        `p50 ${percentile(loads, 50).toFixed(0)} ms, p95 ${percentile(loads, 95).toFixed(0)} ms`,
    );
  } finally {
    await browser.close();
    await host.stop();
  }
}

/** Types "8123 45" then, per sample, the two digits that complete a Singapore number, timing the last one. */
async function keystrokeToPreview(page: Page): Promise<number[]> {
  await page.evaluate(() => {
    const clock = window as unknown as { __keydownAt: number };
    clock.__keydownAt = 0;
    document.addEventListener('keydown', () => (clock.__keydownAt = performance.now()), true);
  });
  const samples: number[] = [];
  const field = page.locator(NUMBER_FIELD);
  for (let sample = 0; sample < KEYSTROKE_SAMPLES; sample += 1) {
    const tail = String(10 + sample).slice(-2);
    await field.fill(`8123 45${tail[0]}`);
    const expected = `+65 8123 45${tail}`;
    const shown = page.evaluate(
      (text) =>
        new Promise<number>((resolve) => {
          const clock = window as unknown as { __keydownAt: number };
          const done = () => {
            const preview = document.querySelector('[data-testid="dialer-interpreted"]');
            if (!preview?.textContent?.includes(text)) return false;
            requestAnimationFrame(() => resolve(performance.now() - clock.__keydownAt));
            return true;
          };
          if (done()) return;
          const observer = new MutationObserver(() => done() && observer.disconnect());
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        }),
      expected,
    );
    await field.press(tail[1]!);
    samples.push(await shown);
  }
  return samples;
}

/** A fresh page (new context: nothing cached) from navigation start to the Dialer ready for a call. */
async function timeToInteractive(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    const handle = await page.waitForFunction(
      (selector) => {
        const field = document.querySelector(selector);
        const country = document.querySelector<HTMLInputElement>('[data-testid="dialer-country"] input');
        const callFrom = document.querySelector<HTMLInputElement>('[data-testid="dialer-call-from"] input');
        const ready = field !== null && document.activeElement === field && country?.value && callFrom?.value;
        return ready ? performance.now() : null;
      },
      NUMBER_FIELD,
      { polling: 'raf', timeout: 30_000 },
    );
    return (await handle.jsonValue()) as number;
  } finally {
    await context.close();
  }
}
