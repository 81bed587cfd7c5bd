/**
 * The user's settings: what the renderer may read and change (`settings:get`/`settings:update`).
 * Every field has a default, and a value that no longer parses (an old or hand-edited file)
 * falls back to its default instead of breaking start-up.
 */
import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { interpretDestination } from './destination.ts';
import { englishErrorMessage } from './error-messages.ts';
import { AppError } from './errors.ts';
import { destinationProblemError } from './phone-errors.ts';
import type { CountryCode } from './phone.ts';

export const DEFAULT_BASE_URL = 'https://secure.hoiio.com/open';
export const DEFAULT_TUNNEL_SERVER = 'https://localtunnel.me';

const HttpUrlSchema = z.url({ protocol: /^https?$/ });
/** Hosts that never leave this machine: plain http to them exposes nothing on the network. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/**
 * The Hoiio API address. Every request carries the access token, so it must be https; plain
 * http only to a loopback host (a local Hoiio-compatible gateway, the sandbox, tests).
 */
export const BaseUrlSchema = HttpUrlSchema.refine((url) => {
  // Zod runs refinements after a failed format check too: an unparseable value must not throw here.
  if (!URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || LOOPBACK_HOSTS.has(hostname.toLowerCase());
}, 'settings.baseUrl');
/**
 * A number kept in the settings file, read by the app's one number rule (`interpretDestination`)
 * as written with its +country code (the file keeps E.164; a hand-edited "+65 8123 4567" is read,
 * not dropped). Output: E.164.
 */
const StoredNumberSchema = z.string().transform((value, context) => {
  const destination = interpretDestination(value, undefined);
  if (destination.ok) return destination.e164;
  context.addIssue({ code: 'custom', message: 'phone.notE164' });
  return z.NEVER;
});
/** A caller ID to show: a number on the account (E.164) or `private` (§2.1; `p` means the same). */
const CallerIdSchema = z.union([z.enum(['private', 'p']).transform(() => 'private' as const), StoredNumberSchema]);
/** A number as the user typed it in Settings ("+65 8123 4567", "8123 4567"): read by `readSettingsNumbers`. */
const NumberTextSchema = z.string().max(64, 'phone.notANumber');
const CountrySchema = z.string().refine(isSupportedCountry, 'field.country');
/** The localtunnel server's subdomain rule (stack-notes.md). */
const SubdomainSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{4,63}[a-z0-9]$|^[a-z0-9]{4,63}$/, 'settings.subdomain');

export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.output<typeof ThemeSchema>;
/** `system` or a locale the app has a catalogue for (src/shared/i18n/locales/<locale>). */
export const LanguageSchema = z.enum(['system', 'en', 'zh-CN']);
export type Language = z.output<typeof LanguageSchema>;

export const NotificationPreferencesSchema = z.object({
  /** Show a desktop notification when a call ends. */
  callEnded: z.boolean().catch(true),
  /** Show a desktop notification when a call could not be placed or failed. */
  callFailed: z.boolean().catch(true),
});

export const TunnelPreferencesSchema = z.object({
  /** Receive live call updates through a public tunnel (live mode); off = polling only. */
  enabled: z.boolean().catch(true),
  /** The localtunnel server to use. */
  serverUrl: HttpUrlSchema.catch(DEFAULT_TUNNEL_SERVER),
  /** Preferred subdomain; the server may not honour it. */
  subdomain: SubdomainSchema.nullable().catch(null),
});

const ACCELERATOR_MODIFIERS = new Set([
  'commandorcontrol',
  'cmdorctrl',
  'command',
  'cmd',
  'control',
  'ctrl',
  'alt',
  'option',
  'altgr',
  'shift',
  'super',
  'meta',
]);
const ACCELERATOR_KEY =
  /^(?:[A-Za-z0-9]|F(?:[1-9]|1\d|2[0-4])|Space|Tab|Backspace|Delete|Insert|Home|End|PageUp|PageDown|Up|Down|Left|Right|Plus|[-=[\];',./`\\])$/;

/**
 * True for an Electron accelerator usable as a global shortcut: one or more modifiers, then one
 * key, joined by `+` (e.g. `CommandOrControl+Shift+D`). A bare key would steal typing system-wide.
 */
export function isGlobalAccelerator(text: string): boolean {
  if (typeof text !== 'string' || text.length > 60) return false;
  const parts = text.split('+');
  const key = parts.pop() ?? '';
  const modifiers = parts.map((part) => part.toLowerCase());
  return (
    modifiers.length > 0 &&
    modifiers.every((modifier) => ACCELERATOR_MODIFIERS.has(modifier)) &&
    new Set(modifiers).size === modifiers.length &&
    ACCELERATOR_KEY.test(key)
  );
}
const AcceleratorSchema = z
  .string()
  .refine(isGlobalAccelerator, 'must be modifiers and one key, e.g. CommandOrControl+Shift+D');
export const DEFAULT_GLOBAL_SHORTCUT = 'CommandOrControl+Shift+D';

const WindowCoordinateSchema = z.number().int().min(-100_000).max(100_000);
/** The main window's last normal bounds (DIP), maximised state and Electron display id. */
export const WindowStateSchema = z.object({
  bounds: z.object({
    x: WindowCoordinateSchema,
    y: WindowCoordinateSchema,
    width: z.number().int().min(1).max(100_000),
    height: z.number().int().min(1).max(100_000),
  }),
  maximized: z.boolean(),
  displayId: z.number().int().nullable(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

/** Desktop-shell behaviour (the Electron shell acts on these; the browser host ignores them). */
export const DesktopPreferencesSchema = z.object({
  /** Closing the window keeps the app in the tray; null = the platform's convention (on for Windows/macOS, off for Linux). */
  closeToTray: z.boolean().nullable().catch(null),
  /** Start with the window hidden (in the tray), e.g. when started at login. */
  startMinimized: z.boolean().catch(false),
  /** Start when the user logs in (macOS/Windows login items, a Linux XDG autostart entry). */
  startAtLogin: z.boolean().catch(false),
  /** A system-wide shortcut that offers the selected or copied number in the banner (never calls). */
  globalShortcut: z
    .object({ enabled: z.boolean().catch(false), accelerator: AcceleratorSchema.catch(DEFAULT_GLOBAL_SHORTCUT) })
    .catch({ enabled: false, accelerator: DEFAULT_GLOBAL_SHORTCUT }),
  /** Written by the shell; null until the window first closes. */
  windowState: WindowStateSchema.nullable().catch(null),
});
export type DesktopPreferences = z.output<typeof DesktopPreferencesSchema>;
const DEFAULT_DESKTOP_PREFERENCES: DesktopPreferences = {
  closeToTray: null,
  startMinimized: false,
  startAtLogin: false,
  globalShortcut: { enabled: false, accelerator: DEFAULT_GLOBAL_SHORTCUT },
  windowState: null,
};

/** How long calls are kept: ended calls older than `retentionDays` are deleted daily; null keeps them all. */
export const RetentionDaysSchema = z.number().int().min(1).max(36_500).nullable();
export const HistoryPreferencesSchema = z.object({ retentionDays: RetentionDaysSchema.catch(null) });
/** The Insights view's choices that outlast the view and a restart. */
export const InsightsPreferencesSchema = z.object({
  /** Count simulated (sandbox) calls in the figures; off = live calls only. */
  includeSimulated: z.boolean().catch(false),
});

export const SettingsSchema = z.object({
  /** Your own phone (dest1), E.164; null = the account's registered number. */
  defaultDest1: StoredNumberSchema.nullable().catch(null),
  /** Caller ID shown to the person called: a number on the account or `private`; null = Hoiio's default. */
  defaultCallerId: CallerIdSchema.nullable().catch(null),
  /** Country assumed for numbers typed without +country code. */
  defaultCountry: CountrySchema.catch('SG'),
  /** Hoiio cuts a call after this many seconds of talk; null = no limit. */
  maxDurationSeconds: z
    .number()
    .int('settings.maxDuration')
    .min(1, 'settings.maxDuration')
    .max(86_400, 'settings.maxDuration')
    .nullable()
    .catch(null),
  notifications: NotificationPreferencesSchema.catch({ callEnded: true, callFailed: true }),
  tunnel: TunnelPreferencesSchema.catch({ enabled: true, serverUrl: DEFAULT_TUNNEL_SERVER, subdomain: null }),
  /** The Hoiio API base URL (for Hoiio-compatible gateways). */
  baseUrl: BaseUrlSchema.catch(DEFAULT_BASE_URL),
  /** Register the app as the system's handler for tel: links (the Electron shell acts on it). */
  telLinks: z.boolean().catch(false),
  /** Colour scheme: follow the OS, or always light or dark. */
  theme: ThemeSchema.catch('system'),
  /** UI language: follow the OS (`system`), or one of the catalogue's locales (src/shared/i18n). */
  language: LanguageSchema.catch('system'),
  desktop: DesktopPreferencesSchema.catch(DEFAULT_DESKTOP_PREFERENCES),
  /** Keeping call history (Settings → History). */
  history: HistoryPreferencesSchema.catch({ retentionDays: null }),
  /** Insights → "Include simulated calls". */
  insights: InsightsPreferencesSchema.catch({ includeSimulated: false }),
});
export type Settings = z.output<typeof SettingsSchema>;

/**
 * A change to some settings; nested groups may be changed field by field. `defaultDest1` and
 * `defaultCallerId` are the text as typed ("+65 8123 4567", "8123 4567", "private"): they are
 * read by the one number rule in `applySettingsPatch`, in the (new) default country.
 */
export const SettingsPatchSchema = z
  .strictObject({
    defaultDest1: NumberTextSchema.nullable().optional(),
    defaultCallerId: NumberTextSchema.nullable().optional(),
    defaultCountry: CountrySchema.optional(),
    maxDurationSeconds: z
      .number()
      .int('settings.maxDuration')
      .min(1, 'settings.maxDuration')
      .max(86_400, 'settings.maxDuration')
      .nullable()
      .optional(),
    notifications: z.strictObject({ callEnded: z.boolean(), callFailed: z.boolean() }).partial().optional(),
    tunnel: z
      .strictObject({
        enabled: z.boolean(),
        // The localtunnel server (Settings → Calling → Tunnel server): an http(s) address with a host.
        serverUrl: z.url({ protocol: /^https?$/, hostname: z.regexes.hostname, error: 'settings.tunnelServer' }),
        subdomain: SubdomainSchema.nullable(),
      })
      .partial()
      .optional(),
    baseUrl: BaseUrlSchema.optional(),
    telLinks: z.boolean().optional(),
    theme: ThemeSchema.optional(),
    language: LanguageSchema.optional(),
    desktop: z
      .strictObject({
        closeToTray: z.boolean().nullable(),
        startMinimized: z.boolean(),
        startAtLogin: z.boolean(),
        globalShortcut: z.strictObject({ enabled: z.boolean(), accelerator: AcceleratorSchema }).partial(),
        windowState: WindowStateSchema.nullable(),
      })
      .partial()
      .optional(),
    history: z.strictObject({ retentionDays: RetentionDaysSchema }).partial().optional(),
    insights: z.strictObject({ includeSimulated: z.boolean() }).partial().optional(),
  })
  .superRefine(checkPatchNumbers);
export type SettingsPatch = z.output<typeof SettingsPatchSchema>;

/**
 * When the patch names its country (the Settings form always does), its numbers are read here
 * too, so a refused Your phone comes back with every other field error of the same save and the
 * form can focus the first invalid field. A country that is not a code is refused beside its own
 * field, and the numbers are still read without one: a number that is wrong whatever the country
 * ("call me", "+65 12") is refused in the same answer; national digits, which need the country,
 * wait for it. Without a country they are read by `applySettingsPatch` against the current one.
 */
function checkPatchNumbers(
  patch: { defaultCountry?: string | undefined; defaultDest1?: string | null; defaultCallerId?: string | null },
  context: z.core.$RefinementCtx,
): void {
  if (patch.defaultCountry === undefined) return;
  const country = isSupportedCountry(patch.defaultCountry) ? (patch.defaultCountry as CountryCode) : undefined;
  for (const field of ['defaultDest1', 'defaultCallerId'] as const) {
    try {
      readSettingsNumbers({ [field]: patch[field] }, country);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (country === undefined && error.details?.['reason'] === 'needsCountryCode') continue;
      for (const fieldError of error.fields ?? []) {
        context.addIssue({
          code: 'custom',
          path: [...fieldError.path],
          message: fieldError.key,
          params: fieldError.params,
        });
      }
    }
  }
}

/** Settings with every default applied. */
export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}

/**
 * Applies a patch; nested groups merge field by field. Your phone and the caller ID are read by
 * `interpretDestination` (the Dialer's rule) in the patch's default country, else the current
 * one; empty text clears them. Throws AppError `invalid_input` with a field error at
 * `defaultDest1` / `defaultCallerId` (catalogue `phone.*` or Hoiio's dest1 words) when one is
 * not a number Hoiio can call; nothing is changed then.
 */
export function applySettingsPatch(settings: Settings, patch: SettingsPatch): Settings {
  return SettingsSchema.parse({
    ...settings,
    ...withoutUndefined(readSettingsNumbers(patch, (patch.defaultCountry ?? settings.defaultCountry) as CountryCode)),
    notifications: { ...settings.notifications, ...withoutUndefined(patch.notifications ?? {}) },
    tunnel: { ...settings.tunnel, ...withoutUndefined(patch.tunnel ?? {}) },
    history: { ...settings.history, ...withoutUndefined(patch.history ?? {}) },
    insights: { ...settings.insights, ...withoutUndefined(patch.insights ?? {}) },
    desktop: {
      ...settings.desktop,
      ...withoutUndefined(patch.desktop ?? {}),
      globalShortcut: { ...settings.desktop.globalShortcut, ...withoutUndefined(patch.desktop?.globalShortcut ?? {}) },
    },
  });
}

/**
 * The patch with `defaultDest1` and `defaultCallerId` read as E.164 (or `private`, or null) in
 * `country` (undefined: only numbers written with their +code are read); throws as
 * applySettingsPatch says.
 */
export function readSettingsNumbers<P extends Pick<SettingsPatch, 'defaultDest1' | 'defaultCallerId'>>(
  patch: P,
  country: CountryCode | undefined,
): P {
  const read = (text: string | null | undefined, field: 'defaultDest1' | 'defaultCallerId') => {
    if (text === undefined || text === null || text.trim() === '') return text === undefined ? undefined : null;
    if (field === 'defaultCallerId' && /^(?:private|p)$/i.test(text.trim())) return 'private';
    const destination = interpretDestination(text, country);
    if (destination.ok) return destination.e164;
    if (field === 'defaultCallerId' && destination.problem === 'notANumber') throw callerIdError();
    throw destinationProblemError(destination, text, country, field, field === 'defaultDest1' ? 'dest1' : 'number');
  };
  return {
    ...patch,
    defaultDest1: read(patch.defaultDest1, 'defaultDest1'),
    defaultCallerId: read(patch.defaultCallerId, 'defaultCallerId'),
  };
}

/** Words, not digits, as a caller ID: say what a caller ID may be (a number or `private`). */
function callerIdError(): AppError {
  const key = 'settings.callerId';
  return new AppError(
    'invalid_input',
    englishErrorMessage(key),
    { field: 'defaultCallerId' },
    { key, fields: [{ path: ['defaultCallerId'], key }] },
  );
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
