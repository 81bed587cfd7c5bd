import type { CoreApi } from '../../../shared/contract.ts';
import type { AppInfoService } from '../app/app-info-service.ts';
import type { StartupTracker } from '../app/startup-state.ts';

/** `app.*`: what About shows (app/app-info-service.ts) and where start-up is (app/startup-state.ts). */
export function appHandlers(app: AppInfoService, startup: StartupTracker): CoreApi['app'] {
  return {
    getInfo: async () => app.info(),
    getStartup: async () => startup.state,
  };
}
