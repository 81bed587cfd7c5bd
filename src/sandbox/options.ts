/**
 * Sandbox options: the CLI flags of hoiio-api.md §7.1 in camelCase, validated by one zod schema that
 * both `startSandbox()` and the CLI use. The CLI turns `--flag value` strings into typed values with
 * FLAGS, then parses them here, so a bad value is reported the same way in both.
 */
import { z } from 'zod';
import { parseMoney } from './billing.ts';
import { isValidE164 } from './numbers.ts';

const e164 = z
  .string()
  .refine(isValidE164, { message: 'must be an E.164 number such as +6591234567 (hoiio-api.md §7.3)' });

/** A comma list ("+6581234567,+6587654321") or an array of E.164 numbers. */
const numberList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (typeof value === 'string' ? value.split(',') : value).map((s) => s.trim()).filter((s) => s !== ''),
  )
  .pipe(z.array(e164));

/** A decimal with at most 3 decimals ("100.000", "0", 12.5) → integer thousandths. */
export function moneySchema({ negative }: { negative: boolean }) {
  return z.union([z.string(), z.number()]).transform((value, ctx) => {
    const thousandths = parseMoney(typeof value === 'number' ? String(value) : value);
    if (thousandths === null || (!negative && thousandths < 0)) {
      const kind = negative ? 'a decimal' : 'a non-negative decimal';
      ctx.addIssue({ code: 'custom', message: `must be ${kind} with at most 3 decimals, e.g. 100.000` });
      return z.NEVER;
    }
    return thousandths;
  });
}

/** An armed fault's status (hoiio-api.md §7.7). */
export const faultStatusSchema = z
  .string()
  .regex(/^error_[A-Za-z0-9_.-]+$/, { message: 'must be a status starting with error_' });

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

export const sandboxOptionsSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  appId: z.string().min(1).default('sandbox-app'),
  /** Default: 32 random lowercase hex characters per start. */
  accessToken: z.string().min(1).optional(),
  registeredNumber: e164.default('+6591234567'),
  /** Thousandths once parsed. */
  balance: moneySchema({ negative: false }).default(100_000),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, { message: 'must be 3 uppercase letters (ISO 4217), e.g. USD' })
    .default('USD'),
  hoiioNumbers: numberList.default([]),
  trial: z.boolean().default(false),
  trialAllowed: numberList.default([]),
  timeScale: finite.positive().default(1),
  ringSeconds: finite.nonnegative().default(4),
  talkSeconds: finite.nonnegative().default(30),
  rateLimit: z.number().int().nonnegative().default(60),
  rateWindowSeconds: finite.positive().default(60),
  maxConcurrentCalls: z.number().int().nonnegative().default(8),
  failNextCallWith: faultStatusSchema.optional(),
  dateFraction: z.boolean().default(false),
  notifyTimeoutMs: z.number().int().positive().default(5000),
  tlsTimeoutMs: z.number().int().positive().default(3000),
  /** The n of the first `AA-C-<n>` this instance issues (§2.1, §7.1 revised): an embedding app passes its high-water mark + 1. */
  firstTxnNumber: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(1_000_001),
});

/** What `startSandbox()` accepts: every flag in camelCase, all optional. */
export type SandboxOptions = z.input<typeof sandboxOptionsSchema>;
/** The options after validation and defaults; `balance` in thousandths. */
export type ResolvedOptions = z.output<typeof sandboxOptionsSchema>;
export type OptionKey = keyof ResolvedOptions;

/** `timeScale` → `--time-scale`. */
export function flagName(option: string): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A bad option or flag value; `flag` is the CLI spelling (`--time-scale`). */
export class SandboxOptionError extends Error {
  readonly option: string;
  readonly flag: string;

  constructor(option: string, message: string) {
    const flag = flagName(option);
    super(`invalid value for ${flag} (option ${option}): ${message}`);
    this.name = 'SandboxOptionError';
    this.option = option;
    this.flag = flag;
  }
}

/** Validates options and applies defaults; throws SandboxOptionError naming the first bad option. */
export function resolveOptions(input: SandboxOptions = {}): ResolvedOptions {
  const result = sandboxOptionsSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    throw new SandboxOptionError(String(issue.keys[0]), 'unknown option');
  }
  throw new SandboxOptionError(String(issue.path[0] ?? 'options'), issue.message);
}

export type FlagKind = 'integer' | 'number' | 'string' | 'boolean';

export interface FlagSpec {
  readonly flag: string;
  readonly key: OptionKey;
  readonly kind: FlagKind;
  readonly value: string;
  readonly default: string;
  readonly help: string;
}

function flag(key: OptionKey, kind: FlagKind, value: string, defaultText: string, help: string): FlagSpec {
  return { flag: flagName(key), key, kind, value, default: defaultText, help };
}

/** Every CLI flag, in the order of hoiio-api.md §7.1. */
export const FLAGS: readonly FlagSpec[] = [
  flag('port', 'integer', '<n>', '0', 'TCP port; 0 = a random free port'),
  flag('host', 'string', '<address>', '127.0.0.1', 'bind address'),
  flag('appId', 'string', '<id>', 'sandbox-app', 'the valid app_id'),
  flag(
    'accessToken',
    'string',
    '<token>',
    '32 random hex chars',
    'the valid access_token (also the notification HMAC key)',
  ),
  flag('registeredNumber', 'string', '<e164>', '+6591234567', "the account's number: default dest1 and caller ID"),
  flag('balance', 'string', '<decimal>', '100.000', 'starting credit, at most 3 decimals'),
  flag('currency', 'string', '<ISO 4217>', 'USD', 'account currency (3 uppercase letters)'),
  flag('hoiioNumbers', 'string', '<e164,...>', 'none', 'Hoiio Numbers: extra caller IDs and number/get_active entries'),
  flag('trial', 'boolean', '', 'off', 'trial account: may dial only itself and --trial-allowed'),
  flag('trialAllowed', 'string', '<e164,...>', 'none', 'numbers a trial account may also dial'),
  flag('timeScale', 'number', '<factor>', '1', '> 0; multiplies every simulated delay (tests: 0.01)'),
  flag('ringSeconds', 'number', '<s>', '4', 'ring time of a leg before it answers or gives up'),
  flag('talkSeconds', 'number', '<s>', '30', 'talk time before the callee hangs up'),
  flag('rateLimit', 'integer', '<n>', '60', 'requests per window per endpoint; 0 disables'),
  flag('rateWindowSeconds', 'number', '<s>', '60', 'rate-limit window (real seconds, not scaled)'),
  flag('maxConcurrentCalls', 'integer', '<n>', '8', 'live calls per account'),
  flag('failNextCallWith', 'string', '<error_status>', 'none', 'arm one fault for the next voice/call'),
  flag('dateFraction', 'boolean', '', 'off', 'append .0 to every emitted date-time'),
  flag('notifyTimeoutMs', 'integer', '<ms>', '5000', 'notification delivery timeout'),
  flag('tlsTimeoutMs', 'integer', '<ms>', '3000', 'notify_url TLS handshake check timeout'),
  flag('firstTxnNumber', 'integer', '<n>', '1000001', 'integer >= 1: the n of the first AA-C-<n> reference issued'),
];

/** A bad command line; `flag` names the offending flag or argument. */
export class FlagError extends Error {
  readonly flag: string;
  constructor(flag: string, message: string) {
    super(message);
    this.name = 'FlagError';
    this.flag = flag;
  }
}

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

function convert(spec: FlagSpec, text: string): unknown {
  switch (spec.kind) {
    case 'boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw new FlagError(
        spec.flag,
        `invalid value for ${spec.flag}: "${text}" (it takes no value, or =true / =false)`,
      );
    case 'integer':
      if (!INTEGER.test(text))
        throw new FlagError(spec.flag, `invalid value for ${spec.flag}: "${text}" is not an integer`);
      return Number(text);
    case 'number':
      if (!NUMBER.test(text))
        throw new FlagError(spec.flag, `invalid value for ${spec.flag}: "${text}" is not a number`);
      return Number(text);
    case 'string':
      return text;
  }
}

/**
 * Parses CLI arguments (`--flag value` or `--flag=value`) into options for startSandbox() (validated, also
 * returned resolved), or `help` when
 * `--help`/`-h` is present. Throws FlagError naming the flag on an unknown flag, a missing value or a bad
 * value; later occurrences of a flag override earlier ones.
 */
export function parseFlags(
  argv: readonly string[],
): { help: true } | { help: false; options: SandboxOptions; resolved: ResolvedOptions } {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const byFlag = new Map(FLAGS.map((spec) => [spec.flag, spec]));
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new FlagError(arg, `unexpected argument "${arg}" (flags start with --)`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const spec = byFlag.get(name);
    if (!spec) throw new FlagError(name, `unknown flag ${name} (see --help)`);
    let text: string;
    if (eq >= 0) {
      text = arg.slice(eq + 1);
    } else if (spec.kind === 'boolean') {
      text = 'true';
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new FlagError(spec.flag, `missing value for ${spec.flag}`);
      text = next;
      i++;
    }
    raw[spec.key] = convert(spec, text);
  }
  try {
    const options = raw as SandboxOptions;
    return { help: false, options, resolved: resolveOptions(options) };
  } catch (error) {
    if (error instanceof SandboxOptionError)
      throw new FlagError(error.flag, error.message.replace(` (option ${error.option})`, ''));
    throw error;
  }
}

/** The --help text, listing every flag. */
export function usage(): string {
  const rows = FLAGS.map((spec) => [
    `${spec.flag}${spec.value ? ` ${spec.value}` : ''}`,
    `${spec.help} (default: ${spec.default})`,
  ]);
  rows.push(['--help, -h', 'print this help and exit']);
  const width = Math.max(...rows.map(([left]) => left!.length)) + 2;
  return [
    'Usage: npm run sandbox -- [flags]',
    '       node src/sandbox/cli.ts [flags]',
    '',
    'A local emulator of the Hoiio Open API (voice/call, query_status, get_history, get_rate, hangup,',
    'user/get_balance, user/get_info, number/get_active) with simulated calls, billing and notifications.',
    'On start it prints one JSON line to stdout: {"baseUrl","appId","accessToken","registeredNumber"};',
    'logs go to stderr. The control API is served under /sandbox/ on the same port. See docs/sandbox.md.',
    '',
    'Flags (--flag value or --flag=value):',
    ...rows.map(([left, right]) => `  ${left!.padEnd(width)}${right}`),
    '',
    'Exit status: 0 after --help or SIGINT/SIGTERM, 1 if the server cannot start (e.g. port in use),',
    '2 for a bad flag or value.',
  ].join('\n');
}
