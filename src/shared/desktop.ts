/**
 * What the desktop shell knows and the renderer shows (issue 14): the updater's state ("Restart
 * to update"), whether the app really is the OS's tel:/callto: handler, and whether the global
 * shortcut could be registered. The shell reports these to the core, which pushes them to every
 * window as `desktopStateChanged` (validated by this schema like every push event); the browser
 * host reports what it can tell ("not available in the browser host").
 */
import { z } from 'zod';

/** A release version as the update feed names it (SemVer, at most 64 characters). */
const VersionSchema = z
  .string()
  .max(64)
  .regex(/^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/);

/** The updater's state (src/main/updater-policy.ts UpdaterState), plus 'unavailable' where there is no updater. */
export const UpdateStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unavailable') }),
  z.object({ kind: z.literal('idle') }),
  z.object({ kind: z.literal('checking') }),
  z.object({ kind: z.literal('downloading'), version: VersionSchema, percent: z.number().min(0).max(100) }),
  /** Downloaded: "Restart to update" installs it. */
  z.object({ kind: z.literal('ready'), version: VersionSchema }),
  z.object({ kind: z.literal('failed'), message: z.string().max(500) }),
]);
export type UpdateState = z.infer<typeof UpdateStateSchema>;

export const CallLinkSchemeSchema = z.enum(['tel', 'callto']);

/**
 * The OS's real answer about tel:/callto: links (Electron `app.isDefaultProtocolClient`), worded
 * by the renderer as `settings.linkHandler.<state>`:
 * - `default`: the app opens both kinds of link;
 * - `choose-in-system`: Windows 10/11 lists the app but the user must pick it in Settings → Default apps;
 * - `other-app`: the setting is on but another app (or none) still opens `schemes`;
 * - `still-default`: the setting is off but the OS still sends `schemes` to this app;
 * - `off`: the setting is off and another app (or none) opens them;
 * - `unavailable`: this shell cannot tell or change it (the browser host: the browser decides).
 */
export const LinkHandlerStateSchema = z.object({
  state: z.enum(['default', 'choose-in-system', 'other-app', 'still-default', 'off', 'unavailable']),
  schemes: z.array(CallLinkSchemeSchema).max(2),
});
export type LinkHandlerState = z.infer<typeof LinkHandlerStateSchema>;

/**
 * The global shortcut as the OS took it: `registered`, `conflict` (another app holds
 * `accelerator`: shown as the field's error), `off`, or `unavailable` (the browser host).
 */
export const ShortcutStateSchema = z.object({
  state: z.enum(['registered', 'conflict', 'off', 'unavailable']),
  accelerator: z.string().max(60),
});
export type ShortcutState = z.infer<typeof ShortcutStateSchema>;

export const DesktopStateSchema = z.object({
  update: UpdateStateSchema,
  linkHandler: LinkHandlerStateSchema,
  shortcut: ShortcutStateSchema,
});
export type DesktopState = z.infer<typeof DesktopStateSchema>;

/** What a shell that cannot tell anything reports (the browser host). */
export const BROWSER_HOST_DESKTOP_STATE: DesktopState = {
  update: { kind: 'unavailable' },
  linkHandler: { state: 'unavailable', schemes: [] },
  shortcut: { state: 'unavailable', accelerator: '' },
};
