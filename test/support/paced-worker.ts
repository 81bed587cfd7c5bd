/**
 * A stand-in for the `jobs` database worker (src/main/core/workers/database.worker.ts) that speaks
 * the same protocol (workers/protocol.ts) over a real worker thread, with a pace the test chooses,
 * for the request-timeout tests (test/foundation/request-timeout.test.ts). What an import does
 * depends on its file's name (the file itself is not read):
 * - `paced-<steps>x<ms>.csv`: a progress message every `<ms>` ms, `<steps>` times, then the report;
 * - `late-<ms>.csv`: silent for `<ms>` ms, then the report;
 * - `hang.csv`: silent until cancelled.
 * Every other operation never answers (a hung worker). The report says each step imported a contact.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';
import type { ImportReport } from '../../src/shared/import-export.ts';
import type { WorkerRequest, WorkerResponse } from '../../src/main/core/workers/protocol.ts';

if (!parentPort) throw new Error('paced-worker.ts runs only as a worker thread');
const port = parentPort;
const send = (message: WorkerResponse): void => port.postMessage(message);
const cancelled = new Set<number>();

function report(imported: number): ImportReport {
  return {
    format: 'csv',
    encoding: 'utf-8',
    records: imported,
    counts: { imported, merged: 0, skipped: 0, rejected: 0 },
    imported: [],
    merged: [],
    skipped: [],
    rejected: [],
    warnings: [],
    truncated: false,
    changed: imported,
  };
}

async function stageImport(id: number, source: string): Promise<void> {
  const name = path.basename(source);
  const paced = /^paced-(\d+)x(\d+)\.csv$/.exec(name);
  const late = /^late-(\d+)\.csv$/.exec(name);
  if (paced) {
    const steps = Number(paced[1]);
    for (let step = 1; step <= steps; step++) {
      await sleep(Number(paced[2]));
      send({ type: 'progress', id, progress: { phase: 'checking', processed: step, total: steps } });
    }
    // touched 0: the service answers without applying (nothing to apply in a stand-in).
    return send({ type: 'result', id, value: { report: report(steps), touched: 0 } });
  }
  if (late) {
    await sleep(Number(late[1]));
    return send({ type: 'result', id, value: { report: report(1), touched: 0 } });
  }
  // hang.csv: until cancelled or the test ends the thread (bounded at 10 minutes all the same).
  for (let waited = 0; waited < 12_000 && !cancelled.has(id); waited++) await sleep(50);
  send({ type: 'error', id, error: { code: 'cancelled', message: 'The import was cancelled; nothing was imported.' } });
}

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'cancel') return void cancelled.add(message.id);
  if (message.operation === 'contacts.stageImport') {
    void stageImport(message.id, (message.input as { source: string }).source);
  }
});
send({ type: 'ready' });
