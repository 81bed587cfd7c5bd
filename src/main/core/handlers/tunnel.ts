import type { CoreApi } from '../../../shared/contract.ts';
import type { AccountService } from '../account/account-service.ts';

/** `tunnel.*`: the live account's notification tunnel, owned by the account service. */
export function tunnelHandlers(account: AccountService): CoreApi['tunnel'] {
  return {
    getState: async () => account.tunnelStatus(),
  };
}
