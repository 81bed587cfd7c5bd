/**
 * `npm run start:browser -- [--port P] [--data-dir DIR]`: runs the app's core and serves the
 * built renderer to a browser on 127.0.0.1. Prints exactly one JSON line on stdout when ready,
 * `{"url":"http://127.0.0.1:P/?token=..."}` (earlier when start-up takes a while, a database
 * upgrade: the page then shows its progress until the app is ready); logs go to stderr. Needs
 * `npm run build` first (`npm start` does both).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createInterface } from 'node:readline';
import { startCore, type Core, type StartingCore } from '../main/core/index.ts';
import type { DesktopShellOptions } from '../main/core/desktop-state.ts';
import { AppError } from '../shared/errors.ts';
import type { StartupState } from '../shared/startup.ts';
import { BROWSER_HOST_DESKTOP_STATE, type DesktopState } from '../shared/desktop.ts';
import { defaultBrowserHostDataDir } from '../main/core/data-dir.ts';
import { DataDirError, prepareDataDir } from './data-dir.ts';
import { useEnvironmentProxy } from './proxy.ts';
import { startBrowserHost } from './server.ts';
import { sandboxOptionsSchema } from '../sandbox/options.ts';
import packageJson from '../../package.json' with { type: 'json' };

const USAGE = `Usage: npm run start:browser -- [--port <0-65535>] [--data-dir <dir>] [--renderer-dir <dir>] [--sandbox-hoiio-numbers <e164,...>] [--open-tel-link <uri>]

Serves the Hoiio Click-to-Call app to a browser on 127.0.0.1 (same renderer and core as the
desktop app). Prints {"url": ...} on stdout when ready; open that URL (it carries the session token).
Requests to Hoiio honour HTTPS_PROXY, HTTP_PROXY and NO_PROXY (127.0.0.1 and ::1 always go direct).

  --port <n>           port to listen on; 0 (default) picks a free port
  --data-dir <dir>     where the database and settings live
                       (default: ${defaultBrowserHostDataDir(packageJson.productName)})
  --renderer-dir <dir> the built renderer (default: out/renderer; run \`npm run build\` first)
  --sandbox-time-scale <n>
                       speed of the simulated telephony in sandbox mode: 1 (default) is real
                       time, 0.1 is ten times faster (demos and tests)
  --sandbox-hoiio-numbers <e164,...>
                       Hoiio Numbers of the embedded sandbox account (its --hoiio-numbers):
                       extra caller IDs, e.g. +14155550000,+442079460000 (demos and tests)
  --open-tel-link <uri>
                       open a tel: link (RFC 3966), as the desktop app does when the OS hands
                       it one: the page fills the Dialer with its number (you still press Call),
                       or says why the link cannot be used
  --test-control       tests only: read JSON lines on stdin that report desktop-shell state
                       as the desktop app's shell does ({"desktopState": {...}}), and print
                       {"testControl": "restartToUpdate"} when the page asks to restart
  --help               show this help

HOIIO_HOST_TOKEN (environment, optional): the session token to use instead of a random one. With the
same --port, pages left open reconnect by themselves after the host is restarted; otherwise they say
to open the new URL.`;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A numeric flag given as text; bad text is reported under the flag's own name. */
const numberFlag = (flag: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, `${flag} must be a number`)
    .transform(Number);

const FlagsSchema = z.object({
  port: numberFlag('--port').pipe(
    z.number().int('--port must be a whole number').max(65535, '--port must be at most 65535'),
  ),
  dataDir: z.string().min(1, '--data-dir must not be empty'),
  rendererDir: z.string().min(1, '--renderer-dir must not be empty'),
  sandboxTimeScale: numberFlag('--sandbox-time-scale').pipe(
    z
      .number()
      .positive('--sandbox-time-scale must be greater than 0')
      .max(100, '--sandbox-time-scale must be at most 100'),
  ),
  /** The embedded sandbox's own rule (hoiio-api.md §7.1 --hoiio-numbers), reported under the host's flag name. */
  sandboxHoiioNumbers: z.string().transform((text, context) => {
    const parsed = sandboxOptionsSchema.shape.hoiioNumbers.safeParse(text);
    if (parsed.success) return parsed.data;
    context.addIssue({
      code: 'custom',
      message: `--sandbox-hoiio-numbers ${parsed.error.issues[0]?.message ?? 'is not a comma list of E.164 numbers'}`,
    });
    return z.NEVER;
  }),
  /** Checked by the core like any link the OS hands over; a bad one is shown to the user. */
  openTelLink: z.string().optional(),
  testControl: z.boolean(),
});

function parseFlags(argv: string[]): z.infer<typeof FlagsSchema> | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string', default: defaultBrowserHostDataDir(packageJson.productName) },
      'renderer-dir': { type: 'string', default: path.join(repoRoot, 'out', 'renderer') },
      'sandbox-time-scale': { type: 'string', default: '1' },
      'sandbox-hoiio-numbers': { type: 'string', default: '' },
      'open-tel-link': { type: 'string' },
      'test-control': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const parsed = FlagsSchema.safeParse({
    port: values.port,
    dataDir: values['data-dir'],
    rendererDir: values['renderer-dir'],
    sandboxTimeScale: values['sandbox-time-scale'],
    sandboxHoiioNumbers: values['sandbox-hoiio-numbers'],
    openTelLink: values['open-tel-link'],
    testControl: values['test-control'],
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join('; '));
  return parsed.data;
}

async function main(): Promise<void> {
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    console.error(`start:browser: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (flags === 'help') {
    console.log(USAGE);
    return;
  }
  const rendererDir = path.resolve(flags.rendererDir);
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    console.error(
      `start:browser: no built renderer in ${rendererDir}. Run \`npm run build\` first (or \`npm start\`).`,
    );
    process.exit(1);
  }
  let dataDir: string;
  try {
    dataDir = prepareDataDir(flags.dataDir);
  } catch (error) {
    if (!(error instanceof DataDirError)) throw error;
    console.error(`start:browser: ${error.message}`);
    process.exit(2);
  }
  const logger = { info: console.error, warn: console.error, error: console.error };
  try {
    if (useEnvironmentProxy())
      logger.info('start:browser: requests go through the proxy in HTTPS_PROXY/HTTP_PROXY (NO_PROXY honoured)');
  } catch (error) {
    console.error(
      `start:browser: the proxy setting cannot be used: ${(error as Error).message}. Check HTTPS_PROXY, HTTP_PROXY and NO_PROXY.`,
    );
    process.exit(2);
  }
  const timeScale = flags.sandboxTimeScale;
  let starting: StartingCore;
  try {
    starting = startCore({
      dataDir,
      shell: 'browser',
      logger,
      engine: { sandbox: { timeScale, hoiioNumbers: flags.sandboxHoiioNumbers }, timeScale },
      ...(flags.testControl ? { desktop: testControlShell() } : {}),
    });
  } catch (error) {
    // A data folder or database file it may not write is a bad --data-dir too: exit 2, once.
    if (error instanceof AppError && error.details?.reason === 'not_writable') {
      console.error(`start:browser: ${error.message}`);
      process.exit(2);
    }
    // Another running copy holds this data folder (data-folder-lock.ts): stop, saying so, nothing touched.
    if (error instanceof AppError && error.details?.reason === 'data_folder_in_use') {
      console.error(`start:browser: ${error.message} (--data-dir chooses the folder.)`);
      process.exit(1);
    }
    throw error;
  }
  // The page is served from the first moment. The URL is printed once the page has something to
  // show: the app (ready) or, when start-up takes a while (a database upgrade), its start-up screen.
  const firstState = new Promise<StartupState>((resolve) => {
    const stopWatching = starting.events.on('startupChanged', (state) => {
      if (state.phase === 'starting') return;
      stopWatching();
      resolve(state);
    });
  });
  let started = false;
  const core = starting.ready.then(
    (ready) => {
      started = true;
      return ready;
    },
    (error: unknown) => {
      console.error(`start:browser: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    },
  );
  const host = await startBrowserHost({
    core: starting,
    rendererDir,
    port: flags.port,
    token: process.env.HOIIO_HOST_TOKEN || undefined,
    logger,
  }).catch(async (error: unknown) => {
    await (await core)?.close();
    throw error;
  });
  if ((await firstState).phase === 'failed') {
    // Nothing was shown yet (e.g. a database from a newer version): fail as a command does.
    await core;
    process.exit(1);
  }
  // From here a failure (a database upgrade that failed) is shown by the page, which says what to do.
  process.stdout.write(`${JSON.stringify({ url: host.url })}\n`);
  void core.then((ready) => {
    if (!ready) return;
    // The core keeps the outcome until the page takes it, so the page may open any time later.
    if (flags.openTelLink !== undefined) ready.openTelLink(flags.openTelLink);
    if (flags.testControl) followTestControl(ready, logger);
  });

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await host.close();
    // Still starting (an upgrade can take a minute): exit now. The upgrade runs in one
    // transaction, so stopping mid-way leaves the database as it was; the next start redoes it.
    if (started) await (await core)?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/**
 * Tests only (--test-control): the desktop shell's side of `desktop.*`, so a browser test can
 * drive the same path the Electron shell does: state reported to the core (validated, pushed to
 * the page as `desktopStateChanged`) and "Restart to update" reaching the shell's action.
 */
function testControlShell(): DesktopShellOptions {
  return {
    initial: BROWSER_HOST_DESKTOP_STATE,
    actions: {
      restartToUpdate: () => process.stdout.write(`${JSON.stringify({ testControl: 'restartToUpdate' })}\n`),
    },
  };
}

/** Each stdin line `{"desktopState": {...}}` is reported as the Electron shell reports it; bad lines are logged. */
function followTestControl(core: Core, logger: Pick<Console, 'error'>): void {
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    try {
      const message = JSON.parse(line) as { desktopState?: Partial<DesktopState> };
      if (message.desktopState) core.desktop.report(message.desktopState);
    } catch (error) {
      logger.error(`start:browser: test control line refused: ${(error as Error).message}`);
    }
  });
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    code === 'EADDRINUSE'
      ? 'start:browser: that port is already in use; choose another with --port, or 0 for any free port.'
      : `start:browser: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
