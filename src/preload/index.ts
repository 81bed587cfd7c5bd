import { contextBridge, ipcRenderer } from 'electron';
import { OPERATION_CHANNELS, pushEventChannel } from '../shared/channels.ts';
import type { IpcResult } from '../shared/errors.ts';
import { createBridge, type BridgeTransport } from './bridge.ts';

const allowedChannels = new Set(OPERATION_CHANNELS);

const transport: BridgeTransport = {
  invoke(channel, input) {
    // The bridge only builds contract channels; this check keeps the preload closed even so.
    if (!allowedChannels.has(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown_operation', message: `Unknown operation: ${channel}` },
      });
    }
    return ipcRenderer.invoke(channel, input) as Promise<IpcResult<unknown>>;
  },
  subscribe(eventName, listener) {
    const channel = pushEventChannel(eventName);
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => ipcRenderer.removeListener(channel, handler);
  },
};

contextBridge.exposeInMainWorld('hoiio', createBridge(transport));
