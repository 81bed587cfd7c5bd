/**
 * The team password in the OS keychain, beside the Hoiio token but under its own service name
 * (`<service> Team`), so clearing or replacing the Hoiio token never touches it and vice versa.
 * Never logged, never in settings, never sent to the renderer; no plaintext fallback.
 */
import { AppError } from '../../../shared/errors.ts';
import { DEFAULT_KEYCHAIN_SERVICE, loadKeytar } from '../secrets/vault.ts';

function unavailable(operation: string, cause: unknown): AppError {
  return new AppError(
    'keychain_unavailable',
    `The system keychain is not available, so the team password cannot be ${operation}. ` +
      'Unlock or install a keychain (on Linux a Secret Service keyring) and try again. ' +
      'For your security the password is never saved anywhere else.',
    { reason: cause instanceof Error ? cause.message : String(cause) },
  );
}

export class TeamPasswordVault {
  readonly service: string;

  /** `keychainService`: the app's keychain service (tests use a unique one). */
  constructor(keychainService: string = DEFAULT_KEYCHAIN_SERVICE) {
    this.service = `${keychainService} Team`;
  }

  /** The password saved for `account` (`user@host:port/database`), or null. */
  async get(account: string): Promise<string | null> {
    try {
      return await (await loadKeytar()).getPassword(this.service, account);
    } catch (error) {
      throw unavailable('read', error);
    }
  }

  /** Saves the password for `account` and removes any other saved team password. */
  async set(account: string, password: string): Promise<void> {
    try {
      const keytar = await loadKeytar();
      await keytar.setPassword(this.service, account, password);
      for (const entry of await keytar.findCredentials(this.service)) {
        if (entry.account !== account) await keytar.deletePassword(this.service, entry.account);
      }
    } catch (error) {
      throw unavailable('saved', error);
    }
  }

  async clear(): Promise<void> {
    try {
      const keytar = await loadKeytar();
      for (const entry of await keytar.findCredentials(this.service))
        await keytar.deletePassword(this.service, entry.account);
    } catch (error) {
      throw unavailable('removed', error);
    }
  }
}
