/**
 * The application menu (pure): our own instead of Electron's default, which ships DevTools and
 * Reload in production. Standard roles give the OS's own words and shortcuts (Cut/Copy/Paste,
 * Minimise, Quit); View → Reload and Toggle DevTools exist only in development.
 */
import type { IntlShape } from '@formatjs/intl';
import type { MenuItemConstructorOptions } from 'electron';

export function appMenuTemplate(options: {
  platform: NodeJS.Platform;
  isDevelopment: boolean;
  appName: string;
  intl: IntlShape;
}): MenuItemConstructorOptions[] {
  const t = (id: string) => options.intl.formatMessage({ id });
  const isMac = options.platform === 'darwin';
  const menu: MenuItemConstructorOptions[] = [];
  if (isMac) {
    menu.push({
      label: options.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  } else {
    menu.push({ label: t('desktop.menu.file'), submenu: [{ role: 'quit' }] });
  }
  menu.push({
    label: t('desktop.menu.edit'),
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (options.isDevelopment)
    view.unshift({ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  menu.push({ label: t('desktop.menu.view'), submenu: view });
  menu.push({
    label: t('desktop.menu.window'),
    submenu: isMac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  });
  return menu;
}
