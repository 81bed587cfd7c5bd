/**
 * What every `bench/ui/*.ts` section needs: the browser host (`src/host/cli.ts`, fresh data dir) and
 * Debian's Chromium driven by Playwright, both on 127.0.0.1, and percentiles to print. Needs the built
 * renderer (`npm run bench:ui` builds it first).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { startHost, type RunningHost } from '../../test/support/browser-host.ts';

export interface UiSession {
  readonly host: RunningHost;
  readonly browser: Browser;
  readonly page: Page;
  /** Closes the browser and stops the host (its data dir is removed). */
  close(): Promise<void>;
}

/** Playwright's own Chromium when installed, else the system one (as playwright.config.ts does). */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // No browser of Playwright's own: use the system one.
  }
  return '/usr/bin/chromium';
}

/** Starts a host with `hostArgs` and opens the app in a fresh headless Chromium page, ready to use. */
export async function openUiSession(hostArgs: readonly string[] = []): Promise<UiSession> {
  const host = await startHost({ args: [...hostArgs] });
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      headless: true,
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-quic'],
    });
    const page = await browser.newPage();
    await page.goto(host.url);
    await page.waitForFunction(() => window.hoiio !== undefined);
    await page.getByRole('navigation').waitFor();
    const opened = browser;
    return {
      host,
      browser: opened,
      page,
      async close() {
        await opened.close();
        await host.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await host.stop();
    throw error;
  }
}

/** The p-th percentile (0–100, nearest rank) of samples in ms. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** One printed line: `label: p50 X ms, p99 Y ms (n samples)`; percentiles given as numbers (50, 95, 99). */
export function report(label: string, samples: readonly number[], ps: readonly number[] = [50, 99]): void {
  const figures = ps.map((p) => `p${p} ${percentile(samples, p).toFixed(1)} ms`).join(', ');
  console.log(`  ${label}: ${figures} (${samples.length} samples)`);
}
