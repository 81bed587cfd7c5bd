/**
 * `npm run bench:ui`: user-visible speed of the renderer through the browser host in Chromium, all on
 * 127.0.0.1. Runs every section file in bench/ui/ (sorted by name); each exports
 * `async function run(): Promise<void>` that starts its own host and browser, prints its figures and
 * cleans up. Figures are printed, never asserted (STANDARDS: speed goals are measured by benchmarks).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const sectionsDir = path.join(import.meta.dirname, 'ui');
const sections = readdirSync(sectionsDir)
  .filter((name) => name.endsWith('.ts'))
  .sort();

for (const name of sections) {
  const section = (await import(pathToFileURL(path.join(sectionsDir, name)).href)) as { run?: () => Promise<void> };
  if (typeof section.run !== 'function') throw new Error(`bench/ui/${name} exports no run() function`);
  console.log(`bench/ui/${name}`);
  await section.run();
}
