/**
 * Settings persistence behind a small interface. The file holds the user's settings and the
 * Hoiio App ID; never the access token (that lives only in the OS keychain, see secrets/).
 * The backend is anything with conf's `store` property: `conf` itself (browser host, tests)
 * or electron-store (the Electron shell passes it in; the core never imports electron).
 */
import Conf from 'conf';
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
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
  readonly message: string;
}

const AppIdSchema = z.string().trim().min(1).max(200).nullable().catch(null);

/**
 * The app is the only writer of its settings file, so the parsed values are read once and kept:
 * conf re-reads and re-parses the file on every access, which placing a call must not wait for.
 */
export function createSettingsStore(
  backend: SettingsBackend,
  recoveredFrom: SettingsRecovery | null = null,
): SettingsStore {
  const listeners = new Set<(settings: Settings, previous: Settings) => void>();
  let current = SettingsSchema.parse(backend.store);
  let appId = AppIdSchema.parse(backend.store['appId']);

  return {
    recoveredFrom,
    get: () => current,
    update(patch) {
      // Validated here too: the schema's fallbacks must not silently turn a bad value into a default.
      const parsed = SettingsPatchSchema.safeParse(patch);
      if (!parsed.success) throw new AppError('invalid_input', `Invalid settings: ${z.prettifyError(parsed.error)}`);
      const previous = current;
      const next = applySettingsPatch(previous, parsed.data);
      backend.store = { ...backend.store, ...next };
      current = next;
      for (const listener of listeners) listener(next, previous);
      return next;
    },
    getAppId: () => appId,
    setAppId(nextAppId) {
      const rest = { ...backend.store };
      delete rest['appId'];
      backend.store = nextAppId === null ? rest : { ...rest, appId: nextAppId };
      appId = nextAppId;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A conf-backed store writing `<dir>/settings.json`; `dir` must be absolute. */
export function createConfSettingsBackend(dir: string): SettingsBackend {
  if (!path.isAbsolute(dir)) throw new Error(`settings directory must be absolute: ${dir}`);
  return new Conf<Record<string, unknown>>({ cwd: dir, configName: SETTINGS_FILE_NAME });
}

/**
 * Opens the settings in `dir` with `createBackend`, which must keep them in
 * `<dir>/settings.json` (conf and electron-store both read it when created). A file that is not
 * JSON (a crash mid-write, a bad hand edit) must not keep the app from starting: it is moved
 * aside to `settings.json.corrupt-<timestamp>`, never deleted or overwritten, the app starts
 * from the defaults, and `recoveredFrom` says where the old file went and why. (conf's
 * `clearInvalidConfig` would delete it instead.) Any other error (e.g. no permission) is thrown.
 */
export function openSettingsStore(
  dir: string,
  createBackend: (dir: string) => SettingsBackend = createConfSettingsBackend,
  logger?: Pick<Console, 'warn'>,
): SettingsStore {
  try {
    // Creating the backend or reading its store (createSettingsStore does) throws for a bad file.
    return createSettingsStore(createBackend(dir));
  } catch (error) {
    const file = path.join(dir, `${SETTINGS_FILE_NAME}.json`);
    // By name, as conf itself checks: electron-store may run in another realm than this module.
    if (!(error instanceof Error) || error.name !== 'SyntaxError' || !existsSync(file)) throw error;
    const movedTo = moveAside(file);
    const message =
      `The settings could not be read (${error.message}); the file was moved to ${movedTo} ` +
      'and the app started with the default settings. Enter your Hoiio credentials again if you had saved them.';
    logger?.warn(`[settings] ${message}`);
    return createSettingsStore(createBackend(dir), { movedTo, message });
  }
}

/** Renames `file` to `<file>.corrupt-<timestamp>`, with a counter if that name is taken. */
function moveAside(file: string): string {
  const stamp = new Date().toISOString().replaceAll(':', '-').replace('.', '-');
  let target = `${file}.corrupt-${stamp}`;
  for (let n = 1; existsSync(target); n += 1) target = `${file}.corrupt-${stamp}-${n}`;
  renameSync(file, target);
  return target;
}
