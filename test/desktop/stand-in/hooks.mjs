/* global URL */
// Loaded with `node --import` before the shell's built entry: resolves `electron` (import and
// require) to the recording stand-in next to this file. Nothing else is replaced.
import { registerHooks } from 'node:module';

const standIn = new URL('./electron-stand-in.mjs', import.meta.url).href;
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: standIn, format: 'module', shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
