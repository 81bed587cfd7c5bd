import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridge, type BridgeTransport } from '../../src/preload/bridge.ts';
import { createClient } from '../../src/shared/client.ts';
import { allChannels, contract, pushEvents, type CoreApi } from '../../src/shared/contract.ts';
import { AppError } from '../../src/shared/errors.ts';
import { createCore, type Core } from '../../src/main/core/index.ts';
import { dispatch } from '../../src/main/ipc.ts';

const silent = { error: () => {}, warn: () => {} };
let core: Core;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-ipc-'));
  core = await createCore({ dataDir, shell: 'browser' });
});
afterAll(async () => {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('dispatch', () => {
  it('answers a valid request with data the output schema accepts', async () => {
    const result = await dispatch(core.api, 'app:getInfo', undefined, silent);
    expect(result).toMatchObject({ ok: true, value: { mode: 'sandbox', shell: 'browser', dataDir } });
  });

  it('rejects input outside the contract with invalid_input and the offending path', async () => {
    const result = await dispatch(core.api, 'app:getInfo', { unexpected: true }, silent);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    // A plain sentence from the catalogue for logs; the field, key and channel travel as data.
    expect(result.error).toMatchObject({
      key: 'request.invalid',
      fields: [{ path: [], key: 'field.invalidType' }],
      details: { channel: 'app:getInfo' },
    });
    expect(result.error.message).not.toMatch(/app:getInfo|✖|→/);
  });

  it.each([['no:such'], ['constructor'], ['__proto__:toString'], [42], [null]])(
    'rejects the unknown channel %j',
    async (channel) => {
      const result = await dispatch(core.api, channel, undefined, silent);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    },
  );

  it('turns a core AppError into its code and message, and other throws into a generic internal error', async () => {
    const failing = (error: unknown): CoreApi =>
      ({
        ...core.api,
        app: {
          ...core.api.app,
          getInfo: async () => {
            throw error;
          },
        },
      }) as CoreApi;
    const typed = await dispatch(
      failing(new AppError('not_found', 'No such contact.')),
      'app:getInfo',
      undefined,
      silent,
    );
    expect(typed).toEqual({ ok: false, error: { code: 'not_found', message: 'No such contact.' } });
    const raw = await dispatch(failing(new Error('secret internals')), 'app:getInfo', undefined, silent);
    expect(raw).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(raw)).not.toContain('secret internals');
  });

  it('refuses output the contract does not allow instead of passing it to the renderer', async () => {
    const leaky = { ...core.api, app: { getInfo: async () => ({ token: 'x' }) } } as unknown as CoreApi;
    const result = await dispatch(leaky, 'app:getInfo', undefined, silent);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_output' } });
  });
});

describe('createBridge', () => {
  const calls: Array<[string, unknown]> = [];
  const transport: BridgeTransport = {
    invoke: async (channel, input) => {
      calls.push([channel, input]);
      return dispatch(core.api, channel, input, silent);
    },
    subscribe: () => () => {},
  };

  it('exposes exactly one named function per contract operation and one subscriber per event', () => {
    const bridge = createBridge(transport);
    const functions = Object.entries(contract).flatMap(([namespace, operations]) =>
      Object.keys(operations).map((name) => `${namespace}:${name}`),
    );
    expect(functions).toEqual(allChannels);
    for (const channel of allChannels) {
      const [namespace, name] = channel.split(':') as [string, string];
      expect(typeof (bridge as unknown as Record<string, Record<string, unknown>>)[namespace]![name]).toBe('function');
    }
    expect(Object.keys(bridge.on).sort()).toEqual(Object.keys(pushEvents).sort());
    expect(Object.isFrozen(bridge)).toBe(true);
    expect('invoke' in bridge).toBe(false);
  });

  it('resolves with result envelopes, which survive Electron contextBridge cloning intact', async () => {
    const bridge = createBridge(transport);
    const result = await bridge.app.getInfo();
    expect(result).toMatchObject({ ok: true, value: { mode: 'sandbox' } });
    expect(structuredClone(result)).toEqual(result);
  });

  it('createClient resolves with the value and rejects with an AppError carrying the code', async () => {
    const client = createClient(createBridge(transport));
    await expect(client.app.getInfo()).resolves.toMatchObject({ mode: 'sandbox' });
    const failure = await (client.app.getInfo as (input: unknown) => Promise<unknown>)('bad').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('invalid_input');
    expect(calls.at(-1)).toEqual(['app:getInfo', 'bad']);
  });
});
