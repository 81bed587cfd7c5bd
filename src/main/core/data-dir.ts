import os from 'node:os';
import path from 'node:path';

/**
 * Where the browser host keeps its data by default: beside (not inside) the Electron app's
 * userData folder, following each platform's convention.
 */
export function defaultBrowserHostDataDir(productName: string): string {
  const home = os.homedir();
  const folder = `${productName} (browser host)`;
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), folder);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', folder);
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), folder);
  }
}
