/**
 * `npm run icons`: every icon the three platforms need, from the SVGs in build/ (the one source):
 * - build/icon.png (1024), build/icon.icns (macOS), build/icon.ico (Windows: 16-256),
 *   build/icons/<n>x<n>.png (Linux hicolor sizes) for electron-builder;
 * - resources/icon.png (the Linux window icon), resources/tray.png + tray@2x.png (Windows/Linux
 *   tray), resources/trayTemplate.png + @2x (macOS menu bar, a template image) for the app.
 * Rasterised with resvg (WebAssembly: same pixels on every machine), ICO/ICNS packed by png2icons.
 * The output is committed, so packaging needs no image tools.
 */
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import png2icons from 'png2icons';

const repoRoot = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
/** hicolor sizes a Linux desktop looks for, plus 1024 for electron-builder's macOS/Windows conversion. */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

function render(svg: string, size: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
}

function write(relative: string, data: Buffer): void {
  const file = path.join(repoRoot, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  console.log(`${relative} (${data.length} bytes)`);
}

await initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
const appSvg = readFileSync(path.join(repoRoot, 'build/icon.svg'), 'utf8');
const traySvg = readFileSync(path.join(repoRoot, 'build/tray-template.svg'), 'utf8');
const master = render(appSvg, 1024);

write('build/icon.png', master);
for (const size of LINUX_ICON_SIZES) write(`build/icons/${size}x${size}.png`, render(appSvg, size));
const icns = png2icons.createICNS(master, png2icons.BICUBIC, 0);
const ico = png2icons.createICO(render(appSvg, 256), png2icons.BICUBIC, 0, true, true);
if (!icns || !ico) throw new Error('png2icons could not pack the icons');
write('build/icon.icns', icns);
write('build/icon.ico', ico);
write('resources/icon.png', render(appSvg, 512));
write('resources/tray.png', render(appSvg, 32));
write('resources/tray@2x.png', render(appSvg, 64));
write('resources/trayTemplate.png', render(traySvg, 16));
write('resources/trayTemplate@2x.png', render(traySvg, 32));
