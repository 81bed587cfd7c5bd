import type { CoreApi } from '../../../shared/contract.ts';
import type { AccountService } from '../account/account-service.ts';

/** `account.*`: the account/mode runtime (account/account-service.ts). The access token goes in, never out. */
export function accountHandlers(account: AccountService): CoreApi['account'] {
  return {
    getStatus: async () => account.status(),
    set: (input) => account.set(input),
    verify: () => account.verify(),
    clear: () => account.clear(),
  };
}
