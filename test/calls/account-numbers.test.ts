/** The account's numbers cache (issue 12): fetched once from the real sandbox, refreshed on demand, never keeps a failure. */
import { afterEach, describe, expect, it } from 'vitest';
import { AccountNumbersCache, type AccountNumbersSource } from '../../src/main/core/account/account-numbers.ts';
import { HoiioClient } from '../../src/main/core/hoiio/client.ts';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import { localPresenceCallerId, type AccountNumbers } from '../../src/shared/account.ts';

const handles: SandboxHandle[] = [];
const clients: HoiioClient[] = [];
afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});

async function sandboxAccount(hoiioNumbers: string[]): Promise<{ handle: SandboxHandle; client: HoiioClient }> {
  const handle = await startSandbox({ hoiioNumbers, port: 0, host: '127.0.0.1' });
  handles.push(handle);
  const client = new HoiioClient({
    baseUrl: handle.baseUrl,
    credentials: { appId: handle.appId, accessToken: handle.accessToken },
  });
  clients.push(client);
  return { handle, client };
}

/** Counts get_info requests, so "fetched once" is observed, not assumed. */
function counting(client: HoiioClient): AccountNumbersSource['client'] & { infoCalls: number } {
  const counted = {
    infoCalls: 0,
    getInfo() {
      counted.infoCalls += 1;
      return client.getInfo();
    },
    getActiveNumbers: () => client.getActiveNumbers(),
  };
  return counted;
}

describe('AccountNumbersCache', () => {
  it('reads caller IDs and Hoiio Numbers with their country, once, and reports them', async () => {
    const { client } = await sandboxAccount(['+14155550000', '+442079460000']);
    const counted = counting(client);
    const reported: AccountNumbers[] = [];
    const cache = new AccountNumbersCache({
      source: () => ({ mode: 'sandbox', client: counted }),
      onChange: (numbers) => reported.push(numbers),
    });
    const first = await cache.get();
    expect(first).toMatchObject({
      mode: 'sandbox',
      registeredNumber: '+6591234567',
      callerIds: ['+6591234567', '+14155550000', '+442079460000', 'private'],
      hoiioNumbers: [
        { number: '+14155550000', country: 'US' },
        { number: '+442079460000', country: 'GB' },
      ],
    });
    await cache.get();
    expect(counted.infoCalls).toBe(1);
    expect(reported).toHaveLength(1);

    // Verify: fetched anew; unchanged numbers are not reported again.
    await cache.refresh();
    expect(counted.infoCalls).toBe(2);
    expect(reported).toHaveLength(1);
    expect(localPresenceCallerId(first, 'GB')).toBe('+442079460000');
    expect(localPresenceCallerId(first, 'SG')).toBeNull();
  });

  it('fetches the new account after a change and forgets a failed fetch', async () => {
    const one = await sandboxAccount([]);
    const two = await sandboxAccount(['+6560000000']);
    let source: AccountNumbersSource | null = { mode: 'sandbox', client: one.client };
    const reported: AccountNumbers[] = [];
    const cache = new AccountNumbersCache({ source: () => source, onChange: (numbers) => reported.push(numbers) });
    expect((await cache.get()).hoiioNumbers).toEqual([]);

    source = { mode: 'live', client: two.client };
    cache.accountChanged();
    await expect.poll(() => reported.length).toBe(2);
    expect(reported[1]).toMatchObject({ mode: 'live', hoiioNumbers: [{ number: '+6560000000', country: 'SG' }] });

    await two.handle.close();
    handles.splice(handles.indexOf(two.handle), 1);
    await expect(cache.refresh()).rejects.toThrow();
    source = null;
    expect(() => cache.get()).toThrow(/still starting/);
  });
});
