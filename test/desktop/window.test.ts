import { describe, expect, it } from 'vitest';
import { mainWebPreferences, mainWindowOptions } from '../../src/main/window-options.ts';
import { captureWindowState, restoreWindowState, type DisplayArea } from '../../src/main/window-state.ts';
import { WindowStateSchema } from '../../src/shared/settings.ts';

const laptop: DisplayArea = { id: 1, workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const monitor: DisplayArea = { id: 2, workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };

describe('restoreWindowState', () => {
  it('opens at the default size, centred by the OS, the first time', () => {
    expect(restoreWindowState(null, [laptop], laptop)).toEqual({
      bounds: { width: 1100, height: 720 },
      maximized: false,
    });
  });

  it('puts the window back where it was on the display it was on', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1200, height: 800 }, maximized: true, displayId: 2 };
    expect(restoreWindowState(saved, [laptop, monitor], laptop)).toEqual({ bounds: saved.bounds, maximized: true });
  });

  it('centres it on the primary display, no larger than its work area, when that display is gone', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 2400, height: 1300 }, maximized: false, displayId: 2 };
    expect(restoreWindowState(saved, [laptop], laptop)).toEqual({
      bounds: { width: 1440, height: 875 },
      maximized: false,
    });
  });

  it('moves a window whose title bar would be off-screen (resolution changed) fully inside the work area', () => {
    const saved = { bounds: { x: 1300, y: 800, width: 1100, height: 720 }, maximized: false, displayId: 1 };
    expect(restoreWindowState(saved, [laptop], laptop).bounds).toEqual({ x: 340, y: 180, width: 1100, height: 720 });
    const above = { bounds: { x: 100, y: -600, width: 1100, height: 720 }, maximized: false, displayId: 1 };
    expect(restoreWindowState(above, [laptop], laptop).bounds).not.toHaveProperty('x');
  });

  it('captures whole, positive sizes, and the stored form is validated', () => {
    const state = captureWindowState({ x: 10.4, y: 20.6, width: 800.2, height: 0 }, false, 7);
    expect(state).toEqual({ bounds: { x: 10, y: 21, width: 800, height: 1 }, maximized: false, displayId: 7 });
    expect(WindowStateSchema.safeParse(state).success).toBe(true);
    expect(WindowStateSchema.safeParse({ ...state, bounds: { ...state.bounds, x: 1e9 } }).success).toBe(false);
  });
});

describe('window options', () => {
  it('web preferences keep every Electron hardening switch', () => {
    expect(mainWebPreferences('/p/index.cjs')).toMatchObject({
      preload: '/p/index.cjs',
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
    });
  });

  it('the window is created hidden with the restored bounds, and DevTools are off when packaged', () => {
    const options = mainWindowOptions({
      preloadPath: '/p/index.cjs',
      restored: { bounds: { x: 5, y: 6, width: 900, height: 600 }, maximized: false },
      isPackaged: true,
    });
    expect(options).toMatchObject({ x: 5, y: 6, width: 900, height: 600, minWidth: 720, minHeight: 480, show: false });
    expect(options.webPreferences?.devTools).toBe(false);
    expect(options).not.toHaveProperty('icon');
  });
});
