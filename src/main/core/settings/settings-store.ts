/**
 * Settings persistence behind a small interface. The file holds the user's settings and the
 * Hoiio App ID; never the access token (that lives only in the OS keychain, see secrets/).
 * The backend is anything with conf's `store` property: `conf` itself (browser host, tests)
 * or electron-store (the Electron shell passes it in; the core never imports electron).
 */
import Conf from 'conf';
import { copyFileSync, constants as fsConstants, existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { quoteInput } from '../../../shared/visible-text.ts';
import { isFileStorageFault, toFileStorageError } from '../storage-errors.ts';
import { finishNow, type Sliced } from '../start-steps.ts';
import {
  applySettingsPatch,
  SettingsPatchSchema,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../shared/settings.ts';

/** The part of conf / electron-store this module uses: the whole store as one object. */
export interface SettingsBackend {
  store: Record<string, unknown>;
}

export interface SettingsStore {
  /** Set when the settings file could not be read: where it was moved before starting from defaults. */
  readonly recoveredFrom: SettingsRecovery | null;
  get(): Settings;
  update(patch: SettingsPatch): Settings;
  /** The Hoiio App ID, or null before credentials are saved. */
  getAppId(): string | null;
  setAppId(appId: string | null): void;
  /** Called after every change of the settings (not of the App ID); returns the unsubscribe function. */
  onChange(listener: (settings: Settings, previous: Settings) => void): () => void;
}

export const SETTINGS_FILE_NAME = 'settings';

export interface SettingsRecovery {
  readonly movedTo: string;
  /** English, for the log. */
  readonly message: string;
  /** Catalogue key of the user's notice (`notice.<key>`): the file was unreadable, or some values were reset. */
  readonly key: 'settingsUnreadable' | 'settingsReset';
}

/** Keys conf keeps for itself; not settings. */
const CONF_INTERNAL_KEY = '__internal__';
/** The longest piece of a field name or value a recovery message quotes. */
const MAX_QUOTED = 60;

/** What reading a settings object found: the usable settings and every field that fell back. */
export interface SettingsReading {
  readonly settings: Settings;
  readonly appId: string | null;
  /** One line per problem, e.g. `baseUrl: must be an https:// address`; empty when the file was clean. */
  readonly problems: string[];
}

/**
 * Reads settings field by field (nested groups too): a field that does not parse (wrong type,
 * invalid URL, a refinement that throws) takes its default and is named in `problems`, as is
 * every unknown key. Never throws, whatever `raw` holds.
 */
export function readSettings(raw: unknown): SettingsReading {
  const problems: string[] = [];
  const record = isPlainRecord(raw) ? raw : {};
  if (!isPlainRecord(raw)) problems.push('the file does not hold an object');
  const settings = readObject(SettingsSchema, record, [], problems) as Settings;
  let appId: string | null = null;
  if (record['appId'] !== undefined) {
    const parsed = z.string().trim().min(1).max(200).nullable().safeParse(record['appId']);
    if (parsed.success) appId = parsed.data;
    else problems.push('appId: not a valid App ID');
  }
  for (const key of Object.keys(record)) {
    if (key === 'appId' || key === CONF_INTERNAL_KEY || key in SettingsSchema.shape) continue;
    problems.push(`${quote(key)}: unknown setting`);
  }
  return { settings, appId, problems };
}

function readObject(
  schema: z.ZodObject,
  record: Record<string, unknown>,
  path: string[],
  problems: string[],
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const fieldPath = [...path, key];
    const fallback = field.parse(undefined); // every settings field has a .catch() default
    const inner = field instanceof z.ZodCatch ? (field.unwrap() as z.ZodType) : field;
    const value = Object.hasOwn(record, key) ? record[key] : undefined;
    if (value === undefined) {
      result[key] = fallback;
    } else if (inner instanceof z.ZodObject) {
      if (isPlainRecord(value)) {
        result[key] = readObject(inner, value, fieldPath, problems);
        for (const extra of Object.keys(value).filter((name) => !(name in inner.shape))) {
          problems.push(`${[...fieldPath, quote(extra)].join('.')}: unknown setting`);
        }
      } else {
        problems.push(`${fieldPath.join('.')}: not a group of settings`);
        result[key] = fallback;
      }
    } else {
      const parsed = safeParse(inner, value);
      if (parsed.ok) result[key] = parsed.value;
      else {
        problems.push(`${fieldPath.join('.')}: ${parsed.reason}`);
        result[key] = fallback;
      }
    }
  }
  return result;
}

function safeParse(schema: z.ZodType, value: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    const parsed = schema.safeParse(value);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, reason: quote(parsed.error.issues[0]?.message ?? 'invalid') };
  } catch {
    return { ok: false, reason: 'unreadable value' };
  }
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(text: string): string {
  return quoteInput(text, MAX_QUOTED);
}

/**
 * The app is the only writer of its settings file, so the parsed values are read once and kept:
 * conf re-reads and re-parses the file on every access, which placing a call must not wait for.
 */
export function createSettingsStore(
  backend: SettingsBackend,
  recoveredFrom: SettingsRecovery | null = null,
): SettingsStore {
  const listeners = new Set<(settings: Settings, previous: Settings) => void>();
  const reading = readSettings(backend.store);
  let current = reading.settings;
  let appId = reading.appId;
  /** Every write goes through here: a full or read-only disk is a clear storage error, retried next time. */
  const write = (next: Record<string, unknown>, action: string): void => {
    try {
      backend.store = next;
    } catch (error) {
      throw toFileStorageError(error, action);
    }
  };

  return {
    recoveredFrom,
    get: () => current,
    update(patch) {
      // Validated here too: the schema's fallbacks must not silently turn a bad value into a default.
      const parsed = SettingsPatchSchema.safeParse(patch);
      if (!parsed.success) throw new AppError('invalid_input', `Invalid settings: ${z.prettifyError(parsed.error)}`);
      const previous = current;
      const next = applySettingsPatch(previous, parsed.data);
      write({ ...storedObject(backend), ...next }, 'Saving the settings');
      current = next;
      for (const listener of listeners) listener(next, previous);
      return next;
    },
    getAppId: () => appId,
    setAppId(nextAppId) {
      const rest = { ...storedObject(backend) };
      delete rest['appId'];
      write(nextAppId === null ? rest : { ...rest, appId: nextAppId }, 'Saving the App ID');
      appId = nextAppId;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** What the backend holds now, or an empty object if it cannot be read (it is about to be rewritten). */
function storedObject(backend: SettingsBackend): Record<string, unknown> {
  try {
    const stored = backend.store;
    return isPlainRecord(stored) ? stored : {};
  } catch {
    return {};
  }
}

/** A conf-backed store writing `<dir>/settings.json`; `dir` must be absolute. */
export function createConfSettingsBackend(dir: string): SettingsBackend {
  if (!path.isAbsolute(dir)) throw new Error(`settings directory must be absolute: ${dir}`);
  return new Conf<Record<string, unknown>>({ cwd: dir, configName: SETTINGS_FILE_NAME });
}

/**
 * Opens the settings in `dir` with `createBackend`, which must keep them in
 * `<dir>/settings.json` (conf and electron-store both read it when created). No content of that
 * file keeps the app from starting (issue 10):
 * - not JSON (a crash mid-write, a bad hand edit): moved aside to `settings.json.corrupt-<timestamp>`,
 *   never deleted or overwritten (conf's `clearInvalidConfig` would delete it), and the app starts
 *   from the defaults;
 * - JSON with fields that do not parse or unknown keys: copied aside to
 *   `settings.json.invalid-<timestamp>`, each such field takes its default, the rest is kept.
 * Either way `recoveredFrom` says what happened and where the original went (shown in AppInfo's
 * notices). Errors other than the file's content (no permission to read) are thrown.
 */
export function openSettingsStore(
  dir: string,
  createBackend: (dir: string) => SettingsBackend = createConfSettingsBackend,
  logger?: Pick<Console, 'warn'>,
): SettingsStore {
  return finishNow(openingSettingsStore(dir, createBackend, logger));
}

/**
 * openSettingsStore in two slices (start-steps.ts), for the core's start: creating the backend
 * and reading the file (a few ms), then checking every field against the schema (a few ms more).
 */
export function* openingSettingsStore(
  dir: string,
  createBackend: (dir: string) => SettingsBackend = createConfSettingsBackend,
  logger?: Pick<Console, 'warn'>,
): Sliced<SettingsStore> {
  const file = path.join(dir, `${SETTINGS_FILE_NAME}.json`);
  let backend: SettingsBackend;
  let raw: unknown;
  try {
    // Creating the backend or reading its store throws for a file that is not JSON.
    backend = createBackend(dir);
    raw = backend.store;
  } catch (error) {
    // By name, as conf itself checks: electron-store may run in another realm than this module.
    if (!(error instanceof Error) || error.name !== 'SyntaxError' || !existsSync(file)) throw error;
    const movedTo = moveAside(file, 'corrupt', renameSync);
    const message =
      `The settings could not be read (${quote(error.message)}); the file was moved to ${movedTo} ` +
      'and the app started with the default settings. Enter your Hoiio credentials again if you had saved them.';
    logger?.warn(`[settings] ${message}`);
    return createSettingsStore(createBackend(dir), { movedTo, message, key: 'settingsUnreadable' });
  }
  yield;
  // The file as written, not as the backend shows it: conf turns `null`, `42` or `[…]` into `{}`.
  const { problems } = readSettings(existsSync(file) ? fileContent(file, raw) : raw);
  if (problems.length === 0) return createSettingsStore(backend);
  const keptAs = keepCopy(file);
  const listed = problems.slice(0, 5).join('; ') + (problems.length > 5 ? ` (and ${problems.length - 5} more)` : '');
  const message =
    `Some settings could not be read and were reset to their defaults (${listed}). ` +
    (keptAs ? `The original file was kept as ${keptAs}.` : 'The original file could not be copied aside.');
  logger?.warn(`[settings] ${message}`);
  const store = createSettingsStore(backend, { movedTo: keptAs ?? file, message, key: 'settingsReset' });
  rewriteClean(backend, store, logger);
  return store;
}

/** The parsed JSON of `file`; `fallback` if it changed under us and no longer parses. */
function fileContent(file: string, fallback: unknown): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return fallback;
  }
}

/** Copies the settings file to `settings.json.invalid-<timestamp>`; null if there is none or the disk refuses. */
function keepCopy(file: string): string | null {
  if (!existsSync(file)) return null;
  try {
    return moveAside(file, 'invalid', (from, to) => copyFileSync(from, to, fsConstants.COPYFILE_EXCL));
  } catch (error) {
    if (isFileStorageFault(error)) return null;
    throw error;
  }
}

/** Writes the usable settings back so the bad fields are not read again; a storage fault only logs. */
function rewriteClean(backend: SettingsBackend, store: SettingsStore, logger?: Pick<Console, 'warn'>): void {
  const appId = store.getAppId();
  try {
    backend.store = { ...store.get(), ...(appId === null ? {} : { appId }) };
  } catch (error) {
    if (!isFileStorageFault(error)) throw error;
    logger?.warn(`[settings] ${toFileStorageError(error, 'Rewriting the settings file').message}`);
  }
}

/** Moves or copies `file` to `<file>.<kind>-<timestamp>`, with a counter if that name is taken. */
function moveAside(file: string, kind: string, transfer: (from: string, to: string) => void): string {
  const stamp = new Date().toISOString().replaceAll(':', '-').replace('.', '-');
  let target = `${file}.${kind}-${stamp}`;
  for (let n = 1; existsSync(target); n += 1) target = `${file}.${kind}-${stamp}-${n}`;
  transfer(file, target);
  return target;
}
