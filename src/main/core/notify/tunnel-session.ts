/**
 * The data half of one registered tunnel: a pool of TCP connections to the tunnel server, each piped
 * to the local listener, reopened as the server uses them up. It uses the `localtunnel@2.0.2` client's
 * own TunnelCluster for the socket work and adds what the client lacks: every error is caught and
 * turned into one `failed` event, opening is bounded by a timeout, a reopen storm counts as a failure,
 * and close() destroys every connection it knows of.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import TunnelCluster from 'localtunnel/lib/TunnelCluster.js';

export interface TunnelSessionTarget {
  remoteHost: string;
  remotePort: number;
  localHost: string;
  localPort: number;
  maxConnections: number;
}

interface TunnelSessionEvents {
  /** The tunnel stopped working; emitted at most once, never after close(). */
  failed: [reason: string];
}

/** Each served connection is closed and replaced; far more replacements than this per second is a loop. */
const MAX_REOPENS_PER_SECOND_PER_CONNECTION = 50;

export class TunnelSession extends EventEmitter<TunnelSessionEvents> {
  readonly #target: TunnelSessionTarget;
  readonly #cluster: TunnelCluster;
  readonly #sockets = new Set<Socket>();
  #closed = false;
  #failed = false;
  #reopenWindowStart = 0;
  #reopensInWindow = 0;
  #cancelOpen: (() => void) | null = null;

  constructor(target: TunnelSessionTarget) {
    super();
    this.#target = target;
    this.#cluster = new TunnelCluster({
      remote_host: target.remoteHost,
      remote_port: target.remotePort,
      local_host: target.localHost,
      local_port: target.localPort,
    });
    // Listeners stay attached for the cluster's whole life: it can still emit after close().
    this.#cluster.on('open', (socket) => this.#onOpen(socket));
    this.#cluster.on('dead', () => this.#onDead());
    this.#cluster.on('error', (error) => this.#fail(`tunnel connection failed: ${error.message}`));
  }

  /** Opens the connection pool; resolves when the first connection is up, rejects on failure, timeout or close(). */
  open(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = (outcome: () => void): void => {
        clearTimeout(timer);
        this.#cluster.off('open', onOpen);
        this.off('failed', onFailed);
        this.#cancelOpen = null;
        outcome();
      };
      const onOpen = (): void => settle(resolve);
      const onFailed = (reason: string): void => settle(() => reject(new Error(reason)));
      const timer = setTimeout(() => {
        settle(() => reject(new Error(`no tunnel connection within ${timeoutMs} ms`)));
      }, timeoutMs);
      this.#cancelOpen = () => settle(() => reject(new Error('tunnel closed')));
      this.#cluster.on('open', onOpen);
      this.once('failed', onFailed);
      for (let index = 0; index < this.#target.maxConnections; index += 1) this.#cluster.open();
    });
  }

  close(): void {
    this.#closed = true;
    this.#cancelOpen?.();
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }

  #onOpen(socket: Socket): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  #onDead(): void {
    if (this.#closed || this.#failed) return;
    if (this.#tooManyReopens()) {
      this.#fail('tunnel connections keep closing');
      return;
    }
    this.#cluster.open();
  }

  #tooManyReopens(): boolean {
    const now = Date.now();
    if (now - this.#reopenWindowStart > 1000) {
      this.#reopenWindowStart = now;
      this.#reopensInWindow = 0;
    }
    this.#reopensInWindow += 1;
    return this.#reopensInWindow > MAX_REOPENS_PER_SECOND_PER_CONNECTION * this.#target.maxConnections;
  }

  #fail(reason: string): void {
    if (this.#closed || this.#failed) return;
    this.#failed = true;
    this.emit('failed', reason);
  }
}
