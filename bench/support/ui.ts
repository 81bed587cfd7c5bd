/**
 * Helpers for the bench:ui sections (bench/ui/*.ts): Chromium as the e2e tests launch it, and
 * percentiles of samples.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';

/** Debian's Chromium unless CHROMIUM_PATH says otherwise (as playwright.config.ts), headless, loopback only. */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return chromium.launch({
    headless: true,
    executablePath: existsSync(executablePath) ? executablePath : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
}

/** The built renderer the browser host serves; throws with what to do when it is missing. */
export function requireBuiltRenderer(): void {
  const index = path.resolve(import.meta.dirname, '../../out/renderer/index.html');
  if (!existsSync(index)) throw new Error('no built renderer: run `npm run build` first');
}

/** The p-th percentile (0–100) of samples, nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
