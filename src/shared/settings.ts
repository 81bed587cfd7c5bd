/**
 * The user's settings: what the renderer may read and change (`settings:get`/`settings:update`).
 * Every field has a default, and a value that no longer parses (an old or hand-edited file)
 * falls back to its default instead of breaking start-up.
 */
import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { E164Schema, isWellFormedE164 } from './phone.ts';

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
/** A caller ID to show: a number on the account (E.164) or `private` (§2.1). */
const CallerIdSchema = z
  .string()
  .refine((value) => value === 'private' || isWellFormedE164(value), 'settings.callerId');
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

export const SettingsSchema = z.object({
  /** Your own phone (dest1); null = the account's registered number. */
  defaultDest1: E164Schema.nullable().catch(null),
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
});
export type Settings = z.output<typeof SettingsSchema>;

/** A change to some settings; nested groups may be changed field by field. */
export const SettingsPatchSchema = z.strictObject({
  defaultDest1: E164Schema.nullable().optional(),
  defaultCallerId: CallerIdSchema.nullable().optional(),
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
    .strictObject({ enabled: z.boolean(), serverUrl: HttpUrlSchema, subdomain: SubdomainSchema.nullable() })
    .partial()
    .optional(),
  baseUrl: BaseUrlSchema.optional(),
  telLinks: z.boolean().optional(),
  theme: ThemeSchema.optional(),
  language: LanguageSchema.optional(),
});
export type SettingsPatch = z.output<typeof SettingsPatchSchema>;

/** Settings with every default applied. */
export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}

/** Applies a patch; nested groups merge field by field. */
export function applySettingsPatch(settings: Settings, patch: SettingsPatch): Settings {
  return SettingsSchema.parse({
    ...settings,
    ...withoutUndefined(patch),
    notifications: { ...settings.notifications, ...withoutUndefined(patch.notifications ?? {}) },
    tunnel: { ...settings.tunnel, ...withoutUndefined(patch.tunnel ?? {}) },
  });
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
