/**
 * A long job still reporting progress is never answered with a timeout: the browser host's timeout
 * applies to silence (src/host/server.ts, core/request-activity.ts). Real parts: the host and its
 * WebSocket, dispatch with the contract, the import/export service and its job registry, the
 * database worker client and a worker thread speaking the worker protocol at a pace the test sets
 * (test/support/paced-worker.ts), and, last, the real database worker doing a real import.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../src/host/server.ts';
import { TypedEmitter, type CoreEventMap } from '../../src/main/core/events.ts';
import type { Core } from '../../src/main/core/index.ts';
import { DatabaseWorker } from '../../src/main/core/workers/database-worker-client.ts';
import { dispatch } from '../../src/main/ipc.ts';
import { englishErrorMessage } from '../../src/shared/error-messages.ts';
import type { IpcResult } from '../../src/shared/errors.ts';
import type { ImportReport } from '../../src/shared/import-export.ts';
import type { JobFinished } from '../../src/shared/job-finished.ts';
import { dataHandlers, databaseWorkers, freshStore, tempDir } from '../io/support.ts';

/** The host's silence timeout in these tests, and the most often it sends a working frame. */
const TIMEOUT_MS = 2_000;
const silent = { error: () => {}, warn: () => {} };
const hosts: BrowserHost[] = [];

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

/** The data layer over a paced stand-in worker, behind a real browser host with a short timeout. */
async function pacedHost() {
  const store = freshStore();
  const dataDir = path.dirname(store.filePath);
  const entry = new URL('../support/paced-worker.ts', import.meta.url);
  const paced = new DatabaseWorker('jobs', { databaseFile: store.filePath }, undefined, entry);
  const events = new TypedEmitter<CoreEventMap>();
  const data = dataHandlers({ store, dataDir, events, defaultCountry: 'SG', workers: { queries: paced, jobs: paced } });
  const host = await startBrowserHost({
    core: { api: data.api, events } as unknown as Pick<Core, 'api' | 'events'>,
    rendererDir: tempDir('hoiio-renderer-'),
    port: 0,
    answerTimeoutMs: TIMEOUT_MS,
    workingIntervalMs: TIMEOUT_MS,
    logger: silent,
  });
  hosts.push(host);
  const socket = await openSocket(host);
  return {
    socket,
    async close() {
      socket.close();
      data.close();
      await paced.close();
    },
  };
}

function openSocket(host: BrowserHost): Promise<WebSocket> {
  const token = new URL(host.url).searchParams.get('token')!;
  const socket = new WebSocket(`ws://${new URL(host.origin).host}/ws?token=${token}`, { origin: host.origin });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

type Frame = { id?: number | null; result?: IpcResult<unknown>; working?: true; event?: string; payload?: unknown };

/** Sends one request and collects every frame until its answer (and, with `until`, until that frame too). */
function request(
  socket: WebSocket,
  id: number,
  channel: string,
  input: unknown,
  until?: (frame: Frame) => boolean,
): Promise<{ result: IpcResult<unknown>; frames: Frame[] }> {
  const frames: Frame[] = [];
  return new Promise((resolve) => {
    let result: IpcResult<unknown> | undefined;
    let extraSeen = false;
    const onMessage = (data: WebSocket.RawData): void => {
      const frame = JSON.parse(String(data)) as Frame;
      frames.push(frame);
      if (frame.id === id && frame.result) result = frame.result;
      if (until?.(frame)) extraSeen = true;
      if (result && (until === undefined || extraSeen)) {
        socket.off('message', onMessage);
        resolve({ result, frames });
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, channel, input }));
  });
}

/** A CSV file outside the data folder whose name tells the paced worker what to do (the file is not read). */
function csvNamed(name: string): string {
  const file = path.join(tempDir('hoiio-import-src-'), name);
  writeFileSync(file, 'Name,Phone\nAda,+6581234567\n');
  return file;
}

const importInput = (file: string, jobId = randomUUID()) => ({
  jobId,
  path: file,
  defaultCountry: 'SG',
  duplicates: 'merge',
});

describe('request timeouts apply to silence, not to the length of a job', () => {
  it('an import reporting progress for longer than the timeout is answered with its report', async () => {
    const { socket, close } = await pacedHost();
    try {
      // 25 steps 200 ms apart: at least 5 s of work, progress every 200 ms, the host's timeout 2 s.
      const input = importInput(csvNamed('paced-25x200.csv'));
      const { result, frames } = await request(socket, 1, 'importExport:importContacts', input);
      expect(result.ok, JSON.stringify(result)).toBe(true);
      expect((result as { value: ImportReport }).value.counts.imported).toBe(25);
      // Working frames are at least TIMEOUT_MS apart: two or more prove the job outlasted the timeout.
      const working = frames.filter((frame) => frame.id === 1 && frame.working === true);
      expect(working.length).toBeGreaterThanOrEqual(2);
      const progress = frames.filter((frame) => frame.event === 'importExportProgress');
      expect(progress.at(-1)?.payload).toMatchObject({ jobId: input.jobId, processed: 25, total: 25 });
    } finally {
      await close();
    }
  });

  it('a silent import is answered with the timeout that says to check the contacts before importing again', async () => {
    const { socket, close } = await pacedHost();
    try {
      const { result, frames } = await request(
        socket,
        2,
        'importExport:importContacts',
        importInput(csvNamed('hang.csv')),
      );
      expect(result.ok).toBe(false);
      const { error } = result as { ok: false; error: { key?: string; message: string; details?: unknown } };
      expect(error.key).toBe('request.timedOut.import');
      expect(error.message).toBe(englishErrorMessage('request.timedOut.import', { seconds: TIMEOUT_MS / 1000 }));
      expect(error.message).toContain('check the contacts list');
      expect(error.message).not.toMatch(/try again/i);
      expect(error.details).toEqual({ reason: 'timed_out', channel: 'importExport:importContacts' });
      expect(frames.some((frame) => frame.working)).toBe(false);
    } finally {
      await close();
    }
  });

  it('a silent request that is not a job times out with the plain message', async () => {
    const { socket, close } = await pacedHost();
    try {
      // The stand-in worker never answers `contacts.lastImport`: a hung worker.
      const { result } = await request(socket, 3, 'importExport:lastImport', undefined);
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'internal',
          key: 'request.timedOut',
          params: { seconds: TIMEOUT_MS / 1000 },
          message: englishErrorMessage('request.timedOut', { seconds: TIMEOUT_MS / 1000 }),
          details: { reason: 'timed_out', channel: 'importExport:lastImport' },
        },
      });
    } finally {
      await close();
    }
  });

  it('a job that ends after its request timed out publishes its real outcome as jobFinished', async () => {
    const { socket, close } = await pacedHost();
    try {
      const input = importInput(csvNamed(`late-${TIMEOUT_MS * 2}.csv`));
      const finished = (frame: Frame) => frame.event === 'jobFinished';
      const { result, frames } = await request(socket, 4, 'importExport:importContacts', input, finished);
      expect(result.ok).toBe(false);
      expect((result as { ok: false; error: { key?: string } }).error.key).toBe('request.timedOut.import');
      const event = frames.find(finished)?.payload as JobFinished;
      expect(event).toMatchObject({ jobId: input.jobId, kind: 'import', result: { ok: true } });
      expect(event.result.ok && (event.result.value as ImportReport).counts.imported).toBe(1);
      // The timeout came first, the outcome after it.
      expect(frames.findIndex((frame) => frame.id === 4)).toBeLessThan(frames.findIndex(finished));
    } finally {
      await close();
    }
  });
});

describe('the real database worker tells the request it works for that it is alive', () => {
  it('a real import renews its request at each progress message and publishes jobFinished', async () => {
    const store = freshStore();
    const events = new TypedEmitter<CoreEventMap>();
    const dataDir = path.dirname(store.filePath);
    const data = dataHandlers({ store, dataDir, events, defaultCountry: 'SG', workers: databaseWorkers(store) });
    const finished: JobFinished[] = [];
    events.on('jobFinished', (event) => finished.push(event));
    const rows = Array.from({ length: 2_000 }, (_, index) => `Person ${index},+6581${String(index).padStart(6, '0')}`);
    const file = path.join(tempDir('hoiio-import-src-'), 'people.csv');
    writeFileSync(file, `Name,Phone\n${rows.join('\n')}\n`);
    let renewals = 0;
    const input = importInput(file);
    const result = await dispatch(data.api as never, 'importExport:importContacts', input, silent, {
      onActivity: () => renewals++,
    });
    data.close();
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect((result as { value: ImportReport }).value.counts.imported).toBe(2_000);
    // At least one progress message while staging, and the one as the final transaction begins.
    expect(renewals).toBeGreaterThanOrEqual(2);
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ jobId: input.jobId, kind: 'import', result: { ok: true } });
  });
});
