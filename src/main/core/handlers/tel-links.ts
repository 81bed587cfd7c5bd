import type { CoreApi } from '../../../shared/contract.ts';
import type { TelLinkService } from '../tel-links/tel-link-service.ts';

/** `telLinks.*`: the last opened tel: link's outcome (tel-links/tel-link-service.ts). */
export function telLinksHandlers(telLinks: TelLinkService): CoreApi['telLinks'] {
  return {
    takePending: async () => telLinks.takePending(),
  };
}
