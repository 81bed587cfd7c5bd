import type { HoiioBridge } from '../../shared/contract.ts';

declare global {
  interface Window {
    /** Set by the Electron preload, or by the browser-host transport before the app renders. */
    hoiio?: HoiioBridge;
  }
}
