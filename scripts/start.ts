/**
 * `npm start` (after `npm run build`): opens the desktop app in sandbox mode. Electron fetches
 * its binary on first use; where that cannot happen (offline build machines), the same app
 * runs in the browser host instead and this prints the URL to open.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { installedElectronBinary } from './electron-binary.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');

function electronAvailable(): boolean {
  if (installedElectronBinary()) return true;
  console.error('Fetching the Electron runtime (first start only)…');
  const download = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/electron/install.js')], {
    stdio: 'inherit',
    timeout: 300_000,
  });
  return download.status === 0 && installedElectronBinary() !== undefined;
}

/**
 * Runs electron-vite's own CLI with this Node (no `npx`: on Windows that is `npx.cmd`, which
 * `spawn` cannot start without a shell), and reports a failure to start instead of crashing.
 */
function startElectron(): void {
  const cli = path.join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js');
  const child = spawn(process.execPath, [cli, 'preview', '--skipBuild'], { cwd: repoRoot, stdio: 'inherit' });
  child.on('error', (error) => {
    console.error(`Could not start Electron: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}

function startBrowserHost(): void {
  console.error('Electron is not available on this machine: starting the app in the browser host instead.');
  const child = spawn(process.execPath, [path.join(repoRoot, 'src/host/cli.ts'), ...process.argv.slice(2)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.on('error', (error) => {
    console.error(`Could not start the browser host: ${error.message}`);
    process.exit(1);
  });
  createInterface({ input: child.stdout! }).once('line', (line) => {
    const { url } = JSON.parse(line) as { url: string };
    console.log(`\nHoiio Click-to-Call is running (sandbox mode). Open this address in your browser:\n\n  ${url}\n`);
    console.log('Press Ctrl+C to stop.');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (electronAvailable()) startElectron();
else startBrowserHost();
