/**
 * `npm run bench:bundle`: the first-screen weight of the production renderer build (run `npm run build` first).
 * Reads out/renderer/index.html, follows the JS and CSS it loads up front (entry script, modulepreload
 * links, stylesheets) and prints their sizes minified and gzipped (level 9), then every lazy chunk
 * (the non-active locale catalogue, the browser-host transport). Figures only; nothing is asserted.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const outDir = path.resolve(import.meta.dirname, '../out/renderer');
const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
const firstScreen = new Set(
  [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!),
);

interface Row {
  file: string;
  bytes: number;
  gzipBytes: number;
}
const rows: Row[] = readdirSync(path.join(outDir, 'assets'))
  .filter((file) => /\.(js|css)$/.test(file))
  .map((file) => {
    const content = readFileSync(path.join(outDir, 'assets', file));
    return { file: `assets/${file}`, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
function total(kind: 'js' | 'css', first: boolean) {
  const chosen = rows.filter((row) => row.file.endsWith(`.${kind}`) && firstScreen.has(row.file) === first);
  return {
    bytes: chosen.reduce((sum, row) => sum + row.bytes, 0),
    gzip: chosen.reduce((sum, row) => sum + row.gzipBytes, 0),
  };
}

for (const row of rows.sort((a, b) => b.bytes - a.bytes))
  console.log(
    `${firstScreen.has(row.file) ? 'first ' : 'lazy  '} ${row.file.padEnd(48)} ${kb(row.bytes).padStart(10)} min ${kb(row.gzipBytes).padStart(9)} gzip`,
  );
const js = total('js', true);
// The active locale's catalogue (every namespace chunk of it) is fetched before the first paint:
// count the larger locale. A chunk is Chinese when it holds many Han characters (the English
// catalogue names the language 简体中文, so a few do not count).
const catalogueChunks = rows.filter((row) => /assets\/(ui|errors|outcomes|desktop)-[^/]+\.js$/.test(row.file));
const localeOf = (row: Row) =>
  (readFileSync(path.join(outDir, row.file), 'utf8').match(/\p{Script=Han}/gu)?.length ?? 0) > 30 ? 'zh-CN' : 'en';
const perLocale = ['en', 'zh-CN'].map((locale) => {
  const chunks = catalogueChunks.filter((row) => localeOf(row) === locale);
  return {
    locale,
    bytes: chunks.reduce((sum, row) => sum + row.bytes, 0),
    gzipBytes: chunks.reduce((sum, row) => sum + row.gzipBytes, 0),
  };
});
for (const entry of perLocale)
  console.log(
    `catalogue ${entry.locale.padEnd(6)} (lazy, all namespaces) ${kb(entry.bytes)} min ${kb(entry.gzipBytes)} gzip`,
  );
const catalogue = perLocale.sort((a, b) => b.gzipBytes - a.gzipBytes)[0];
const css = total('css', true);
const lazy = total('js', false);
console.log(
  `first-screen JS:  ${kb(js.bytes + (catalogue?.bytes ?? 0))} minified, ${kb(js.gzip + (catalogue?.gzipBytes ?? 0))} gzipped, ` +
    'with the active locale catalogue (goal <= 250 KB gzipped)',
);
console.log(`first-screen CSS: ${kb(css.bytes)} minified, ${kb(css.gzip)} gzipped`);
console.log(`lazy JS (other locale catalogue, browser-host transport): ${kb(lazy.bytes)}, ${kb(lazy.gzip)} gzipped`);
