/**
 * hoiio-api.md §8 (under 30 background requests/min across calls) counts every request, not
 * every task: history pages beyond the first of a scheduled look-up, and every page reconcile()
 * reads, are recorded in the shared RequestBudget. The call service runs against a real
 * HoiioClient talking HTTP to a loopback server on 127.0.0.1 whose voice/get_history has 3
 * pages (250 entries), and a real SQLite call log in a temp dir.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallService } from '../../src/main/core/calls/call-service.ts';
import { TypedEmitter, type CoreEventMap, type CoreEvents } from '../../src/main/core/events.ts';
import { readHistory } from '../../src/main/core/calls/history-search.ts';
import type { CallBackend } from '../../src/main/core/calls/ports.ts';
import { RequestBudget } from '../../src/main/core/calls/request-budget.ts';
import { callTimings } from '../../src/main/core/calls/timings.ts';
import { HoiioClient } from '../../src/main/core/hoiio/client.ts';
import { formatHoiioDate } from '../../src/main/core/hoiio/wire.ts';
import { createStore, type Store } from '../../src/main/core/store/index.ts';
import type { CallRecord } from '../../src/shared/calls.ts';
import { defaultSettings } from '../../src/shared/settings.ts';
import { capturingLogger, eventually, tempDir } from './helpers.ts';

const TOTAL_ENTRIES = 250;
const PAGE_SIZE = 100;

/** A RequestBudget that also counts what was recorded and taken. */
class CountingBudget extends RequestBudget {
  recorded = 0;
  taken = 0;
  override record(now: number): void {
    this.recorded += 1;
    super.record(now);
  }
  override tryTake(now: number): number {
    const wait = super.tryTake(now);
    if (wait === 0) this.taken += 1;
    return wait;
  }
}

/**
 * A loopback Hoiio: voice/get_history answers 250 final calls in pages of 100, the oldest
 * (last page) tagged with the tag of the last voice/call; voice/call is received (the call
 * "exists") but its connection is dropped, so the outcome is unknown to the client.
 */
async function startFakeHoiio() {
  const pagesServed: number[] = [];
  let lastTag: string | null = null;
  const entry = (index: number) => ({
    txn_ref: `AA-C-${1000 + index}`,
    ...(index === TOTAL_ENTRIES - 1 && lastTag !== null ? { tag: lastTag } : {}),
    dest1: '+6581234567',
    dest2: '+6591234567',
    call_status_dest1: 'answered',
    call_status_dest2: 'answered',
    date: formatHoiioDate(new Date(Date.now() - index * 1000)),
    duration: '1',
    currency: 'USD',
    rate: '0.030',
    debit: '0.030',
  });
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (request.url === '/open/voice/call') {
        lastTag = params.get('tag');
        request.socket.destroy();
        return;
      }
      if (request.url !== '/open/voice/get_history') {
        response.writeHead(404).end();
        return;
      }
      const page = Number(params.get('page') ?? '1');
      pagesServed.push(page);
      const first = (page - 1) * PAGE_SIZE;
      const entries = [];
      for (let index = first; index < Math.min(first + PAGE_SIZE, TOTAL_ENTRIES); index += 1) {
        entries.push(entry(index));
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          status: 'success_ok',
          total_entries_count: String(TOTAL_ENTRIES),
          entries_count: String(entries.length),
          entries,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/open`,
    pagesServed,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let hoiio: Awaited<ReturnType<typeof startFakeHoiio>>;
let dir: ReturnType<typeof tempDir>;
let store: Store;
let client: HoiioClient;
let budget: CountingBudget;
let service: CallService;
let updates: CallRecord[];

beforeEach(async () => {
  hoiio = await startFakeHoiio();
  dir = tempDir('hoiio-budget-');
  store = createStore({ dataDir: dir.path });
  client = new HoiioClient({ baseUrl: hoiio.baseUrl, credentials: { appId: 'app', accessToken: 'token' } });
  const backend: CallBackend = {
    mode: 'live',
    client,
    registeredNumber: () => Promise.resolve('+6581234567'),
    notifyUrlFor: () => null,
    stillReaches: () => false,
    notifyUrlRefused: () => undefined,
    release: () => undefined,
  };
  const timings = callTimings(0.01, { findDelaysMs: [10, 10_000] });
  budget = new CountingBudget(timings.budgetRequests, timings.budgetWindowMs);
  updates = [];
  const events: CoreEvents = new TypedEmitter<CoreEventMap>();
  events.on('callUpdated', (record) => updates.push(record));
  service = new CallService({
    callLog: store.callLog,
    settings: { get: () => defaultSettings() },
    backends: { currentBackend: () => backend, backendFor: () => backend },
    timings,
    budget,
    events,
    logger: capturingLogger().logger,
  });
});
afterEach(async () => {
  await service.close();
  client.close();
  store.close();
  dir.remove();
  await hoiio.close();
});

describe('history reading is charged to the request budget, page by page', () => {
  it('readHistory announces every page it requests', async () => {
    const pages: number[] = [];
    const entries = await readHistory(
      client,
      { from: new Date(Date.now() - 60_000), to: new Date() },
      { beforePage: (page) => pages.push(page) },
    );
    expect(entries).toHaveLength(TOTAL_ENTRIES);
    expect(pages).toEqual([1, 2, 3]);
    expect(hoiio.pagesServed).toEqual([1, 2, 3]);
  });

  it('reconcile() records every page it reads (no scheduler slot paid for any)', async () => {
    await service.reconcile({ sandboxRestarted: false });
    expect(hoiio.pagesServed).toEqual([1, 2, 3]);
    expect(budget.recorded).toBe(3);
    expect(budget.taken).toBe(0);
  });

  it('a scheduled look-up of a call with an unknown outcome takes one slot and records the 2 extra pages', async () => {
    const placed = await service.place({ dest2: '+6591234567' });
    expect(placed.state).toBe('unknown');
    const found = await eventually(
      () => updates.find((record) => record.id === placed.id && record.txnRef !== null),
      5000,
      'the call found in history',
    );
    expect(found.txnRef).toBe(`AA-C-${1000 + TOTAL_ENTRIES - 1}`);
    expect(hoiio.pagesServed).toEqual([1, 2, 3]);
    expect(budget.taken).toBe(1);
    expect(budget.recorded).toBe(2);
  });
});
