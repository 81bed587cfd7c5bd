/**
 * A throw-away PostgreSQL cluster for tests and benchmarks (stack-notes.md, "PostgreSQL for
 * team tests"): `initdb` into a temp folder with scram-sha-256 for TCP, `pg_ctl start` on a
 * random 127.0.0.1 port, `pg_ctl stop` at the end. The server refuses to run as root, so as
 * root the tools run as the `postgres` user the Debian package creates (runuser).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PostgresCluster {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The cluster's superuser (the "administrator" of docs/team.md) and its password. */
  readonly superuser: string;
  readonly superuserPassword: string;
  /** postgres:// URL of `database` as the superuser. */
  adminUrl(database?: string): string;
  /** Stops the server (fast shutdown), keeping its data folder: `start()` brings it back on the same port. */
  stopServer(): void;
  start(): void;
  /** Stops the server and deletes its folder. */
  destroy(): void;
}

/** The folder with initdb/pg_ctl (env PG_BIN, else the newest /usr/lib/postgresql/N/bin), or null when absent. */
export function findPostgresBin(): string | null {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return existsSync(path.join(fromEnv, 'initdb')) ? fromEnv : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(root, version, 'bin');
    if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

/** A free loopback TCP port (bound then released: good enough for a test server). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL tool, as `postgres` when we are root. Throws with its output on failure. */
function runTool(bin: string, tool: string, args: string[]): void {
  const command = isRoot() ? 'runuser' : path.join(bin, tool);
  const fullArgs = isRoot() ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args;
  const result = spawnSync(command, fullArgs, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(`${tool} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
  }
}

/**
 * Creates and starts a cluster. Throws when the binaries are missing (callers that may skip
 * check `findPostgresBin()` first) or when the server does not come up.
 */
export async function startPostgresCluster(options: { readonly superuser?: string } = {}): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL binaries not found: apt-get install -y postgresql (or set PG_BIN)');
  const superuser = options.superuser ?? 'team_admin';
  const superuserPassword = `admin-${Math.random().toString(36).slice(2)}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-pg-'));
  const pwfile = path.join(dir, 'pwfile');
  writeFileSync(pwfile, superuserPassword);
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = path.join(dir, 'data');
  runTool(bin, 'initdb', [
    '-D',
    data,
    '-U',
    superuser,
    '--pwfile',
    pwfile,
    '--auth-local=scram-sha-256',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = (): void =>
    runTool(bin, 'pg_ctl', ['-D', data, '-o', serverOptions, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  let running = false;
  const stopServer = (): void => {
    if (!running) return;
    runTool(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    running = false;
  };
  start();
  running = true;
  return {
    host: '127.0.0.1',
    port,
    superuser,
    superuserPassword,
    adminUrl: (database = 'postgres') =>
      `postgres://${superuser}:${encodeURIComponent(superuserPassword)}@127.0.0.1:${port}/${database}`,
    stopServer,
    start() {
      if (running) return;
      start();
      running = true;
    },
    destroy() {
      try {
        stopServer();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
