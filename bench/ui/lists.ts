/**
 * bench:ui section "lists" (issue 13): the Call log and Contacts at scale, in Chromium through the
 * browser host, on a data folder seeded with 100,000 calls and 10,000 contacts (1,000,000 calls
 * with `HOIIO_BENCH_LIST_CALLS=1000000`, slow to seed). Prints, per list: navigation to its first
 * visible rows, keystroke in the search box to the updated list (p50/p95), long tasks while
 * scrolling 10,000 rows, DOM nodes, the page's JS heap, and the host's RSS. Asserts nothing.
 * Runs standalone too: `node bench/ui/lists.ts`. Needs `npm run build` (the host serves out/).
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost } from '../../test/support/browser-host.ts';
import { seedLargeDataDir } from '../../test/support/seed-large.ts';

// Page-side code below runs in Chromium; this file is type-checked as Node code (no DOM library).
declare const document: {
  getElementsByTagName(tag: string): { length: number };
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): { length: number };
};
declare const window: Record<string, unknown> & { hoiio?: unknown };

const CALLS = Number(process.env.HOIIO_BENCH_LIST_CALLS ?? 100_000);
const CONTACTS = 10_000;
const KEYSTROKES = ['4', '42', '421', '4217', '421', '42', '4', ''];

function percentile(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? NaN;
}

/** Resident memory of a process in MB (Linux /proc). */
function rssMB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : NaN;
}

/** Milliseconds from pressing the view's shortcut to its first grid row being drawn. */
async function navigationMs(page: Page, shortcut: string, rowTestId: string): Promise<number> {
  await page.keyboard.press('Control+2'); // the Dialer: the lists are unmounted
  const started = Date.now();
  await page.keyboard.press(shortcut);
  await page.getByTestId(rowTestId).first().waitFor({ timeout: 60_000 });
  return Date.now() - started;
}

/** Each keystroke's time to the list showing its result (the count line changes). */
async function keystrokeMs(page: Page, searchbox: string, countTestId: string): Promise<number[]> {
  const box = page.getByRole('searchbox', { name: searchbox });
  const samples: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const text of KEYSTROKES) {
      const before = await page.getByTestId(countTestId).textContent();
      const started = Date.now();
      await box.fill(text);
      await page
        .waitForFunction(
          ({ id, previous }) => document.querySelector(`[data-testid="${id}"]`)?.textContent !== previous,
          { id: countTestId, previous: before },
          { timeout: 10_000 },
        )
        .catch(() => undefined); // the same count twice in a row: the debounce + read still happened
      samples.push(Date.now() - started);
    }
  }
  return samples;
}

/** Scrolls the grid through `rows` rows with the wheel; long tasks (> 50 ms) seen meanwhile. */
async function scrollLongTasks(page: Page, grid: string, rows: number, rowHeight: number) {
  await page.evaluate(() => {
    const tasks: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push(entry.duration))).observe({
      type: 'longtask' as never,
      buffered: false,
    });
  });
  await page.getByRole('grid', { name: grid }).hover();
  const steps = Math.ceil((rows * rowHeight) / 1_500);
  for (let step = 0; step < steps; step++) {
    await page.mouse.wheel(0, 1_500);
    if (step % 20 === 0) await page.waitForTimeout(50); // let pages arrive as a reader would
  }
  await page.waitForTimeout(500);
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  return { count: tasks.length, totalMs: Math.round(tasks.reduce((sum, value) => sum + value, 0)) };
}

async function pageFigures(page: Page) {
  return page.evaluate(() => ({
    domNodes: document.getElementsByTagName('*').length,
    rowsInDom: document.querySelectorAll('[role="grid"] [role="row"]').length,
    heapMB:
      Math.round(
        ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1e5,
      ) / 10,
  }));
}

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-bench-lists-'));
  const seedStarted = Date.now();
  seedLargeDataDir(dataDir, { calls: CALLS, contacts: CONTACTS });
  const seeded = Date.now() - seedStarted;
  const host = await startHost({ dataDir, timeoutMs: 120_000 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await page.waitForFunction(() => window.hoiio !== undefined);
    console.log(
      `ui lists: ${CALLS.toLocaleString('en')} calls, ${CONTACTS.toLocaleString('en')} contacts (seeded in ${seeded} ms)`,
    );
    for (const list of [
      {
        name: 'call log',
        shortcut: 'Control+3',
        row: 'call-log-row',
        count: 'call-count',
        search: 'Search calls',
        grid: 'Calls',
        rowHeight: 56,
      },
      {
        name: 'contacts',
        shortcut: 'Control+1',
        row: 'contact-row',
        count: 'contact-count',
        search: 'Search contacts',
        grid: 'Contacts',
        rowHeight: 52,
      },
    ]) {
      const navigation = [];
      for (let run = 0; run < 5; run++) navigation.push(await navigationMs(page, list.shortcut, list.row));
      const keys = await keystrokeMs(page, list.search, list.count);
      const scrolling = await scrollLongTasks(page, list.grid, 10_000, list.rowHeight);
      const figures = await pageFigures(page);
      console.log(
        `${list.name.padEnd(9)} first rows p50 ${percentile(navigation, 0.5)} ms  keystroke→list p50 ${percentile(keys, 0.5)} ms p95 ${percentile(keys, 0.95)} ms  ` +
          `long tasks scrolling 10,000 rows: ${scrolling.count} (${scrolling.totalMs} ms)  DOM nodes ${figures.domNodes} (rows ${figures.rowsInDom})  ` +
          `JS heap ${figures.heapMB} MB  host RSS ${rssMB(host.process.pid!).toFixed(0)} MB`,
      );
    }
  } finally {
    await browser.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
