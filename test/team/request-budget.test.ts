/**
 * Issue 15: the account's request rate limit (hoiio-api.md §6) shared by the team's desktops
 * through `team.take_requests` on a real PostgreSQL 15, with live cores against one standalone
 * sandbox. A refused call is a plain-word error and never reaches Hoiio; polls draw on the same
 * budget; an unreachable server falls back to the desktop's own limits. Keychain: run under
 * scripts/with-keyring.sh.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import { TeamRequestBudget } from '../../src/main/core/team/request-budget.ts';
import { HoiioError } from '../../src/main/core/hoiio/errors.ts';
import { AppError } from '../../src/shared/errors.ts';
import type { CallRecord } from '../../src/shared/calls.ts';
import { eventually, requireTestKeyring, sandboxControl, type SandboxCall } from '../calls/helpers.ts';
import { startDesktop, TEAM_TUNING, type Desktop } from './desktops.ts';
import { postgresMissingReason, startTeamServer, type TestTeamServer } from './team-server.ts';

const TOKEN = 'team-budget-token-0123456789abcdef';
const skipReason = postgresMissingReason();
let server: TestTeamServer;
let sandbox: SandboxHandle;
const open: Desktop[] = [];
const clients: pg.Client[] = [];

async function sandboxCalls(): Promise<SandboxCall[]> {
  return (await sandboxControl<{ calls: SandboxCall[] }>(sandbox.controlUrl, 'GET', 'calls')).calls;
}

async function memberQuery(name: string): Promise<(sql: string, params: unknown[]) => Promise<pg.QueryResult>> {
  const { server: team, password } = await server.addMember(name);
  const client = await server.connectAs(team.user, password);
  clients.push(client);
  return (sql, params) => client.query(sql, params);
}

describe.skipIf(skipReason !== null)(`the team request budget${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(async () => {
    requireTestKeyring();
    server = await startTeamServer();
    sandbox = await startSandbox({ timeScale: 0.01, talkSeconds: 1_000_000, rateLimit: 0, accessToken: TOKEN });
  }, 120_000);
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close().catch(() => undefined);
    await server.admin('DELETE FROM team.request_budget');
    await server.admin('DELETE FROM team.call_slots');
  });
  afterAll(async () => {
    for (const client of clients) await client.end().catch(() => undefined);
    await sandbox?.close();
    server?.destroy();
  });

  it('voice/call: two members share one budget; the third call in the window is refused in plain words', async () => {
    const account = 'app-shared';
    const alice = new TeamRequestBudget({ query: await memberQuery('budget_a'), account: () => account, limit: 2 });
    const bob = new TeamRequestBudget({ query: await memberQuery('budget_b'), account: () => account, limit: 2 });
    await alice.takeForCall('live');
    await bob.takeForCall('live');
    const refused = await alice.takeForCall('live').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'conflict', key: 'team.callBudget', params: { limit: 2 } });
    expect((refused as AppError).message).toMatch(/^The team's call limit is reached: .* Try again in \d+ seconds?\.$/);
    // Sandbox calls never leave the desktop: they take nothing.
    await bob.takeForCall('sandbox');
    const [row] = await server.admin<{ used: number }>(
      "SELECT used FROM team.request_budget WHERE account = $1 AND endpoint = 'voice/call'",
      [account],
    );
    expect(row!.used).toBe(2);
  });

  it('background reads wait for the next window instead of exceeding it; past the wait they are refused unsent', async () => {
    const account = 'app-reads';
    const query = await memberQuery('budget_c');
    const budget = new TeamRequestBudget({ query, account: () => account, limit: 1, windowSeconds: 1 });
    await budget.beforeRequest('voice/query_status', account);
    const windowBefore = await server.admin<{ window_start: Date }>(
      'SELECT window_start FROM team.request_budget WHERE account = $1',
      [account],
    );
    // The window is used up: this one is granted only by the next window.
    await budget.beforeRequest('voice/query_status', account);
    const windowAfter = await server.admin<{ window_start: Date; used: number }>(
      'SELECT window_start, used FROM team.request_budget WHERE account = $1',
      [account],
    );
    expect(windowAfter[0]!.window_start.getTime()).toBeGreaterThan(windowBefore[0]!.window_start.getTime());
    expect(windowAfter[0]!.used).toBe(1);
    // Other accounts (the sandbox) and endpoints outside the budget pass without asking the server.
    await budget.beforeRequest('voice/query_status', 'sandbox-app');
    await budget.beforeRequest('voice/hangup', account);
    // A wait longer than allowed: refused as rate limited, never sent.
    const impatient = new TeamRequestBudget({
      query,
      account: () => account,
      limit: 1,
      windowSeconds: 60,
      maxWaitMs: 10,
    });
    await impatient.beforeRequest('voice/get_history', account);
    const refused = await impatient.beforeRequest('voice/get_history', account).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HoiioError);
    expect(refused).toMatchObject({ status: 'error_rate_limit_exceeded' });
  });

  it('an unreachable server: calls and reads go ahead under the local limits, and the fallback is reported', async () => {
    const fallbacks: boolean[] = [];
    const budget = new TeamRequestBudget({
      query: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')),
      account: () => 'app-offline',
      onFallback: (offline) => fallbacks.push(offline),
    });
    await budget.takeForCall('live');
    await budget.beforeRequest('voice/query_status', 'app-offline');
    expect(fallbacks).toEqual([true, true]);
  });

  it('desktops: a call over the team budget is refused before Hoiio and before the log; polls draw on the budget', async () => {
    const tuning = { ...TEAM_TUNING, requestsPerWindow: 2, budgetWindowSeconds: 60 };
    const join = async (name: string) => {
      const d = await startDesktop(sandbox, TOKEN, await server.addMember(name), undefined, 'live', tuning);
      open.push(d);
      return d;
    };
    const alice = await join('budget_alice');
    const bob = await join('budget_bob');
    const before = (await sandboxCalls()).length;
    await alice.ok<CallRecord>('calls:place', { dest2: '+6581235001' });
    await bob.ok<CallRecord>('calls:place', { dest2: '+6581235002' });
    const logBefore = await bob.ok<{ total: number }>('callLog:query', {});
    const refused = await bob.call('calls:place', { dest2: '+6581235003' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', key: 'team.callBudget', params: { limit: 2 } },
    });
    expect((await sandboxCalls()).length).toBe(before + 2); // never reached Hoiio
    expect((await bob.ok<{ total: number }>('callLog:query', {})).total).toBe(logBefore.total); // no row written
    // Both desktops poll their live calls (no tunnel): each poll was taken from the team's budget.
    const polls = await eventually(
      async () => {
        const [row] = await server.admin<{ used: number }>(
          "SELECT used FROM team.request_budget WHERE account = $1 AND endpoint = 'voice/query_status'",
          [sandbox.appId],
        );
        return row && row.used >= 2 ? row.used : undefined;
      },
      15_000,
      'polls taken from the team budget',
    );
    expect(polls).toBeLessThanOrEqual(2);
    for (const call of await sandboxCalls()) {
      if ((call as unknown as { state: string }).state === 'live') {
        await sandboxControl(sandbox.controlUrl, 'POST', `calls/${call.txn_ref}/hangup`).catch(() => undefined);
      }
    }
  });
});
