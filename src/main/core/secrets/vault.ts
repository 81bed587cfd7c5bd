/**
 * The credential vault: the Hoiio access token lives only in the OS keychain (keytar:
 * Keychain on macOS, Credential Vault on Windows, Secret Service on Linux). There is no
 * fallback: without a keychain the token is not stored at all and the user is told why.
 * Tokens never appear in errors or logs.
 */
import type * as KeytarModule from 'keytar';
import { englishErrorMessage } from '../../../shared/error-messages.ts';
import { AppError } from '../../../shared/errors.ts';

export const DEFAULT_KEYCHAIN_SERVICE = 'Hoiio Click-to-Call';

export interface CredentialVaultOptions {
  /** The keychain service name; tests use a unique one. */
  readonly service?: string;
}

/**
 * Why the keychain failed, in words a user can act on (catalogue key `secrets.keychainUnavailable`,
 * worded in the user's language by the renderer); the token itself is never included.
 */
function keychainUnavailable(operation: 'read' | 'saved' | 'removed', cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const params = { operation, platform: process.platform === 'linux' ? 'linux' : 'other' };
  return new AppError(
    'keychain_unavailable',
    englishErrorMessage('secrets.keychainUnavailable', params),
    { reason },
    {
      key: 'secrets.keychainUnavailable',
      params,
    },
  );
}

type Keytar = typeof KeytarModule;

/** Loaded on first use: a keytar that cannot load (no libsecret) is a missing keychain, not a crash. */
let keytarModule: Promise<Keytar> | null = null;
export function loadKeytar(): Promise<Keytar> {
  keytarModule ??= import('keytar').then((module) => ('default' in module ? (module.default as Keytar) : module));
  return keytarModule;
}

export class CredentialVault {
  readonly service: string;

  constructor(options: CredentialVaultOptions = {}) {
    this.service = options.service ?? DEFAULT_KEYCHAIN_SERVICE;
  }

  /** The token stored for this App ID, or null when there is none. */
  async getToken(appId: string): Promise<string | null> {
    try {
      const keytar = await loadKeytar();
      return await keytar.getPassword(this.service, appId);
    } catch (error) {
      throw keychainUnavailable('read', error);
    }
  }

  /** Stores the token for this App ID and removes tokens kept for any other App ID. */
  async setToken(appId: string, accessToken: string): Promise<void> {
    try {
      const keytar = await loadKeytar();
      await keytar.setPassword(this.service, appId, accessToken);
      for (const { account } of await keytar.findCredentials(this.service)) {
        if (account !== appId) await keytar.deletePassword(this.service, account);
      }
    } catch (error) {
      throw keychainUnavailable('saved', error);
    }
  }

  /** Removes every token this app stored. */
  async clear(): Promise<void> {
    try {
      const keytar = await loadKeytar();
      for (const { account } of await keytar.findCredentials(this.service)) {
        await keytar.deletePassword(this.service, account);
      }
    } catch (error) {
      throw keychainUnavailable('removed', error);
    }
  }
}
