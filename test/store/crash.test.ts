import { spawn } from 'node:child_process';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/core/store/index.ts';
import { tempDir } from './support.ts';

const WRITER = path.join(import.meta.dirname, 'crash-writer.ts');
const ROUNDS = 8;

interface Acks {
  inserted: Set<string>;
  minutes: Map<string, number>;
}

/** Starts the writer, lets it write for a random while, SIGKILLs it; resolves with the acks it printed. */
function runAndKill(file: string, runTag: string, acks: Acks, killAfterMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, file, runTag], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    let stderr = '';
    let count = 0;
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!; // an incomplete last line is not an ack
      for (const line of lines) {
        const [kind, id, value] = line.split(' ');
        if (kind === 'ready') timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        else if (kind === 'insert') acks.inserted.add(id!);
        else if (kind === 'update') acks.minutes.set(id!, Number(value));
        if (kind !== 'ready') count++;
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(count);
      else reject(new Error(`writer exited by itself (code ${code}): ${stderr}`));
    });
  });
}

describe('crash safety (kill -9 during writes)', () => {
  it(`keeps every acknowledged write and an intact database across ${ROUNDS} SIGKILLs`, async () => {
    const file = path.join(tempDir(), 'crash.db');
    openStore(file).close();
    const acks: Acks = { inserted: new Set(), minutes: new Map() };
    let totalAcks = 0;

    for (let round = 0; round < ROUNDS; round++) {
      totalAcks += await runAndKill(file, `r${round}`, acks, 150 + Math.floor(Math.random() * 250));

      // What a restart sees: the database opens (and is checked), every ack is there.
      const check = new DatabaseSync(file);
      expect(check.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
      check.close();
      const store = openStore(file);
      for (const id of acks.inserted) expect(store.callLog.getById(id), `acked insert ${id}`).not.toBeNull();
      for (const [id, minutes] of acks.minutes) {
        const stored = store.callLog.getById(id);
        // The write in flight may have committed without its ack; it never goes backwards.
        expect(stored?.durationMinutes ?? -1, `acked update ${id} = ${minutes}`).toBeGreaterThanOrEqual(minutes);
        expect(stored?.txnRef).toBe(`TX-${id}`);
      }
      store.close();
    }
    // The test only means something if the writer really was killed mid-stream many times.
    expect(totalAcks).toBeGreaterThan(ROUNDS * 20);
    console.info(`crash test: ${totalAcks} acknowledged writes across ${ROUNDS} kills`);
    expect(acks.inserted.size).toBeGreaterThan(ROUNDS * 5);
  }, 60_000);
});
