import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const electronPackage = path.resolve(import.meta.dirname, '../node_modules/electron');

/**
 * The Electron executable if one is installed and runnable here, else undefined. Electron
 * downloads its binary lazily on first use; on the build machines that download cannot
 * happen, so this never triggers it: it only looks.
 */
export function installedElectronBinary(): string | undefined {
  if (process.env.ELECTRON_BINARY && existsSync(process.env.ELECTRON_BINARY)) return process.env.ELECTRON_BINARY;
  const pathFile = path.join(electronPackage, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(electronPackage, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}
