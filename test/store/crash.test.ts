/**
 * Crash safety (kill -9 during writes): the writer is killed at random moments spread over its
 * first 5 s of writing, past the store's periodic checkpoint (every 2 s), and every restart finds
 * an intact database holding every acknowledged write. `npm run soak:crash` does 100 kills.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/core/store/index.ts';
import {
  checkAfterRestart,
  KILL_WINDOW_MS,
  killMoments,
  runAndKill,
  STORE_CHECKPOINT_INTERVAL_MS,
  type Acks,
} from './crash-harness.ts';
import { tempDir } from './support.ts';

const ROUNDS = 8;

describe('crash safety (kill -9 during writes)', () => {
  it(`keeps every acknowledged write and an intact database across ${ROUNDS} SIGKILLs over ${KILL_WINDOW_MS} ms`, async () => {
    const file = path.join(tempDir(), 'crash.db');
    openStore(file).close();
    const acks: Acks = { inserted: new Set(), minutes: new Map() };
    let totalAcks = 0;
    const moments = killMoments(ROUNDS);
    // The spread reaches past the store's first checkpoints, where a kill mid-checkpoint can land.
    expect(Math.max(...moments)).toBeGreaterThan(STORE_CHECKPOINT_INTERVAL_MS);

    for (const [round, moment] of moments.entries()) {
      // Each restart checks this round's acks; the last one checks every round's again.
      const roundAcks: Acks = { inserted: new Set(), minutes: new Map() };
      totalAcks += await runAndKill(file, `r${round}`, roundAcks, moment);
      const restart = checkAfterRestart(file, roundAcks);
      expect(restart.integrity, `after the kill at ${moment} ms`).toBe('ok');
      expect(restart.lost, `after the kill at ${moment} ms`).toEqual([]);
      for (const id of roundAcks.inserted) acks.inserted.add(id);
      for (const [id, minutes] of roundAcks.minutes) acks.minutes.set(id, minutes);
    }
    expect(checkAfterRestart(file, acks).lost).toEqual([]);
    // The test only means something if the writer really was killed mid-stream many times.
    expect(totalAcks).toBeGreaterThan(ROUNDS * 20);
    console.info(`crash test: ${totalAcks} acknowledged writes across ${ROUNDS} kills at ${moments.join(', ')} ms`);
    expect(acks.inserted.size).toBeGreaterThan(ROUNDS * 5);
  }, 120_000);
});
