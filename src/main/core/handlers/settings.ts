import type { CoreApi } from '../../../shared/contract.ts';
import type { SettingsService } from '../settings/settings-service.ts';

/** `settings.*`: the app-level settings service (settings/settings-service.ts). */
export function settingsHandlers(settings: SettingsService): CoreApi['settings'] {
  return {
    get: async () => settings.get(),
    update: (patch) => settings.update(patch),
  };
}
