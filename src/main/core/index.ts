import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AppInfo, CoreApi } from '../../shared/contract.ts';
import { TypedEmitter, type CoreEventMap, type CoreEvents } from './events.ts';
import packageJson from '../../../package.json' with { type: 'json' };

export interface CoreOptions {
  /** Where the database, settings and logs live (Electron: app.getPath('userData')). */
  readonly dataDir: string;
  /** Which shell hosts the renderer; shown in About. */
  readonly shell: AppInfo['shell'];
  readonly logger?: Pick<Console, 'info' | 'warn' | 'error'>;
}

export interface Core {
  readonly api: CoreApi;
  readonly events: CoreEvents;
  close(): Promise<void>;
}

/**
 * The application itself, in plain Node: everything the shells (Electron, browser host)
 * expose to the renderer. Never imports 'electron'.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const events: CoreEvents = new TypedEmitter<CoreEventMap>();

  const appInfo = (): AppInfo => ({
    name: packageJson.productName,
    version: packageJson.version,
    mode: 'sandbox',
    platform: process.platform,
    shell: options.shell,
    dataDir,
  });

  const api: CoreApi = {
    app: {
      getInfo: async () => appInfo(),
    },
  };

  let closed = false;
  return {
    api,
    events,
    async close() {
      if (closed) return;
      closed = true;
      events.removeAllListeners();
    },
  };
}
