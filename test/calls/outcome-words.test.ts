/**
 * Issue 9 item 6: outcome words per leg and per cause, and "you hung up" from the app's own record
 * of its Hang up (Hoiio's statuses cannot tell who hung up). Unit cases, then the sandbox end to end.
 */
import { describe, expect, it } from 'vitest';
import { describeOutcome } from '../../src/shared/call-outcome-words.ts';
import { englishOutcome } from '../../src/shared/call-outcome-english.ts';
import { callOutcome, type CallRecord, type LegStatus } from '../../src/shared/calls.ts';
import en from '../../src/shared/i18n/locales/en/ui.json' with { type: 'json' };
import { startTestCore } from './helpers.ts';

function words(leg1: LegStatus, leg2: LegStatus | null, hungUp = false, extra: Partial<CallRecord> = {}): string {
  return englishOutcome(
    describeOutcome({
      statusDest1: leg1,
      statusDest2: leg2,
      durationMinutes: 0,
      debit: null,
      currency: null,
      hangupRequestedAt: hungUp ? '2026-01-01T00:00:00.000Z' : null,
      ...extra,
    }),
  );
}

describe('outcome words', () => {
  it("the issue's examples: your hang-up, a failed callee, your busy phone", () => {
    expect(words('unanswered', 'unanswered', true)).toBe('Cancelled: you hung up before your phone answered');
    expect(words('answered', 'failed')).toBe('Failed: the other side could not be reached');
    expect(words('busy', 'unanswered')).toBe('Busy: your phone was busy');
  });

  it('every leg and cause has its own words', () => {
    expect(words('unanswered', 'unanswered')).toBe('No answer: your phone did not answer');
    expect(words('failed', 'unanswered')).toBe('Failed: your phone could not be reached');
    expect(words('answered', 'busy')).toBe('Busy: the other side was busy');
    expect(words('answered', 'unanswered')).toBe('No answer: the other side did not answer');
    expect(words('answered', 'unanswered', true)).toBe('Cancelled: you hung up before the other side answered');
    // Busy is Hoiio's word even when you also pressed Hang up.
    expect(words('answered', 'busy', true)).toBe('Busy: the other side was busy');
    expect(words('answered', 'answered', true, { durationMinutes: 2, debit: '0.058', currency: 'USD' })).toBe(
      'Connected: 2 min, USD 0.058',
    );
  });
});

describe('the outcome word (badge, log filter) agrees with the sentence', () => {
  const LEGS: LegStatus[] = ['answered', 'unanswered', 'busy', 'failed'];
  it('for every pair of leg statuses, with and without your Hang up, the sentence begins with the word', () => {
    for (const leg1 of LEGS) {
      for (const leg2 of LEGS) {
        for (const hungUp of [false, true]) {
          const hangupRequestedAt = hungUp ? '2026-01-01T00:00:00.000Z' : null;
          const outcome = callOutcome({
            state: 'ended',
            statusDest1: leg1,
            statusDest2: leg2,
            txnRef: 'AA-C-1',
            hangupRequestedAt,
          });
          const word = (en as Record<string, string>)[`call.outcome.${outcome}`];
          expect(words(leg1, leg2, hungUp, { durationMinutes: 1 }), `${leg1}/${leg2} hung up: ${hungUp}`).toMatch(
            new RegExp(`^${word}:`),
          );
        }
      }
    }
  });
});

describe('sandbox: the app records its own Hang up', () => {
  it('hanging up while your phone rings ends the call as "you hung up", not "did not answer"', async () => {
    const app = await startTestCore({
      engine: { timeScale: 0.01, sandbox: { timeScale: 0.01, ringSeconds: 3600 } },
    });
    const placed = await app.ok<CallRecord>('calls:place', { dest2: '+6581234567' });
    await app.waitForCall(placed.id, (call) => call.state === 'live');
    await app.ok('calls:hangup', { id: placed.id });
    const ended = await app.waitForCall(placed.id, (call) => call.state === 'ended');
    expect(ended.hangupRequestedAt).toEqual(expect.any(String));
    expect(englishOutcome(describeOutcome(ended))).toBe('Cancelled: you hung up before your phone answered');
    expect(ended.outcome).toBe('cancelled');
    const cancelled = await app.ok<{ items: CallRecord[] }>('callLog:query', { outcomes: ['cancelled'], limit: 10 });
    expect(cancelled.items.map((call) => call.id)).toEqual([placed.id]);
    // Kept in the log across reads.
    expect(await app.ok<CallRecord>('calls:get', { id: placed.id })).toMatchObject({
      hangupRequestedAt: ended.hangupRequestedAt,
    });
    await app.close();
  });
});
