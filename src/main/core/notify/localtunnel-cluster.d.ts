/**
 * Types for the socket half of the `localtunnel@2.0.2` client, which the tunnel session drives
 * directly (see tunnel-session.ts for why not through `localtunnel()`). The package ships no types
 * for this file; these mirror lib/TunnelCluster.js of the pinned version.
 */
declare module 'localtunnel/lib/TunnelCluster.js' {
  import type { EventEmitter } from 'node:events';
  import type { Socket } from 'node:net';

  interface TunnelClusterOptions {
    /** The tunnel server's host; `remote_ip` wins when given. */
    remote_host: string;
    remote_ip?: string;
    /** The per-client TCP port the tunnel server assigned. */
    remote_port: number;
    local_host: string;
    local_port: number;
    local_https?: boolean;
  }

  interface TunnelClusterEvents {
    /** A connection to the tunnel server is up (before the local side connects). */
    open: [remote: Socket];
    /** A connection that was open has closed. */
    dead: [];
    /** Only for a refused connection to the tunnel server; that slot is then not reopened. */
    error: [error: Error];
    request: [request: { method: string; path: string }];
  }

  class TunnelCluster extends EventEmitter<TunnelClusterEvents> {
    constructor(options: TunnelClusterOptions);
    /** Opens one more tunnel connection. */
    open(): void;
  }

  export = TunnelCluster;
}
