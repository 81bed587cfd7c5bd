/** Unit tests of the sandbox's pure parts: decoder, money, dates, numbers, options, limiter, timers. */
import { describe, expect, it } from 'vitest';
import { billedMinutes, callRate, formatMoney, parseMoney, talktimeMinutes } from '../../src/sandbox/billing.ts';
import { formatDate, formatDateTime, parseDateTime } from '../../src/sandbox/dates.ts';
import { isNotSupported, isValidE164, scriptedOutcome } from '../../src/sandbox/numbers.ts';
import { FLAGS, FlagError, parseFlags, resolveOptions, SandboxOptionError, usage } from '../../src/sandbox/options.ts';
import { decodeForm, Params } from '../../src/sandbox/params.ts';
import { RateLimiter } from '../../src/sandbox/rate-limit.ts';
import { TimerSet } from '../../src/sandbox/timers.ts';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('decodeForm', () => {
  it('decodes pairs strictly', () => {
    expect(decodeForm(bytes('a=1&b=%2B65+1&c=&d'))).toEqual(
      new Map([
        ['a', '1'],
        ['b', '+65 1'],
        ['c', ''],
        ['d', ''],
      ]),
    );
    expect(decodeForm(bytes('a=1&a=2'))!.get('a')).toBe('1');
    expect(decodeForm(bytes('x=%C3%A9%e2%82%ac'))!.get('x')).toBe('é€');
    expect(decodeForm(bytes('=v'))!.get('')).toBe('v');
    expect(decodeForm(bytes('a=b=c'))!.get('a')).toBe('b=c');
    expect(decodeForm(bytes(''))).toEqual(new Map());
    expect(decodeForm(bytes('&&&'))).toEqual(new Map());
  });

  it('rejects a % without two hex digits and invalid UTF-8', () => {
    for (const bad of [
      'a=%',
      'a=%2',
      'a=%2&b=1',
      'a=%GG',
      '%=1',
      'a=%FF',
      'a=%C3',
      'a=%C3%28',
      'a=%ED%A0%80',
      'a=%F4%90%80%80',
    ]) {
      expect(decodeForm(bytes(bad)), bad).toBeNull();
    }
    expect(decodeForm(Buffer.from([0x61, 0x3d, 0xc3]))).toBeNull();
    expect(decodeForm(Buffer.from('a=日本', 'utf8'))!.get('a')).toBe('日本');
  });

  it('Params: body wins, empty counts as absent except through raw()', () => {
    const params = new Params(
      new Map([
        ['a', 'q'],
        ['b', 'q'],
      ]),
      new Map([
        ['b', 'body'],
        ['c', ''],
      ]),
    );
    expect(params.get('a')).toBe('q');
    expect(params.get('b')).toBe('body');
    expect(params.get('c')).toBeUndefined();
    expect(params.raw('c')).toBe('');
    expect(params.raw('d')).toBeUndefined();
  });
});

describe('money and billing', () => {
  it('parses and formats thousandths exactly', () => {
    expect(parseMoney('100')).toBe(100_000);
    expect(parseMoney('54.65')).toBe(54_650);
    expect(parseMoney('0.029')).toBe(29);
    expect(parseMoney('-1.5')).toBe(-1500);
    for (const bad of ['', '1.2345', '1e3', '.5', '1.', 'abc', '+1']) expect(parseMoney(bad), bad).toBeNull();
    expect(formatMoney(29)).toBe('0.029');
    expect(formatMoney(140)).toBe('0.140');
    expect(formatMoney(100_000)).toBe('100.000');
    expect(formatMoney(-30)).toBe('-0.030');
  });

  it("the seed's example: +65 to +1 is 0.029/min; blocks round up", () => {
    expect(callRate('+6591234567', '+14155550100')).toBe(29);
    expect(billedMinutes(0)).toBe(0);
    expect(billedMinutes(0.001)).toBe(1);
    expect(billedMinutes(60)).toBe(1);
    expect(billedMinutes(61)).toBe(2);
    expect(talktimeMinutes(100_000, 29)).toBe(3448);
    expect(talktimeMinutes(0, 29)).toBe(0);
    expect(talktimeMinutes(-5, 29)).toBe(0);
  });
});

describe('dates (GMT+8)', () => {
  it('formats and parses', () => {
    const instant = Date.UTC(2024, 4, 1, 2, 0, 0);
    expect(formatDateTime(instant)).toBe('2024-05-01 10:00:00');
    expect(formatDateTime(instant, true)).toBe('2024-05-01 10:00:00.0');
    expect(formatDate(Date.UTC(2024, 11, 31, 16, 0, 0))).toBe('2025-01-01');
    expect(parseDateTime('2024-05-01 10:00:00')).toBe(instant);
    expect(parseDateTime('2024-05-01 10:00:00.123')).toBe(instant);
    for (const bad of [
      '2024-05-01',
      '2024-5-1 10:00:00',
      '2024-02-30 00:00:00',
      '2024-05-01 10:60:00',
      '2024-05-01T10:00:00',
    ]) {
      expect(parseDateTime(bad), bad).toBeNull();
    }
    expect(parseDateTime('2024-02-29 23:59:59')).not.toBeNull();
  });
});

describe('numbers (§7.3)', () => {
  it('validity, not-supported codes, outcomes by the last 4 digits', () => {
    expect(isValidE164('+6511111111')).toBe(true);
    expect(isValidE164('+88112345678')).toBe(true);
    for (const bad of ['6591234567', '+123', '+99912345678', '+6591234567 ', '+1234567', '+1234567890123456']) {
      expect(isValidE164(bad), bad).toBe(false);
    }
    expect(isNotSupported('+88212345678')).toBe(true);
    expect(isNotSupported('+8801712345678')).toBe(false);
    expect(scriptedOutcome('+6581230001')).toBe('busy');
    expect(scriptedOutcome('+6581230002')).toBe('unanswered');
    expect(scriptedOutcome('+6581230003')).toBe('failed');
    expect(scriptedOutcome('+6581230004')).toBe('answered');
  });
});

describe('options and flags', () => {
  it('defaults', () => {
    const options = resolveOptions();
    expect(options).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      appId: 'sandbox-app',
      registeredNumber: '+6591234567',
      balance: 100_000,
      currency: 'USD',
      hoiioNumbers: [],
      trial: false,
      trialAllowed: [],
      timeScale: 1,
      ringSeconds: 4,
      talkSeconds: 30,
      rateLimit: 60,
      rateWindowSeconds: 60,
      maxConcurrentCalls: 8,
      dateFraction: false,
      notifyTimeoutMs: 5000,
      tlsTimeoutMs: 3000,
    });
    expect(options.accessToken).toBeUndefined();
  });

  it('bad options name the option and its flag', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ timeScale: 0 }, '--time-scale'],
      [{ port: 70000 }, '--port'],
      [{ balance: '1.2345' }, '--balance'],
      [{ currency: 'usd' }, '--currency'],
      [{ hoiioNumbers: '+6531234567,nope' }, '--hoiio-numbers'],
      [{ failNextCallWith: 'success_ok' }, '--fail-next-call-with'],
      [{ registeredNumber: '+123' }, '--registered-number'],
      [{ nonsense: 1 }, '--nonsense'],
    ];
    for (const [input, flag] of bad) {
      try {
        resolveOptions(input);
        expect.unreachable(flag);
      } catch (error) {
        expect(error).toBeInstanceOf(SandboxOptionError);
        expect((error as SandboxOptionError).flag).toBe(flag);
        expect((error as Error).message).toContain(flag);
      }
    }
  });

  it('parseFlags: both forms, booleans, lists; errors name the flag', () => {
    const parsed = parseFlags([
      '--port=0',
      '--app-id',
      'x',
      '--trial',
      '--hoiio-numbers',
      '+6531234567,+6531234568',
      '--time-scale=0.5',
    ]);
    expect(parsed.help).toBe(false);
    if (!parsed.help) {
      expect(parsed.resolved).toMatchObject({
        appId: 'x',
        trial: true,
        timeScale: 0.5,
        hoiioNumbers: ['+6531234567', '+6531234568'],
      });
    }
    expect(parseFlags(['--port', 'bad', '--help'])).toEqual({ help: true });
    const errors: [string[], string][] = [
      [['--port', 'abc'], '--port'],
      [['--port'], '--port'],
      [['--app-id', '--trial'], '--app-id'],
      [['--trial=maybe'], '--trial'],
      [['--bogus'], '--bogus'],
      [['--time-scale', '-1'], '--time-scale'],
      [['--rate-limit', '1.5'], '--rate-limit'],
      [['positional'], 'positional'],
    ];
    for (const [argv, flag] of errors) {
      try {
        parseFlags(argv);
        expect.unreachable(argv.join(' '));
      } catch (error) {
        expect(error, argv.join(' ')).toBeInstanceOf(FlagError);
        expect((error as FlagError).flag).toBe(flag);
        expect((error as Error).message).toContain(flag);
      }
    }
  });

  it('usage lists every flag', () => {
    const text = usage();
    for (const spec of FLAGS) expect(text).toContain(spec.flag);
    expect(FLAGS.map((f) => f.flag)).toEqual([
      '--port',
      '--host',
      '--app-id',
      '--access-token',
      '--registered-number',
      '--balance',
      '--currency',
      '--hoiio-numbers',
      '--trial',
      '--trial-allowed',
      '--time-scale',
      '--ring-seconds',
      '--talk-seconds',
      '--rate-limit',
      '--rate-window-seconds',
      '--max-concurrent-calls',
      '--fail-next-call-with',
      '--date-fraction',
      '--notify-timeout-ms',
      '--tls-timeout-ms',
      '--first-txn-number',
    ]);
  });
});

describe('RateLimiter', () => {
  it('fixed windows opened by the first counted request', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1000, () => now);
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a'), limiter.hit('b')]).toEqual([true, true, false, true]);
    now = 999;
    expect(limiter.hit('a')).toBe(false);
    now = 1000;
    expect(limiter.hit('a')).toBe(true);
    const off = new RateLimiter(0, 1000, () => now);
    for (let i = 0; i < 1000; i++) expect(off.hit('a')).toBe(true);
  });
});

describe('TimerSet', () => {
  it('clearAll cancels everything', async () => {
    const timers = new TimerSet();
    let fired = 0;
    timers.set(() => fired++, 5);
    timers.set(() => fired++, 2 ** 31 + 10); // chained, not fired at once
    timers.clearAll();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).toBe(0);
    timers.set(() => fired++, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).toBe(1);
  });
});
