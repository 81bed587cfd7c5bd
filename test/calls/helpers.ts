/** Shared pieces of the calling-engine tests: temp dirs, the keychain guard, cores, bounded waits. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../src/main/core/index.ts';
import { dispatch } from '../../src/main/ipc.ts';
import type { CallRecord } from '../../src/shared/calls.ts';
import type { IpcResult } from '../../src/shared/errors.ts';

/**
 * Keychain tests use the real Secret Service: they must run inside scripts/with-keyring.sh
 * (a private D-Bus session with an unlocked gnome-keyring). Anywhere else they fail, on purpose.
 */
export function requireTestKeyring(): void {
  if (process.env.HOIIO_TEST_KEYRING !== '1') {
    throw new Error(
      'This test needs the real keychain: run it under scripts/with-keyring.sh, ' +
        'e.g. `scripts/with-keyring.sh npx vitest run test/secrets test/calls`.',
    );
  }
}

export function uniqueKeychainService(): string {
  return `hoiio-test-${randomUUID()}`;
}

export function tempDir(prefix = 'hoiio-engine-'): { path: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A log sink that keeps every line, to check what reached the logs. */
export function capturingLogger() {
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (...parts: unknown[]): void => {
      lines.push(`${level} ${parts.map((part) => (part instanceof Error ? part.stack : String(part))).join(' ')}`);
    };
  return { lines, logger: { info: keep('info'), warn: keep('warn'), error: keep('error') } };
}

export interface TestCore {
  readonly core: Core;
  readonly updates: CallRecord[];
  readonly dataDir: string;
  call<T = unknown>(channel: string, input?: unknown): Promise<IpcResult<T>>;
  /** Calls `channel` and returns the value, failing the test with the error otherwise. */
  ok<T = unknown>(channel: string, input?: unknown): Promise<T>;
  /** The first callUpdated for this call matching `predicate` (past or future). */
  waitForCall(id: string, predicate: (record: CallRecord) => boolean, timeoutMs?: number): Promise<CallRecord>;
  close(): Promise<void>;
}

export async function startTestCore(options: Partial<CoreOptions> = {}): Promise<TestCore> {
  const dir = options.dataDir === undefined ? tempDir() : null;
  const dataDir = options.dataDir ?? dir!.path;
  const core = await createCore({
    shell: 'browser',
    logger: capturingLogger().logger,
    // Tests run the sandbox 100x faster than real time, and poll 100x faster to match.
    engine: { timeScale: 0.01, sandbox: { timeScale: 0.01 } },
    ...options,
    dataDir,
  });
  const updates: CallRecord[] = [];
  core.events.on('callUpdated', (record) => updates.push(record as CallRecord));

  const call = <T>(channel: string, input?: unknown) =>
    dispatch(core.api, channel, input, { error: () => undefined, warn: () => undefined }) as Promise<IpcResult<T>>;
  return {
    core,
    updates,
    dataDir,
    call,
    async ok<T>(channel: string, input?: unknown): Promise<T> {
      const result = await call<T>(channel, input);
      if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    waitForCall(id, predicate, timeoutMs = 10_000) {
      const seen = updates.find((record) => record.id === id && predicate(record));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          unsubscribe();
          const last = updates.filter((record) => record.id === id).at(-1);
          reject(new Error(`call ${id}: no matching update within ${timeoutMs} ms; last ${JSON.stringify(last)}`));
        }, timeoutMs);
        const unsubscribe = core.events.on('callUpdated', (record) => {
          if (record.id !== id || !predicate(record as CallRecord)) return;
          clearTimeout(timer);
          unsubscribe();
          resolve(record as CallRecord);
        });
      });
    },
    async close() {
      await core.close();
      dir?.remove();
    },
  };
}

/** Resolves once `check` returns a value other than undefined; fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** JSON to and from the sandbox control API (hoiio-api.md §7.9). */
export async function sandboxControl<T = unknown>(
  controlUrl: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${controlUrl}/${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`sandbox ${method} ${route}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export interface SandboxCall {
  txn_ref: string;
  dest2: string;
  tag: string | null;
  notify_url: string | null;
  state: 'live' | 'ended';
}

export interface SandboxDelivery {
  txn_ref: string;
  url: string;
  httpStatus: number | null;
  error: string | null;
  sentAt: string;
}

/** The fields two records of the same call scenario must share, whatever path finished them. */
export function finalFacts(record: CallRecord) {
  return {
    state: record.state,
    mode: record.mode,
    dest1: record.dest1,
    dest2: record.dest2,
    statusDest1: record.statusDest1,
    statusDest2: record.statusDest2,
    outcome: record.outcome,
    durationMinutes: record.durationMinutes,
    currency: record.currency,
    rate: record.rate,
    debit: record.debit,
    errorStatus: record.errorStatus,
    errorMessage: record.errorMessage,
  };
}

/**
 * A TCP proxy on 127.0.0.1 in front of `targetBaseUrl`: each client connection gets its own
 * upstream connection, and `pipe` wires the two (what passes, what is kept back). Closing either
 * side closes both; close() ends every connection and the server.
 */
export async function startTcpProxy(
  targetBaseUrl: string,
  pipe: (client: net.Socket, upstream: net.Socket) => void,
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const target = new URL(targetBaseUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    pipe(client, upstream);
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', closeBoth);
      socket.on('close', closeBoth);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type ProxyMode = 'pass' | 'drop-call-answers' | 'drop-call-requests';

/**
 * A TCP proxy on 127.0.0.1 in front of a sandbox that can lose voice/call traffic: the request
 * reaches the sandbox but its answer never comes back ('drop-call-answers': the call exists), or
 * the request never arrives ('drop-call-requests': it does not). Everything else passes.
 */
export async function startLossyProxy(targetBaseUrl: string) {
  const state = { mode: 'pass' as ProxyMode };
  const proxy = await startTcpProxy(targetBaseUrl, (client, upstream) => {
    let dropAnswers = false;
    let dropRequests = false;
    client.on('data', (chunk: Buffer) => {
      if (state.mode !== 'pass' && chunk.toString('latin1').startsWith('POST /open/voice/call ')) {
        if (state.mode === 'drop-call-requests') dropRequests = true;
        else dropAnswers = true;
      }
      if (!dropRequests) upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!dropAnswers) client.write(chunk);
    });
  });
  return {
    ...proxy,
    setMode(mode: ProxyMode) {
      state.mode = mode;
    },
  };
}
