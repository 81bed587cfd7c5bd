import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningHost {
  readonly url: string;
  readonly origin: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  /** SIGTERM, wait for exit; returns the exit code. */
  stop(): Promise<number | null>;
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Starts `src/host/cli.ts` exactly as `npm run start:browser` does, with a fresh data dir. */
export async function startHost(
  options: { dataDir?: string; args?: string[]; timeoutMs?: number } = {},
): Promise<RunningHost> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'hoiio-host-'));
  const child = spawn(
    process.execPath,
    ['src/host/cli.ts', '--port', '0', '--data-dir', dataDir, ...(options.args ?? [])],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await firstLine(child, options.timeoutMs ?? 15_000).catch((error: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\nhost stderr:\n${stderr}`);
  });
  const parsed = JSON.parse(url) as { url: string };
  return {
    url: parsed.url,
    origin: new URL(parsed.url).origin,
    dataDir,
    process: child,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const code = await withTimeout(exited, 10_000, 'host did not exit after SIGTERM');
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const line = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`host exited with code ${code} before printing its URL`)));
  });
  return withTimeout(line, timeoutMs, `host printed no URL within ${timeoutMs} ms`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
