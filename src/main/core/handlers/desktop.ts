import type { CoreApi } from '../../../shared/contract.ts';
import type { DesktopStateHub } from '../desktop-state.ts';

/** `desktop.*`: what only the desktop shell knows (desktop-state.ts); the browser host answers 'unavailable'. */
export function desktopHandlers(desktop: DesktopStateHub): CoreApi['desktop'] {
  return {
    getState: async () => desktop.state,
    restartToUpdate: async () => desktop.restartToUpdate(),
  };
}
