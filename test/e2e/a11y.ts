import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../.test-output/screenshots');

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical violation, listing
 * each with the elements it concerns. WCAG 2.x A/AA rules plus best practices, and the rule that an
 * accessible name contains the visible text (label-content-name-mismatch, off by default in axe).
 */
export async function expectNoSeriousViolations(
  page: Page,
  state: string,
  options: { readonly include?: readonly string[] } = {},
): Promise<void> {
  let builder = new AxeBuilder({ page });
  for (const selector of options.include ?? []) builder = builder.include(selector);
  const results = await builder
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
  expect(serious, `axe on ${state}`).toEqual([]);
}

/** Saves a full-page screenshot as .test-output/screenshots/<name>.png (a test artifact to look at). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
