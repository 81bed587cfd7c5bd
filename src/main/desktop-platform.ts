/**
 * Per-platform desktop conventions (pure; `platform` is `process.platform`): whether closing the
 * window keeps the app in the tray, starting at login, and making the app the default handler
 * for tel:/callto: links. The shell runs the one Electron call or the one command each returns.
 */
import path from 'node:path';
import type { LinkHandlerState, ShortcutState } from '../shared/desktop.ts';
import { DesktopPreferencesSchema, type DesktopPreferences } from '../shared/settings.ts';

/** The link schemes the app handles; the installers declare both (electron-builder.yml). */
export const CALL_LINK_SCHEMES = ['tel', 'callto'] as const;
/** The .desktop file electron-builder installs for the deb (and AppImage integration): `<executableName>.desktop`. */
export const LINUX_DESKTOP_FILE = 'hoiio-click-to-call.desktop';
/** The argument a login-started app gets, so it starts in the tray when `startMinimized` is on. */
export const STARTED_AT_LOGIN_ARG = '--started-at-login';

/**
 * Close to tray where the desktop shows tray icons: Windows, and macOS (where closing the last
 * window keeps the app in the Dock anyway). Off on Linux: stock GNOME shows no tray icons, and a
 * closed window with no icon would leave the user no way back.
 */
export function closeToTrayByDefault(platform: NodeJS.Platform): boolean {
  return platform === 'win32' || platform === 'darwin';
}

/** The setting, or the platform's convention while it is null (never chosen). */
export function effectiveCloseToTray(setting: boolean | null, platform: NodeJS.Platform): boolean {
  return setting ?? closeToTrayByDefault(platform);
}

/** Whether a launch should keep the window hidden: started at login with "start minimised" on, or the setting alone. */
export function startHidden(argv: readonly string[], startMinimized: boolean): boolean {
  return startMinimized || argv.includes(`${STARTED_AT_LOGIN_ARG}=hidden`);
}

/**
 * `app.setLoginItemSettings` input on macOS and Windows. On Windows the login item starts the
 * executable with `--started-at-login`, which lets a started-at-login launch be told apart.
 */
export function loginItemSettings(
  enabled: boolean,
  startMinimized: boolean,
  platform: NodeJS.Platform,
): { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] } {
  if (platform === 'darwin') return { openAtLogin: enabled, openAsHidden: enabled && startMinimized };
  return {
    openAtLogin: enabled,
    args: startMinimized ? [`${STARTED_AT_LOGIN_ARG}=hidden`] : [STARTED_AT_LOGIN_ARG],
  };
}

/** Where the Linux autostart entry lives: `$XDG_CONFIG_HOME/autostart` (XDG Autostart Specification). */
export function xdgAutostartPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const configHome =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(configHome, 'autostart', LINUX_DESKTOP_FILE);
}

/**
 * The Linux XDG autostart entry (Desktop Entry Specification 1.5). `executable` is the AppImage
 * path when run from one (`$APPIMAGE`), else the installed binary; quoted per the spec's Exec rules.
 */
export function xdgAutostartEntry(options: { name: string; executable: string; startMinimized: boolean }): string {
  const quoted = `"${options.executable.replace(/(["`$\\])/g, '\\$1')}"`;
  const exec = [quoted, options.startMinimized ? `${STARTED_AT_LOGIN_ARG}=hidden` : STARTED_AT_LOGIN_ARG].join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.5',
    `Name=${options.name.replace(/[\r\n]/g, ' ')}`,
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * How to make the app the default tel:/callto: handler, or stop being it, on `platform`:
 * - macOS: `app.setAsDefaultProtocolClient` / `removeAsDefaultProtocolClient` take effect at once;
 * - Windows 10/11: registration only lists the app; the user picks it in Settings → Default apps,
 *   so after registering, `isDefaultProtocolClient` tells whether to open that page;
 * - Linux: `removeAsDefaultProtocolClient` does not exist there: `xdg-mime default` sets the
 *   handler, and turning it off removes the app's lines from the user's mimeapps.list.
 */
export type ProtocolPlan =
  | { kind: 'electron'; register: boolean; openSystemPageIfNotDefault: boolean }
  | { kind: 'xdg-mime-default'; args: string[] }
  | { kind: 'mimeapps-remove' };

export function protocolHandlerPlan(platform: NodeJS.Platform, enabled: boolean): ProtocolPlan {
  if (platform === 'linux') {
    return enabled
      ? {
          kind: 'xdg-mime-default',
          args: ['default', LINUX_DESKTOP_FILE, ...CALL_LINK_SCHEMES.map((s) => `x-scheme-handler/${s}`)],
        }
      : { kind: 'mimeapps-remove' };
  }
  return { kind: 'electron', register: enabled, openSystemPageIfNotDefault: enabled && platform === 'win32' };
}

/** Windows' own page where the user chooses default apps per link type. */
export const WINDOWS_DEFAULT_APPS_URI = 'ms-settings:defaultapps';

/**
 * `~/.config/mimeapps.list` without this app as the default tel:/callto: handler: its entries are
 * removed from `x-scheme-handler/tel|callto` lines in [Default Applications] (other apps listed
 * there stay; a line left empty goes). Everything else is kept byte for byte.
 */
export function withoutDefaultHandler(mimeapps: string, desktopFile: string = LINUX_DESKTOP_FILE): string {
  const keys = new Set(CALL_LINK_SCHEMES.map((scheme) => `x-scheme-handler/${scheme}`));
  let section = '';
  const lines: string[] = [];
  for (const line of mimeapps.split('\n')) {
    const header = /^\s*\[(.+)\]\s*$/.exec(line);
    if (header) section = header[1] ?? '';
    const entry = /^([^=]+)=(.*)$/.exec(line);
    if (!header && entry && section === 'Default Applications' && keys.has(entry[1]!.trim())) {
      const rest = entry[2]!.split(';').filter((app) => app.trim() !== '' && app.trim() !== desktopFile);
      if (rest.length > 0) lines.push(`${entry[1]}=${rest.join(';')};`);
      continue;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/** Waits for `work` at most `deadlineMs`; says which came first (quit must never hang). */
export async function settleWithin(work: Promise<unknown>, deadlineMs: number): Promise<'done' | 'timed-out'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), deadlineMs);
  });
  try {
    return await Promise.race([
      work.then(
        () => 'done' as const,
        () => 'done' as const,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The desktop preferences from the settings file's text, read before the core starts (so the
 * window can appear at once, where it was): anything unreadable gives the defaults, and the
 * core's own settings store deals with a damaged file properly.
 */
export function desktopPreferencesFromFile(text: string | null): DesktopPreferences {
  let stored: unknown;
  try {
    stored = text === null ? {} : JSON.parse(text);
  } catch {
    stored = {};
  }
  const desktop =
    typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>)['desktop'] : undefined;
  return DesktopPreferencesSchema.parse(desktop ?? {});
}

/**
 * The words Settings shows about the tel:/callto: handler, from the OS's real answer
 * (`app.isDefaultProtocolClient` per scheme) rather than from the setting alone: on Windows 10/11
 * registering only lists the app (the user picks it in Settings → Default apps), and another app
 * may have taken the links since. See LinkHandlerStateSchema for each state.
 */
export function linkHandlerState(context: {
  readonly platform: NodeJS.Platform;
  /** The `telLinks` setting. */
  readonly enabled: boolean;
  /** `app.isDefaultProtocolClient(scheme)` for each scheme. */
  readonly isDefault: Readonly<Record<(typeof CALL_LINK_SCHEMES)[number], boolean>>;
}): LinkHandlerState {
  const mine = CALL_LINK_SCHEMES.filter((scheme) => context.isDefault[scheme]);
  const others = CALL_LINK_SCHEMES.filter((scheme) => !context.isDefault[scheme]);
  if (!context.enabled)
    return mine.length > 0 ? { state: 'still-default', schemes: mine } : { state: 'off', schemes: [] };
  if (others.length === 0) return { state: 'default', schemes: [...CALL_LINK_SCHEMES] };
  return { state: context.platform === 'win32' ? 'choose-in-system' : 'other-app', schemes: others };
}

/** The global shortcut's state for Settings: `registered` is what `globalShortcut.register` returned. */
export function shortcutState(shortcut: DesktopPreferences['globalShortcut'], registered: boolean): ShortcutState {
  if (!shortcut.enabled) return { state: 'off', accelerator: shortcut.accelerator };
  return { state: registered ? 'registered' : 'conflict', accelerator: shortcut.accelerator };
}
