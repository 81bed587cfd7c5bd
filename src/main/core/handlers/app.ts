import type { CoreApi } from '../../../shared/contract.ts';
import type { AppInfoService } from '../app/app-info-service.ts';

/** `app.*`: what About shows (app/app-info-service.ts). */
export function appHandlers(app: AppInfoService): CoreApi['app'] {
  return {
    getInfo: async () => app.info(),
  };
}
