/**
 * `npm run bench:ui`: the renderer's speed as a user feels it, measured in Debian's Chromium through
 * the browser host (run `npm run build` first). Runs every section in bench/ui/*.ts in name order:
 * each exports `async function run(): Promise<void>`, starts its own host and browser on 127.0.0.1,
 * prints its own figures and cleans up. Figures only; nothing is asserted.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const sectionsDir = path.join(import.meta.dirname, 'ui');
const sections = readdirSync(sectionsDir)
  .filter((file) => file.endsWith('.ts'))
  .sort();
for (const file of sections) {
  const section = (await import(pathToFileURL(path.join(sectionsDir, file)).href)) as { run?: () => Promise<void> };
  if (typeof section.run !== 'function') throw new Error(`bench/ui/${file} exports no run()`);
  console.log(`\n## ${file.replace(/\.ts$/, '')}`);
  await section.run();
}
