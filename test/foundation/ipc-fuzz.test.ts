/**
 * The IPC fuzz (issue 10, fault 2): payloads generated from the contract for every channel (wrong
 * types, missing and extra keys, 10 MB strings, `__proto__`/`constructor` keys, deep nesting,
 * NaN/Infinity, out-of-range numbers) go through `dispatch` in this process and through the real
 * browser host's WebSocket (`npm run start:browser`, a child process). Only payloads the contract
 * refuses are sent (the contract is the oracle; each channel must yield a minimum number of them).
 * Each must be answered with an error; the host process stays alive; and nothing changes: the
 * database rows, the settings file, the keychain, the sandbox's state. Both apps run in live mode
 * against a real sandbox with credentials in the real keychain: run under scripts/with-keyring.sh.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { createCore, type Core } from '../../src/main/core/index.ts';
import { DEFAULT_KEYCHAIN_SERVICE } from '../../src/main/core/secrets/vault.ts';
import { dispatch } from '../../src/main/ipc.ts';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import { allChannels, findOperation } from '../../src/shared/contract.ts';
import type { IpcResult } from '../../src/shared/errors.ts';
import { requireTestKeyring, tempDir, uniqueKeychainService } from '../calls/helpers.ts';
import { startHost, type RunningHost } from '../support/browser-host.ts';

const TOKEN = 'ipc-fuzz-token-0123456789abcdef';
const HUGE = 'x'.repeat(10 * 1024 * 1024);
const MIN_REFUSED_PER_CHANNEL = 15;
const silent = { error: () => {}, warn: () => {} };

let sandbox: SandboxHandle;
let core: Core;
const coreDir = tempDir('hoiio-ipc-fuzz-');
const service = uniqueKeychainService();
let host: RunningHost;
let socket: WebSocket;

// ---------------------------------------------------------------- payloads from the contract

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  const?: unknown;
};

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return {};
  }
}

/** The schema's first object-ish branch (unions of object | undefined, nullable objects). */
function objectBranch(schema: JsonSchema): JsonSchema | undefined {
  if (schema.properties) return schema;
  return schema.anyOf?.map(objectBranch).find((branch) => branch !== undefined);
}

function typeOf(schema: JsonSchema): string | undefined {
  if (schema.enum) return 'enum';
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== 'null');
  return schema.type ?? schema.anyOf?.map(typeOf).find((type) => type !== undefined && type !== 'null');
}

/** A plausible value of a schema: enough to get past the required keys to the one field mutated. */
function plausible(schema: JsonSchema, depth = 0): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const branch = objectBranch(schema);
  if (branch && depth < 4) {
    return Object.fromEntries(
      (branch.required ?? []).map((key) => [key, plausible(branch.properties![key]!, depth + 1)]),
    );
  }
  switch (typeOf(schema)) {
    case 'string':
      return 'a';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default:
      return null;
  }
}

/** An object with an own `key` (an object literal `{ __proto__: … }` would set the prototype instead). */
function withOwn(base: unknown, key: string, value: unknown): Record<string, unknown> {
  const object = { ...(typeof base === 'object' && base !== null && !Array.isArray(base) ? base : {}) };
  Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
  return object;
}

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < levels; level += 1) value = { a: value };
  return value;
}

function badValuesFor(schema: JsonSchema, depth: number): unknown[] {
  const common: unknown[] = [null, {}, [], deep(50)];
  const branch = objectBranch(schema);
  if (branch && depth < 2) {
    const base = plausible(branch);
    return [
      ...common,
      'x',
      withOwn(base, 'unexpected', 1),
      withOwn(base, '__proto__', { polluted: true }),
      ...Object.entries(branch.properties ?? {}).flatMap(([key, property]) =>
        badValuesFor(property, depth + 1).map((bad) => withOwn(base, key, bad)),
      ),
    ];
  }
  switch (typeOf(schema)) {
    case 'string':
      return [...common, 42, true, HUGE, 'x', '', ' ', '\u0000', 'javascript:alert(1)', '../../etc/passwd'];
    case 'number':
    case 'integer':
      return [...common, '1', NaN, Infinity, -Infinity, 1e308, -1e308, 1.5, -1, 2 ** 53 + 2];
    case 'boolean':
      return [...common, 'true', 0, 1];
    case 'enum':
      return [...common, 'not-a-member', 0];
    case 'array': {
      const item = schema.items ? plausible(schema.items) : 'a';
      return [
        ...common,
        'x',
        [null],
        [HUGE],
        Array.from({ length: 10_000 }, () => item),
        [withOwn(item, 'unexpected', 1)], // an unknown key inside an entry (phones[])
        ...(schema.items
          ? badValuesFor(schema.items, depth + 1)
              .slice(4, 12)
              .map((bad) => [bad])
          : []),
      ];
    }
    default:
      return [...common, 'x', 42, NaN];
  }
}

/** Every payload tried for a channel, before the contract filters out the ones it accepts. */
function candidatePayloads(input: z.ZodType): unknown[] {
  const schema = jsonSchemaOf(input);
  const base = plausible(schema);
  const branch = objectBranch(schema);
  const topLevel: unknown[] = [
    null,
    0,
    -1,
    NaN,
    Infinity,
    -Infinity,
    1e308,
    '',
    'x',
    HUGE,
    true,
    [],
    [1, 2],
    deep(5000),
    withOwn({}, '__proto__', { polluted: true }),
    withOwn(base, '__proto__', { polluted: true }),
    withOwn(base, 'constructor', { prototype: { polluted: true } }),
    withOwn(base, 'k'.repeat(1024 * 1024), 1),
    withOwn(base, 'unexpected', 1),
  ];
  if (!branch) return topLevel;
  const perField = Object.entries(branch.properties ?? {}).flatMap(([key, property]) =>
    badValuesFor(property, 0).map((bad) => withOwn(base, key, bad)),
  );
  const missing = (branch.required ?? []).map((key) => {
    const copy = { ...(base as Record<string, unknown>) };
    delete copy[key];
    return copy;
  });
  return [...topLevel, ...perField, ...missing];
}

/** True when `value` contains the 10 MB string or the 1 MiB key (looked for a few levels deep). */
function holdsHuge(value: unknown, depth: number): boolean {
  if (value === HUGE) return true;
  if (typeof value !== 'object' || value === null || depth > 4) return false;
  if (Array.isArray(value)) return value.length < 100 && value.some((item) => holdsHuge(item, depth + 1));
  return Object.keys(value).some(
    (key) => key.length >= 1024 * 1024 || holdsHuge((value as Record<string, unknown>)[key], depth + 1),
  );
}

/** True when the contract refuses `payload` (or its schema throws on it): the app must too. */
function contractRefuses(input: z.ZodType, payload: unknown): boolean {
  try {
    return !input.safeParse(payload).success;
  } catch {
    return true;
  }
}

const cases = allChannels.map((channel) => {
  const input = findOperation(channel)!.spec.input;
  const payloads = candidatePayloads(input).filter((payload) => contractRefuses(input, payload));
  return { channel, input, payloads };
});

// ---------------------------------------------------------------- state

function databaseRows(dataDir: string): string {
  const database = new DatabaseSync(path.join(dataDir, 'hoiio.db'), { readOnly: true });
  try {
    const tables = database
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => String(row['name']));
    const hash = createHash('sha256');
    for (const table of tables) {
      const rows = database.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`).all();
      hash.update(
        `${table}:${JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))}\n`,
      );
    }
    return hash.digest('hex');
  } finally {
    database.close();
  }
}

async function sandboxState(): Promise<string> {
  const parts = await Promise.all(
    ['state', 'calls', 'notifications'].map(async (part) => (await fetch(`${sandbox.controlUrl}/${part}`)).text()),
  );
  return parts.join('\n');
}

async function snapshot(dataDir: string, keychainService: string) {
  return {
    database: databaseRows(dataDir),
    settings: readFileSync(path.join(dataDir, 'settings.json'), 'utf8'),
    keychain: JSON.stringify(await keytar.findCredentials(keychainService)),
    sandbox: await sandboxState(),
  };
}

// ---------------------------------------------------------------- the two transports

let nextId = 1;
const waiting = new Map<number, (result: IpcResult<unknown>) => void>();

function overSocket(channel: string, payload: unknown): Promise<IpcResult<unknown>> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${channel} #${id} within 30 s`)), 30_000);
    waiting.set(id, (result) => {
      clearTimeout(timer);
      resolve(result);
    });
    socket.send(JSON.stringify({ id, channel, input: payload }));
  });
}

async function configure(call: (channel: string, input: unknown) => Promise<IpcResult<unknown>>) {
  for (const [channel, input] of [
    ['settings:update', { baseUrl: sandbox.baseUrl, tunnel: { enabled: false } }],
    ['account:set', { appId: sandbox.appId, accessToken: TOKEN }],
    ['contacts:create', { name: 'Ada', phones: [{ label: 'mobile', number: '+6581234567' }] }],
  ] as const) {
    const result = await call(channel, input);
    if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  }
}

beforeAll(async () => {
  requireTestKeyring();
  sandbox = await startSandbox({ timeScale: 0.01, accessToken: TOKEN, rateLimit: 0 });
  core = await createCore({
    dataDir: coreDir.path,
    shell: 'browser',
    keychainService: service,
    logger: { info: () => {}, ...silent },
  });
  await configure((channel, input) => dispatch(core.api, channel, input, silent));

  host = await startHost();
  const token = new URL(host.url).searchParams.get('token')!;
  socket = new WebSocket(`ws://${new URL(host.origin).host}/ws?token=${token}`, { origin: host.origin });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { id?: number; result?: IpcResult<unknown> };
    if (typeof frame.id === 'number' && frame.result) {
      waiting.get(frame.id)?.(frame.result);
      waiting.delete(frame.id);
    }
  });
  await configure(overSocket);
}, 60_000);

afterAll(async () => {
  socket?.close();
  await host?.stop();
  await core?.close();
  await keytar
    .findCredentials(service)
    .then((found) => Promise.all(found.map(({ account }) => keytar.deletePassword(service, account))));
  await sandbox?.close();
  rmSync(coreDir.path, { recursive: true, force: true });
});

describe('IPC fuzz: payloads the contract refuses, for every channel', () => {
  it('generates enough refused payloads for every channel', () => {
    for (const { channel, payloads } of cases)
      expect(payloads.length, channel).toBeGreaterThanOrEqual(MIN_REFUSED_PER_CHANNEL);
  });

  it('through dispatch: an error answer for each, never a throw, and no state change', async () => {
    const before = await snapshot(coreDir.path, service);
    let sent = 0;
    for (const { channel, payloads } of cases) {
      for (const payload of payloads) {
        const result = await dispatch(core.api, channel, payload, silent);
        expect(result.ok, `${channel} accepted a refused payload`).toBe(false);
        if (!result.ok) expect(result.error.message.length, channel).toBeLessThan(4096);
        sent += 1;
      }
    }
    expect(sent).toBeGreaterThan(allChannels.length * MIN_REFUSED_PER_CHANNEL);
    expect(await snapshot(coreDir.path, service)).toEqual(before);
    expect({} as Record<string, unknown>).not.toHaveProperty('polluted');
  }, 120_000);

  it('through the browser host WebSocket: an error answer for each, the host alive, no state change', async () => {
    const before = await snapshot(host.dataDir, DEFAULT_KEYCHAIN_SERVICE);
    let oversized = 0;
    let sent = 0;
    for (const { channel, input, payloads } of cases) {
      const frames: unknown[] = [];
      for (const payload of payloads) {
        // 10 MB frames are answered with an error before parsing; a few per run show that
        // (serialising every one of them would dominate the run time).
        if (holdsHuge(payload, 0) && (oversized += 1) > 3) continue;
        let text: string;
        try {
          text = JSON.stringify({ input: payload });
        } catch {
          continue; // nesting deeper than this process's JSON.stringify takes; a page could not send it either
        }
        // JSON drops what it cannot carry (NaN becomes null, undefined keys vanish): re-check.
        if (!contractRefuses(input, (JSON.parse(text) as { input?: unknown }).input)) continue;
        if (text.length > 1024 * 1024 && !holdsHuge(payload, 0) && (oversized += 1) > 3) continue;
        frames.push(payload);
      }
      // Pipelined per channel: each answer is matched by its id.
      const results = await Promise.all(frames.map((payload) => overSocket(channel, payload)));
      results.forEach((result) =>
        expect(result.ok, `${channel} accepted a refused payload over the socket`).toBe(false),
      );
      sent += results.length;
    }
    expect(oversized).toBeGreaterThan(0);
    expect(sent).toBeGreaterThan(allChannels.length * MIN_REFUSED_PER_CHANNEL);
    expect(host.process.exitCode).toBeNull();
    expect(socket.readyState).toBe(WebSocket.OPEN);
    expect(await snapshot(host.dataDir, DEFAULT_KEYCHAIN_SERVICE)).toEqual(before);
  }, 180_000);
});
