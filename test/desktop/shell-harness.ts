/**
 * Starts the shell's BUILT entry (out/main/index.js, as packaged) under plain Node with `electron`
 * resolved to the recording stand-in (./stand-in), and drives it over the child-process IPC
 * channel. Everything behind the shell is real: the core, the sandbox over HTTP, SQLite, settings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');
export const BUILT_ENTRY = path.join(repoRoot, 'out/main/index.js');
const HOOKS = path.join(import.meta.dirname, 'stand-in/hooks.mjs');

export interface ShellHarness {
  readonly userData: string;
  readonly output: () => string;
  send<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
  /** Polls `probe` every 50 ms until it returns a truthy value; fails after `timeoutMs`. */
  waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs?: number): Promise<T>;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function builtEntryExists(): boolean {
  return existsSync(BUILT_ENTRY);
}

export function startShell(env: Record<string, string> = {}, argv: string[] = []): ShellHarness {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'hoiio-shell-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', HOOKS, BUILT_ENTRY, ...argv], {
    cwd: repoRoot,
    env: { ...process.env, RECORDER_USER_DATA: userData, XDG_CONFIG_HOME: path.join(userData, 'xdg'), ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (message: { id: number; ok: boolean; result?: unknown; error?: string }) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.result);
    else waiter?.reject(new Error(message.error));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    userData,
    output: () => log,
    send<T>(op: string, args?: Record<string, unknown>) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, op, args });
      });
    },
    async waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out; shell output:\n${log.slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(userData, { recursive: true, force: true });
    },
  };
}
