/**
 * A double press of Call reaches the core as two identical calls:place requests at once. The call
 * service answers the second with the first one's result while the first is in flight: one call in the
 * sandbox and one row in the log (real sandbox over HTTP, real SQLite through dispatch).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../src/shared/account.ts';
import type { CallRecord } from '../../src/shared/calls.ts';
import { sandboxControl, startTestCore, type SandboxCall, type TestCore } from './helpers.ts';

describe('two identical place requests in flight at once', () => {
  let app: TestCore;
  let control: string;

  beforeAll(async () => {
    app = await startTestCore();
    const { baseUrl } = await app.ok<AccountStatus>('account:getStatus');
    control = baseUrl.replace(/\/open$/, '/sandbox');
  });
  afterAll(() => app.close());

  const sandboxCallsTo = async (dest2: string) =>
    (await sandboxControl<{ calls: SandboxCall[] }>(control, 'GET', 'calls')).calls.filter(
      (call) => call.dest2 === dest2,
    );
  const loggedCallsTo = async (dest2: string) =>
    (await app.ok<{ items: CallRecord[] }>('callLog:query', { limit: 50 })).items.filter(
      (call) => call.dest2 === dest2,
    );

  it('places one call and answers both with it (the number written two ways is the same call)', async () => {
    const [first, second] = await Promise.all([
      app.ok<CallRecord>('calls:place', { dest2: '+6581230001' }),
      app.ok<CallRecord>('calls:place', { dest2: '8123 0001' }),
    ]);
    expect(second.id).toBe(first.id);
    expect(first.txnRef).toMatch(/^AA-C-\d+$/);
    expect(await sandboxCallsTo('+6581230001')).toHaveLength(1);
    expect((await loggedCallsTo('+6581230001')).map((call) => call.id)).toEqual([first.id]);
  });

  it('answers both with the same refusal when the first is refused', async () => {
    await sandboxControl(control, 'POST', 'faults', {
      endpoint: 'voice/call',
      status: 'error_internal_server_error',
      count: 1,
    });
    const results = await Promise.all([
      app.call('calls:place', { dest2: '+6581230002' }),
      app.call('calls:place', { dest2: '+6581230002' }),
    ]);
    expect(results.map((result) => result.ok)).toEqual([false, false]);
    expect(results[1]).toEqual(results[0]);
    expect(await loggedCallsTo('+6581230002')).toHaveLength(1);
  });

  it('places separate calls for a different caller ID, and again once the first was answered', async () => {
    const [plain, hidden] = await Promise.all([
      app.ok<CallRecord>('calls:place', { dest2: '+6581230003' }),
      app.ok<CallRecord>('calls:place', { dest2: '+6581230003', callerId: 'private' }),
    ]);
    expect(hidden.id).not.toBe(plain.id);
    const again = await app.ok<CallRecord>('calls:place', { dest2: '+6581230003' });
    expect(again.id).not.toBe(plain.id);
    expect(await sandboxCallsTo('+6581230003')).toHaveLength(3);
    expect(await loggedCallsTo('+6581230003')).toHaveLength(3);
  });
});
