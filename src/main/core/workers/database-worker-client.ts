import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import type { JobProgress } from '../../../shared/import-export.ts';
import { currentActivity } from '../request-activity.ts';
import type { WorkerOperation, WorkerOperations, WorkerRequest, WorkerResponse, WorkerStartData } from './protocol.ts';

type Logger = Pick<Console, 'info' | 'warn' | 'error'>;

export interface RequestOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: Pick<JobProgress, 'phase' | 'processed' | 'total'>) => void) | undefined;
}

interface Pending {
  readonly operation: WorkerOperation;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  readonly onProgress: RequestOptions['onProgress'];
  /** The IPC request this runs for is still making progress (request-activity.ts): renews its timeout. */
  readonly onActivity: () => void;
}

/**
 * Where a worker's code is: `./<name>.worker.ts` beside this file when running from source (Node
 * runs the .ts directly: tests, the browser host), else the `<name>-worker.js` bundle in out/main
 * (the Electron build, electron.vite.config.ts; this code may sit in out/main or in a chunk folder
 * below it).
 */
export function workerEntry(name: 'database' | 'upgrade'): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL(`./${name}.worker.ts`, here);
  for (const candidate of [`./${name}-worker.js`, `../${name}-worker.js`]) {
    const url = new URL(candidate, here);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(`The ${name} worker bundle (${name}-worker.js) is missing beside ${here}: rebuild the app.`);
}

/** The database worker's code (see workerEntry). */
export function databaseWorkerEntry(): URL {
  return workerEntry('database');
}

/**
 * One database worker thread (./database.worker.ts) and the requests in flight to it.
 * A worker that dies (crash, out of memory, terminate) fails every request in flight with
 * AppError('storage') saying nothing was changed, is logged, and is started again for the
 * next request. Nothing it was asked can have been half-done in the app's database: the
 * worker only reads it (imports stage into a file of their own).
 */
export class DatabaseWorker {
  readonly #name: string;
  readonly #data: WorkerStartData;
  readonly #logger: Logger | undefined;
  readonly #entry: URL;
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #closed = false;
  /** How many times a worker died unexpectedly (tests and the log). */
  crashes = 0;

  constructor(name: string, data: WorkerStartData, logger?: Logger, entry: URL = databaseWorkerEntry()) {
    this.#name = name;
    this.#data = data;
    this.#logger = logger;
    this.#entry = entry;
  }

  /**
   * Runs `operation` in the worker. Rejects with the worker's AppError, with
   * AppError('cancelled') when `signal` aborts first is up to the operation (jobs check it),
   * and with AppError('storage') if the worker dies meanwhile. Each progress message also tells the
   * IPC request this runs for that it is still working (request-activity.ts), even without `onProgress`.
   */
  request<O extends WorkerOperation>(
    operation: O,
    input: WorkerOperations[O]['input'],
    options: RequestOptions = {},
  ): Promise<WorkerOperations[O]['output']> {
    if (this.#closed)
      return Promise.reject(new AppError('storage', 'The app is closing; try again after it restarts.'));
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, {
        operation,
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: options.onProgress,
        onActivity: currentActivity(),
      });
      const cancel = (): void => worker.postMessage({ type: 'cancel', id } satisfies WorkerRequest);
      if (options.signal?.aborted) queueMicrotask(cancel);
      options.signal?.addEventListener('abort', cancel, { once: true });
      worker.postMessage({ type: 'request', id, operation, input } satisfies WorkerRequest);
    });
  }

  /** Stops the thread as a crash would (tests, and the bench's worker-death scenario). */
  async kill(): Promise<void> {
    await this.#worker?.terminate();
  }

  /**
   * Ends the thread on purpose (its file was replaced: recovery); requests in flight fail with
   * AppError('storage'), and the next request starts a fresh thread on the new file.
   */
  async restart(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    this.#failAll(
      'The local database was just repaired, so this operation was stopped. Nothing was changed: try again.',
    );
    await worker?.terminate();
  }

  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = null;
    this.#failAll('The app is closing: the operation was stopped and nothing was changed.');
    await worker?.terminate();
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.#entry, { workerData: this.#data, name: `hoiio-${this.#name}` });
    worker.unref(); // never keeps the app (or a test) alive on its own
    worker.on('message', (message: WorkerResponse) => this.#onMessage(message));
    worker.on('error', (error) => {
      this.#logger?.error(`[db-worker:${this.#name}] failed: ${error.stack ?? error.message}`);
    });
    worker.on('exit', (code) => {
      if (this.#worker !== worker) return; // closed on purpose
      this.#worker = null;
      if (this.#pending.size > 0 || code !== 0) {
        this.crashes++;
        this.#logger?.error(
          `[db-worker:${this.#name}] stopped unexpectedly (exit code ${code}); it restarts on the next request.`,
        );
      }
      this.#failAll(
        'The background database worker stopped unexpectedly, so this operation did not finish. Nothing was changed: try again.',
      );
    });
    this.#worker = worker;
    return worker;
  }

  #onMessage(message: WorkerResponse): void {
    if (message.type === 'ready') return;
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    if (message.type === 'progress') {
      pending.onActivity();
      pending.onProgress?.(message.progress);
      return;
    }
    this.#pending.delete(message.id);
    if (message.type === 'result') pending.resolve(message.value);
    else {
      const { code, message: text, details, key, params, fields } = message.error;
      pending.reject(new AppError(code, text, details, { key, params, fields }));
    }
  }

  #failAll(message: string): void {
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.reject(new AppError('storage', message, { reason: 'worker_stopped', operation: pending.operation }));
    }
  }
}
