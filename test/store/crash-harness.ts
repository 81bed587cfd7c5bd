/**
 * The process-kill crash harness shared by test/store/crash.test.ts (a few kills) and
 * `npm run soak:crash` (100 kills): a child (crash-writer.ts) writes call inserts and updates as
 * fast as it can, acknowledging each committed write on stdout; it is SIGKILLed at a chosen
 * moment; then what a restart sees is checked: the database passes `integrity_check` and holds
 * every acknowledged write.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openStore } from '../../src/main/core/store/index.ts';

const WRITER = path.join(import.meta.dirname, 'crash-writer.ts');

export interface Acks {
  inserted: Set<string>;
  minutes: Map<string, number>;
}

/** The store's periodic checkpoint interval (store/index.ts DEFAULT_CHECKPOINT_INTERVAL_MS), ms. */
export const STORE_CHECKPOINT_INTERVAL_MS = 2_000;
/** Kills land over the first this-many ms of writing: past the first checkpoints. */
export const KILL_WINDOW_MS = 5_000;

/**
 * Kill moments (ms after the writer is ready) for `rounds` kills: one uniformly random moment in
 * each of `rounds` equal slices of the window, so every run reaches past the checkpoints.
 */
export function killMoments(rounds: number, windowMs = KILL_WINDOW_MS): number[] {
  const slice = windowMs / rounds;
  return Array.from({ length: rounds }, (_, round) => Math.floor(round * slice + Math.random() * slice));
}

/** Starts the writer, SIGKILLs it `killAfterMs` after it is ready; resolves with the acks it printed. */
export function runAndKill(file: string, runTag: string, acks: Acks, killAfterMs: number): Promise<number> {
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

export interface RestartCheck {
  integrity: string;
  /** Acknowledged writes missing or gone backwards after the restart (must be none). */
  lost: string[];
  /** Size of the -wal file as the killed writer left it, bytes (0 if none). */
  walBytes: number;
}

/** What a restart sees after a kill: integrity, every ack present, the WAL size left behind. */
export function checkAfterRestart(file: string, acks: Acks): RestartCheck {
  const walBytes = statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  const check = new DatabaseSync(file);
  const integrity = check
    .prepare('PRAGMA integrity_check')
    .all()
    .map((row) => String(row['integrity_check']))
    .join('; ');
  check.close();
  const store = openStore(file);
  const lost: string[] = [];
  try {
    for (const id of acks.inserted) if (store.callLog.getById(id) === null) lost.push(`insert ${id}`);
    for (const [id, minutes] of acks.minutes) {
      const stored = store.callLog.getById(id);
      // The write in flight may have committed without its ack; it never goes backwards.
      if ((stored?.durationMinutes ?? -1) < minutes || stored?.txnRef !== `TX-${id}`)
        lost.push(`update ${id}=${minutes}`);
    }
  } finally {
    store.close();
  }
  return { integrity, lost, walBytes };
}
