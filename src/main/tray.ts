/** The tray icon and its menu, rebuilt from ./tray-menu.ts's model whenever what it shows changes. */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { IntlShape } from '@formatjs/intl';
import { trayMenuModel, type TrayAction, type TrayMenuEntry, type TrayMenuInput } from './tray-menu.ts';

export interface TrayController {
  /** Rebuilds the menu from fresh input. */
  update(input: TrayMenuInput): void;
  destroy(): void;
}

/** Turns the model into Electron menu items; each action becomes a call of `onAction`. */
export function trayMenuTemplate(
  model: readonly TrayMenuEntry[],
  onAction: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return model.map((entry) => {
    if (entry.type === 'separator') return { type: 'separator' };
    const { action } = entry;
    return {
      id: entry.id,
      label: entry.label,
      enabled: entry.enabled,
      ...(action ? { click: () => onAction(action) } : {}),
    };
  });
}

export function createTray(options: {
  iconPath: string;
  intl: IntlShape;
  onAction: (action: TrayAction) => void;
  /** Left click (Windows/Linux where supported): open the window. */
  onClick: () => void;
  /** The pointer entered the icon (Windows/macOS): refresh the menu before it opens. */
  onHover: () => void;
}): TrayController {
  const tray = new Tray(nativeImage.createFromPath(options.iconPath));
  tray.setToolTip(options.intl.formatMessage({ id: 'desktop.tray.tooltip' }));
  tray.on('click', options.onClick);
  tray.on('mouse-enter', options.onHover);
  return {
    update(input) {
      tray.setContextMenu(
        Menu.buildFromTemplate(trayMenuTemplate(trayMenuModel(input, options.intl), options.onAction)),
      );
    },
    destroy: () => tray.destroy(),
  };
}
