/** voice/get_history (hoiio-api.md §2.3): 100 per page, newest first, from/to inclusive on `date`. */
import { describe, expect, it } from 'vitest';
import { api, control, form, credentials, placeCall, request, start, waitFor } from './helpers.ts';
import type { SandboxHandle } from '../../src/sandbox/index.ts';

interface History {
  status: string;
  total_entries_count: string;
  entries_count: string;
  entries: Record<string, string>[];
}

async function history(sandbox: SandboxHandle, fields: Record<string, string> = {}): Promise<History> {
  return (await api(sandbox, 'voice/get_history', fields)).json as unknown as History;
}

/** Waits until the wall clock is in a new second, so the next calls get a later `date`. */
async function nextSecond(): Promise<void> {
  const second = Math.floor(Date.now() / 1000);
  await waitFor(() => Math.floor(Date.now() / 1000) > second, 2000);
}

describe('voice/get_history', () => {
  it('pages of 100, newest first; a page past the end is empty; live calls have no duration/debit', async () => {
    const sandbox = await start({ rateLimit: 0, maxConcurrentCalls: 1000, ringSeconds: 3600 });
    // 250 calls through raw keep-alive-free requests, in parallel batches.
    for (let batch = 0; batch < 5; batch++) {
      await Promise.all(Array.from({ length: 50 }, () => placeCall(sandbox)));
    }
    const last = 'AA-C-1000250';
    await control(sandbox, 'POST', `calls/${last}/legs/1`, { outcome: 'busy' }); // one ended call

    const page1 = await history(sandbox);
    expect(page1).toMatchObject({ status: 'success_ok', total_entries_count: '250', entries_count: '100' });
    expect(Object.keys(page1)).toEqual(['status', 'total_entries_count', 'entries_count', 'entries']);
    expect(page1.entries).toHaveLength(100);
    const refs1 = page1.entries.map((e) => e.txn_ref!);
    // Newest first: date descending, then reference number descending.
    const sorted = [...page1.entries].sort(
      (a, b) => b.date!.localeCompare(a.date!) || Number(b.txn_ref!.slice(5)) - Number(a.txn_ref!.slice(5)),
    );
    expect(refs1).toEqual(sorted.map((e) => e.txn_ref));
    expect(refs1[0]).toBe(last);
    expect(page1.entries[0]).toMatchObject({
      call_status_dest1: 'busy',
      call_status_dest2: 'unanswered',
      duration: '0',
      debit: '0.000',
    });
    expect(page1.entries[1]).toMatchObject({ call_status_dest1: 'ongoing', call_status_dest2: 'ongoing' });
    expect(page1.entries[1]).not.toHaveProperty('duration');
    expect(page1.entries[1]).not.toHaveProperty('debit');
    expect(page1.entries[1]).not.toHaveProperty('status');

    const page2 = await history(sandbox, { page: '2' });
    const page3 = await history(sandbox, { page: '3' });
    const page4 = await history(sandbox, { page: '4' });
    expect([page2.entries_count, page3.entries_count, page4.entries_count]).toEqual(['100', '50', '0']);
    expect(page4).toEqual({ status: 'success_ok', total_entries_count: '250', entries_count: '0', entries: [] });
    const all = [...refs1, ...page2.entries.map((e) => e.txn_ref), ...page3.entries.map((e) => e.txn_ref)];
    expect(new Set(all).size).toBe(250);
    expect(all.at(-1)).toBe('AA-C-1000001');
    // Entries are query_status objects without `status`.
    const entry = page3.entries.at(-1)!;
    const { status: _status, ...queried } = (await api(sandbox, 'voice/query_status', { txn_ref: entry.txn_ref! }))
      .json;
    expect(entry).toEqual(queried);
  });

  it('from/to filter on the call date, both ends inclusive; no to = now', async () => {
    const sandbox = await start({ maxConcurrentCalls: 100, ringSeconds: 3600 });
    await nextSecond();
    const a = [await placeCall(sandbox), await placeCall(sandbox)];
    await nextSecond();
    const b = [await placeCall(sandbox), await placeCall(sandbox), await placeCall(sandbox)];
    await nextSecond();
    const c = [await placeCall(sandbox)];
    const dateOf = async (txn_ref: string) =>
      (await api(sandbox, 'voice/query_status', { txn_ref })).json.date as string;
    const [dateA, dateB, dateC] = [await dateOf(a[0]!), await dateOf(b[0]!), await dateOf(c[0]!)];
    expect(await dateOf(a[1]!)).toBe(dateA);
    expect(await dateOf(b[2]!)).toBe(dateB);
    const refs = async (fields: Record<string, string>) =>
      (await history(sandbox, fields)).entries.map((e) => e.txn_ref);

    expect(await refs({ from: dateB, to: dateB })).toEqual([...b].reverse());
    expect(await refs({ from: dateB })).toEqual([...b, ...c].reverse());
    expect(await refs({ to: dateA })).toEqual([...a].reverse());
    expect(await refs({ from: dateA, to: dateC })).toHaveLength(6);
    expect(await refs({ from: `${dateB}.0`, to: `${dateB}.999` })).toEqual([...b].reverse());
    expect((await history(sandbox, { from: dateB, to: dateB })).total_entries_count).toBe('3');
    expect(await refs({ to: '2000-01-01 00:00:00' })).toEqual([]);
    expect(await refs({ from: '2999-01-01 00:00:00' })).toEqual([]);
  });

  it('only accepted calls appear; control API traffic never does; reset clears history', async () => {
    const sandbox = await start();
    await placeCall(sandbox);
    await api(sandbox, 'voice/call', { dest2: 'bad' });
    await control(sandbox, 'GET', 'calls');
    expect((await history(sandbox)).total_entries_count).toBe('1');
    await control(sandbox, 'POST', 'reset');
    expect((await history(sandbox)).total_entries_count).toBe('0');
    // Query string paging works as well as body paging.
    const viaQuery = await request(
      `${sandbox.baseUrl}/voice/get_history?${form({ ...credentials(sandbox), page: '1' })}`,
    );
    expect(JSON.parse(viaQuery.text)).toMatchObject({ status: 'success_ok', entries_count: '0' });
  });
});
