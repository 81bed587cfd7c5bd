/**
 * Remembering the main window's size, position, maximised state and display, and restoring it
 * safely (pure; the shell passes `screen.getAllDisplays()` and saves what `captureWindowState`
 * returns). A window is only put back where it was when that place is still on a connected
 * display; otherwise (display unplugged, resolution changed) it opens centred on the primary
 * display, no larger than its work area.
 */
import type { WindowState } from '../shared/settings.ts';

export type { WindowState };

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayArea {
  readonly id: number;
  /** The display's work area in DIP (screen minus task bar / menu bar / dock). */
  readonly workArea: Rectangle;
}

export const DEFAULT_WINDOW_SIZE = { width: 1100, height: 720 } as const;
export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const;
/** How much of the window (its title bar area) must be on a display to count as visible, in DIP. */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

export interface RestoredWindow {
  /** x/y absent: let the OS centre the window. */
  readonly bounds: { x?: number; y?: number; width: number; height: number };
  readonly maximized: boolean;
}

/** Where to open the window, given what was saved (or null) and the displays connected now. */
export function restoreWindowState(
  saved: WindowState | null,
  displays: readonly DisplayArea[],
  primary: DisplayArea,
): RestoredWindow {
  if (!saved) return { bounds: fitSize(DEFAULT_WINDOW_SIZE, primary.workArea), maximized: false };
  const display =
    displays.find((candidate) => candidate.id === saved.displayId && isVisibleOn(saved.bounds, candidate.workArea)) ??
    displays.find((candidate) => isVisibleOn(saved.bounds, candidate.workArea));
  if (!display) return { bounds: fitSize(saved.bounds, primary.workArea), maximized: saved.maximized };
  const size = fitSize(saved.bounds, display.workArea);
  const area = display.workArea;
  // Keep it where it was, moved just enough to be wholly inside the work area.
  const x = clamp(saved.bounds.x, area.x, area.x + area.width - size.width);
  const y = clamp(saved.bounds.y, area.y, area.y + area.height - size.height);
  return { bounds: { x, y, ...size }, maximized: saved.maximized };
}

/** What to save when the window moves, resizes or closes (`bounds` = normal, un-maximised bounds). */
export function captureWindowState(bounds: Rectangle, maximized: boolean, displayId: number | null): WindowState {
  return {
    bounds: {
      x: Math.round(bounds.x),
      y: Math.round(bounds.y),
      width: Math.max(1, Math.round(bounds.width)),
      height: Math.max(1, Math.round(bounds.height)),
    },
    maximized,
    displayId,
  };
}

function isVisibleOn(bounds: Rectangle, area: Rectangle): boolean {
  const overlapWidth = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
  const overlapHeight = Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y);
  // The top edge (where the title bar is) must be inside the area, or the user cannot grab the window.
  const topInside = bounds.y >= area.y && bounds.y < area.y + area.height;
  return topInside && overlapWidth >= MIN_VISIBLE.width && overlapHeight >= MIN_VISIBLE.height;
}

function fitSize(size: { width: number; height: number }, area: Rectangle): { width: number; height: number } {
  return {
    width: clamp(size.width, Math.min(MIN_WINDOW_SIZE.width, area.width), area.width),
    height: clamp(size.height, Math.min(MIN_WINDOW_SIZE.height, area.height), area.height),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}
