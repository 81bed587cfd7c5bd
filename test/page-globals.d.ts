// Specs evaluate code inside the app's page, where the preload (or browser-host transport) set this.
import type { HoiioBridge } from '../src/shared/contract.ts';

declare global {
  interface Window {
    hoiio?: HoiioBridge;
  }
}
