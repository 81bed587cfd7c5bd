/**
 * The main window's constructor options and web preferences (pure; the shell passes them to
 * `new BrowserWindow` unchanged). Electron security checklist items 2-4, 6, 8 and 12 live here.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { MIN_WINDOW_SIZE, type RestoredWindow } from './window-state.ts';

export const WINDOW_TITLE = 'Hoiio Click-to-Call';

/** Hardened web preferences: isolated, sandboxed, no Node, web security on, nothing experimental. */
export function mainWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: true,
  };
}

export interface MainWindowInput {
  readonly preloadPath: string;
  readonly restored: RestoredWindow;
  /** PNG icon for Linux window managers (Windows/macOS take it from the executable/bundle). */
  readonly iconPath?: string | undefined;
  /** Packaged production build: DevTools cannot be opened. */
  readonly isPackaged: boolean;
}

/** The window is created hidden and shown at once with its start-up state (the page shows progress). */
export function mainWindowOptions(input: MainWindowInput): BrowserWindowConstructorOptions {
  return {
    ...input.restored.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: WINDOW_TITLE,
    backgroundColor: '#ffffff',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: { ...mainWebPreferences(input.preloadPath), devTools: !input.isPackaged },
  };
}
