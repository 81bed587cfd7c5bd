/**
 * `npm run sandbox -- [flags]`: starts a sandbox and prints exactly one JSON line to stdout
 * ({"baseUrl","appId","accessToken","registeredNumber"}); logs go to stderr.
 * Exit: 0 after --help or on SIGINT/SIGTERM, 1 when the server cannot start, 2 for a bad flag or value.
 */
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
  process.stdout.write(`${JSON.stringify({ baseUrl, appId, accessToken, registeredNumber })}\n`);

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

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sandbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
