import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';

export interface RunningHost {
  readonly url: string;
  readonly origin: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  /** SIGTERM, wait for exit; returns the exit code. */
  stop(): Promise<number | null>;
  /** With `testControl`: writes one control line to the host's stdin (see `--test-control` in src/host/cli.ts). */
  control(message: unknown): void;
  /** With `testControl`: the control lines the host printed after its URL (e.g. `{"testControl":"restartToUpdate"}`). */
  readonly printed: readonly unknown[];
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Starts `src/host/cli.ts` exactly as `npm run start:browser` does, with a fresh data dir. */
export async function startHost(
  options: {
    dataDir?: string;
    args?: string[];
    timeoutMs?: number;
    testControl?: boolean;
    /** Added to the host's environment (e.g. HTTP_PROXY). */
    env?: Record<string, string>;
  } = {},
): Promise<RunningHost> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'hoiio-host-'));
  const child = spawn(
    process.execPath,
    [
      'src/host/cli.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      ...(options.testControl ? ['--test-control'] : []),
      ...(options.args ?? []),
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, ...options.env },
      stdio: [options.testControl ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const printed: unknown[] = [];
  const url = await firstLine(lines, child, options.timeoutMs ?? 15_000).catch((error: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\nhost stderr:\n${stderr}`);
  });
  const parsed = JSON.parse(url) as { url: string };
  // Later lines are the host's answers to control lines (only printed with --test-control).
  lines.on('line', (line) => printed.push(JSON.parse(line)));
  return {
    url: parsed.url,
    printed,
    control(message) {
      if (!options.testControl) throw new Error('startHost({ testControl: true }) is needed to send control lines');
      child.stdin!.write(`${JSON.stringify(message)}\n`);
    },
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

function firstLine(lines: Interface, child: ChildProcess, timeoutMs: number): Promise<string> {
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
