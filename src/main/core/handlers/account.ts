import type { CoreApi } from '../../../shared/contract.ts';
import type { AccountNumbersCache } from '../account/account-numbers.ts';
import type { AccountService } from '../account/account-service.ts';

/**
 * `account.*`: the account/mode runtime (account/account-service.ts) and the account's numbers
 * (account/account-numbers.ts). The access token goes in, never out.
 */
export function accountHandlers(
  account: AccountService,
  numbers: AccountNumbersCache,
  logger: Pick<Console, 'warn'>,
): CoreApi['account'] {
  return {
    getStatus: async () => account.status(),
    set: (input) => account.set(input),
    verify: async () => {
      const verification = await account.verify();
      // Verify is the user's "check my account again": the numbers are read anew too. Their failure
      // (e.g. number/get_active refused) must not fail a check that succeeded; the Dialer asks again
      // and says why.
      await numbers.refresh().catch((error: unknown) => {
        logger.warn('[account] refreshing the account numbers on verify failed', error);
      });
      return verification;
    },
    getNumbers: () => numbers.get(),
    clear: () => account.clear(),
  };
}
