/**
 * Prices before calling: voice/get_rate for both legs of a call (hoiio-api.md §2.4), with the
 * same number rules and defaults as placing the call (destinations.ts `resolveLegs`). Keeps no
 * state of its own.
 */
import type { Rate } from '../hoiio/schemas.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import type { CallBackend } from './ports.ts';
import { resolveLegs } from './destinations.ts';

export class RateService {
  readonly #settings: Pick<SettingsService, 'get'>;
  readonly #backend: () => CallBackend;

  /** `backend`: the backend new calls use (account service `requireBackend`). */
  constructor(options: { readonly settings: Pick<SettingsService, 'get'>; readonly backend: () => CallBackend }) {
    this.#settings = options.settings;
    this.#backend = options.backend;
  }

  /**
   * The per-minute price of both legs (a "0.000" string in the account's currency) and the minutes the
   * balance pays for. Throws the HoiioError of a refused number, as placing the call would.
   */
  async rate(input: {
    readonly dest2: string;
    readonly dest1?: string | null | undefined;
  }): Promise<{ dest1: string; dest2: string } & Rate> {
    const backend = this.#backend();
    const { dest1, dest2 } = await resolveLegs(input, this.#settings.get(), () => backend.registeredNumber());
    return { dest1, dest2, ...(await backend.client.getRate(dest1, dest2)) };
  }
}
