import { once } from 'node:events';
import path from 'node:path';
import { pino } from 'pino';
import roll from 'pino-roll';
import { NOTIFY_PATH_PREFIX } from './notify/listener.ts';

/** What core code takes as its logger (console-compatible), as before this module existed. */
export type Logger = Pick<Console, 'info' | 'warn' | 'error'>;

export interface FileLogger extends Logger {
  /** The file being written now (it changes when the log rotates). */
  currentFile(): string;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** Rotation: a new file at this size (pino-roll size units), keeping this many files. */
const ROTATE_SIZE = '5m';
const KEEP_FILES = 5;

/**
 * Secrets never written to the log (design.md: the access token is never logged): the
 * access_token form/query field, token-like JSON fields, and the per-call secret of a notify_url
 * path (NOTIFY_PATH_PREFIX + token, which would let anyone post notifications for that call).
 */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/(access_token=)[^&\s"']+/gi, '$1[redacted]'],
  [/("(?:access_?token|accessToken|token|secret|password)"\s*:\s*")[^"]*(")/gi, '$1[redacted]$2'],
  [new RegExp(`(${NOTIFY_PATH_PREFIX.replace(/\//g, '\\/')})[A-Za-z0-9_-]+`, 'g'), '$1[redacted]'],
];

/** `text` with every secret the patterns above recognise replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

function messageOf(parts: readonly unknown[]): string {
  return redactSecrets(
    parts
      .map((part) =>
        part instanceof Error ? (part.stack ?? part.message) : typeof part === 'string' ? part : safeJson(part),
      )
      .join(' '),
  );
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * A rotating JSON-lines log in `<dataDir>/logs/hoiio.<n>.log` (pino, with pino-roll used as an
 * in-process stream: no transport worker, so it runs the same inside Electron's asar and under
 * plain Node). Every line is redacted (redactSecrets). `echo` also receives each call (the
 * shells' console, tests' capturing loggers).
 */
export async function createFileLogger(
  dataDir: string,
  echo?: Logger,
  rotation: { size?: string; keep?: number } = {},
): Promise<FileLogger> {
  const stream = await roll({
    file: path.join(dataDir, 'logs', 'hoiio'),
    extension: '.log',
    size: rotation.size ?? ROTATE_SIZE,
    limit: { count: rotation.keep ?? KEEP_FILES },
    mkdir: true,
  });
  const opened = stream as unknown as { file: string | null };
  if (!opened.file) await once(stream, 'ready'); // SonicBoom opens the file asynchronously
  const log = pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, stream);
  const level =
    (name: keyof Logger) =>
    (...parts: unknown[]): void => {
      log[name](messageOf(parts));
      echo?.[name](...parts.map((part) => (typeof part === 'string' ? redactSecrets(part) : part)));
    };
  return {
    info: level('info'),
    warn: level('warn'),
    error: level('error'),
    currentFile: () => opened.file ?? '',
    close: () =>
      new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        stream.end();
      }),
  };
}
