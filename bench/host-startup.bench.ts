/**
 * `npm run bench:host`: time from spawning the browser host (`src/host/cli.ts`, as
 * `npm run start:browser` does) to its printed URL, over fresh data dirs. Needs `npm run build`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const RUNS = 10;
const repoRoot = path.resolve(import.meta.dirname, '..');

async function timeOneStart(): Promise<number> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-bench-host-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['src/host/cli.ts', '--port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no URL within 15 s')), 15_000);
      createInterface({ input: child.stdout }).once('line', () => {
        clearTimeout(timer);
        resolve();
      });
      child.once('exit', (code) => reject(new Error(`host exited with ${code}`)));
    });
    return performance.now() - started;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const samples: number[] = [];
for (let run = 0; run < RUNS; run += 1) samples.push(await timeOneStart());
samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)]!;
console.log(`browser host start-up to printed URL over ${RUNS} runs (fresh data dir each):`);
console.log(`  min ${samples[0]!.toFixed(0)} ms, median ${median.toFixed(0)} ms, max ${samples.at(-1)!.toFixed(0)} ms`);
