/**
 * What the desktop settings change outside the window: the default tel:/callto: handler,
 * starting at login and the global shortcut. Each follows its setting at start and on every
 * change; every decision is in ./desktop-platform.ts, every Electron call is one line here.
 */
import { app, globalShortcut, shell } from 'electron';
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LinkHandlerState } from '../shared/desktop.ts';
import type { Settings } from '../shared/settings.ts';
import {
  CALL_LINK_SCHEMES,
  linkHandlerState,
  loginItemSettings,
  protocolHandlerPlan,
  WINDOWS_DEFAULT_APPS_URI,
  withoutDefaultHandler,
  xdgAutostartEntry,
  xdgAutostartPath,
} from './desktop-platform.ts';

type Logger = Pick<Console, 'warn' | 'error'>;

/** Unpackaged (`electron .`), the OS must start Electron with the app's path as well. */
function handlerArgs(): string[] {
  return process.defaultApp && process.argv[1] ? [path.resolve(process.argv[1])] : [];
}

/** The OS's real answer about tel:/callto: links (per scheme), worded for Settings by linkHandlerState. */
export function readLinkHandlerState(enabled: boolean): LinkHandlerState {
  const args = handlerArgs();
  const isDefault = (scheme: (typeof CALL_LINK_SCHEMES)[number]) =>
    app.isDefaultProtocolClient(scheme, process.execPath, args);
  return linkHandlerState({
    platform: process.platform,
    enabled,
    isDefault: { tel: isDefault('tel'), callto: isDefault('callto') },
  });
}

/** Makes the app the OS's tel:/callto: handler while `telLinks` is on, and stops being it when off. */
export async function applyLinkHandler(enabled: boolean, logger: Logger): Promise<void> {
  const plan = protocolHandlerPlan(process.platform, enabled);
  const args = handlerArgs();
  try {
    switch (plan.kind) {
      case 'electron': {
        for (const scheme of CALL_LINK_SCHEMES) {
          if (plan.register) app.setAsDefaultProtocolClient(scheme, process.execPath, args);
          else if (app.isDefaultProtocolClient(scheme, process.execPath, args)) {
            app.removeAsDefaultProtocolClient(scheme, process.execPath, args);
          }
        }
        // Windows 10/11 only lists the app; the user must pick it in Settings → Default apps.
        if (plan.openSystemPageIfNotDefault && !app.isDefaultProtocolClient('tel', process.execPath, args)) {
          await shell.openExternal(WINDOWS_DEFAULT_APPS_URI);
        }
        break;
      }
      case 'xdg-mime-default':
        await new Promise<void>((resolve, reject) =>
          execFile('xdg-mime', plan.args, { timeout: 10_000 }, (error) => (error ? reject(error) : resolve())),
        );
        break;
      case 'mimeapps-remove': {
        const file = path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'mimeapps.list');
        const text = await readFile(file, 'utf8').catch(() => null);
        if (text !== null) {
          const updated = withoutDefaultHandler(text);
          if (updated !== text) await writeFile(file, updated);
        }
        break;
      }
    }
  } catch (error) {
    logger.error('[main] could not change the tel:/callto: link handler:', error);
  }
}

/** Starts the app at login (or stops) as the `desktop.startAtLogin` setting says. */
export async function applyStartAtLogin(desktop: Settings['desktop'], logger: Logger): Promise<void> {
  try {
    if (process.platform === 'linux') {
      const file = xdgAutostartPath(process.env, os.homedir());
      if (!desktop.startAtLogin) return await rm(file, { force: true });
      await mkdir(path.dirname(file), { recursive: true });
      const executable = process.env.APPIMAGE || process.execPath;
      await writeFile(
        file,
        xdgAutostartEntry({ name: app.getName(), executable, startMinimized: desktop.startMinimized }),
      );
      return;
    }
    // Development runs would register the bare Electron binary: only packaged apps start at login.
    if (!app.isPackaged) return;
    app.setLoginItemSettings(loginItemSettings(desktop.startAtLogin, desktop.startMinimized, process.platform));
  } catch (error) {
    logger.error('[main] could not change starting at login:', error);
  }
}

/**
 * Registers the global shortcut while `desktop.globalShortcut.enabled` is on; returns false when
 * another app holds the accelerator (the caller tells the user), true otherwise.
 */
export function applyGlobalShortcut(
  shortcut: Settings['desktop']['globalShortcut'],
  previous: Settings['desktop']['globalShortcut'] | null,
  onPressed: () => void,
): boolean {
  if (previous?.enabled) globalShortcut.unregister(previous.accelerator);
  if (!shortcut.enabled) return true;
  return globalShortcut.register(shortcut.accelerator, onPressed);
}
