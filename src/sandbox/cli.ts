/**
 * `npm run sandbox -- [flags]`: starts a sandbox and prints exactly one JSON line to stdout
 * ({"baseUrl","appId","accessToken","registeredNumber"}); logs go to stderr.
 * Exit: 0 after --help or on SIGINT/SIGTERM, 1 when the server cannot start, 2 for a bad flag or value.
 */
import { networkInterfaces } from 'node:os';
import { FlagError, parseFlags, usage } from './options.ts';
import { startSandbox } from './index.ts';

async function main(): Promise<number | undefined> {
  let parsed;
  try {
    parsed = parseFlags(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    process.stderr.write(`sandbox: ${error.message}\nRun with --help to list the flags.\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }

  let sandbox;
  try {
    sandbox = await startSandbox({ ...parsed.options, log: (line) => process.stderr.write(`[sandbox] ${line}\n`) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`sandbox: cannot start on ${parsed.resolved.host}:${parsed.resolved.port}: ${reason}\n`);
    return 1;
  }

  const { baseUrl, appId, accessToken, registeredNumber } = sandbox;
  // The one stdout line keeps a loopback baseUrl, which is always connectable from this machine.
  process.stdout.write(`${JSON.stringify({ baseUrl, appId, accessToken, registeredNumber })}\n`);
  const host = parsed.resolved.host;
  if (host === '0.0.0.0' || host === '::') process.stderr.write(everyInterfaceWarning(host, sandbox.port));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[sandbox] ${signal}: stopping\n`);
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return undefined;
}

/** The stderr warning for a sandbox bound to every interface, listing where it can be reached. */
function everyInterfaceWarning(host: string, port: number): string {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((address) => address !== undefined && (host === '::' || address.family === 'IPv4'))
    .map((address) => `http://${address!.family === 'IPv6' ? `[${address!.address}]` : address!.address}:${port}/open`);
  return (
    `[sandbox] WARNING: bound to ${host}, every network interface: the sandbox (and its control API, which has ` +
    'no authentication) is reachable from the network, not only from this machine. Bound addresses:\n' +
    addresses.map((address) => `[sandbox]   ${address}\n`).join('')
  );
}

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sandbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
