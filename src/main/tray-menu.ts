/**
 * The tray menu as data (pure): Open, call the number on the clipboard (disabled with the reason
 * when there is none), the five most recent calls (click = offer the number again in the
 * confirmation banner: never a call without the user's click), the Sandbox/Live indicator,
 * "Restart to update" when an update is downloaded, and Quit. The shell turns the model into
 * `Menu.buildFromTemplate` items and maps each `action` to a one-line handler.
 */
import type { IntlShape } from '@formatjs/intl';
import type { CallRecord } from '../shared/calls.ts';
import { formatPhoneNumber } from '../shared/phone.ts';
import type { ClipboardNumber } from './clipboard-number.ts';

export const RECENT_CALLS_IN_TRAY = 5;

export type TrayAction =
  | { kind: 'open' }
  | { kind: 'offer-number'; /** E.164. */ number: string }
  | { kind: 'restart-to-update' }
  | { kind: 'quit' };

export type TrayMenuEntry =
  { type: 'separator' } | { type: 'item'; id: string; label: string; enabled: boolean; action?: TrayAction };

export interface TrayMenuInput {
  readonly clipboard: ClipboardNumber;
  /** Newest first; only the first five are shown. */
  readonly recentCalls: readonly Pick<CallRecord, 'id' | 'dest2'>[];
  /** Display names by E.164 number, where a contact has one. */
  readonly names?: ReadonlyMap<string, string>;
  readonly mode: 'sandbox' | 'live';
  /** The downloaded update's version, or null. */
  readonly updateReady: string | null;
}

/** Builds the tray menu model from the current state. */
export function trayMenuModel(input: TrayMenuInput, intl: IntlShape): TrayMenuEntry[] {
  const t = (id: string, values?: Record<string, string>) => intl.formatMessage({ id }, values);
  const clipboardEntry: TrayMenuEntry = input.clipboard.ok
    ? {
        type: 'item',
        id: 'call-clipboard',
        label: t('desktop.tray.callClipboard', { number: formatPhoneNumber(input.clipboard.number) }),
        enabled: true,
        action: { kind: 'offer-number', number: input.clipboard.number },
      }
    : {
        type: 'item',
        id: 'call-clipboard',
        label: t('desktop.tray.callClipboardUnavailable', { reason: t(input.clipboard.reasonId) }),
        enabled: false,
      };
  const recent = uniqueByNumber(input.recentCalls).slice(0, RECENT_CALLS_IN_TRAY);
  const recentEntries: TrayMenuEntry[] =
    recent.length === 0
      ? [{ type: 'item', id: 'recent-none', label: t('desktop.tray.noRecentCalls'), enabled: false }]
      : recent.map((call) => ({
          type: 'item',
          id: `recent-${call.id}`,
          label: t('desktop.tray.recentCall', { name: input.names?.get(call.dest2) ?? formatPhoneNumber(call.dest2) }),
          enabled: true,
          action: { kind: 'offer-number', number: call.dest2 },
        }));
  return [
    { type: 'item', id: 'open', label: t('desktop.tray.open'), enabled: true, action: { kind: 'open' } },
    clipboardEntry,
    { type: 'separator' },
    { type: 'item', id: 'recent-heading', label: t('desktop.tray.recentHeading'), enabled: false },
    ...recentEntries,
    { type: 'separator' },
    {
      type: 'item',
      id: 'mode',
      label: t(input.mode === 'live' ? 'desktop.tray.modeLive' : 'desktop.tray.modeSandbox'),
      enabled: false,
    },
    ...(input.updateReady
      ? [
          {
            type: 'item',
            id: 'restart-to-update',
            label: t('desktop.tray.restartToUpdate', { version: input.updateReady }),
            enabled: true,
            action: { kind: 'restart-to-update' },
          } satisfies TrayMenuEntry,
        ]
      : []),
    { type: 'separator' },
    { type: 'item', id: 'quit', label: t('desktop.tray.quit'), enabled: true, action: { kind: 'quit' } },
  ];
}

/** The same person called three times is one "call again" entry. */
function uniqueByNumber<T extends Pick<CallRecord, 'dest2'>>(calls: readonly T[]): T[] {
  const seen = new Set<string>();
  return calls.filter((call) => !seen.has(call.dest2) && seen.add(call.dest2));
}
