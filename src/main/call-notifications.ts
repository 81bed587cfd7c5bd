/**
 * Native notifications for calls (pure): when one is due, and its words. The shell shows what
 * `callNotification` returns with `new Notification(...)` and opens the call on click.
 * Shown only when the window is not focused (the in-app toast covers the focused case), once
 * per call, on `ended` (setting notifications.callEnded) and `failed` (notifications.callFailed).
 */
import type { IntlShape } from '@formatjs/intl';
import { describeOutcome } from '../shared/call-outcome-words.ts';
import type { CallRecord } from '../shared/calls.ts';
import { formatPhoneNumber } from '../shared/phone.ts';
import type { Settings } from '../shared/settings.ts';

export interface CallNotification {
  /** The call to open in the log when the notification is clicked. */
  readonly callId: string;
  readonly title: string;
  readonly body: string;
}

/** Whether a `callUpdated` event warrants a notification (see the file comment). */
export function shouldNotifyCall(
  record: Pick<CallRecord, 'state'>,
  context: { windowFocused: boolean; alreadyNotified: boolean; preferences: Settings['notifications'] },
): boolean {
  if (context.windowFocused || context.alreadyNotified) return false;
  if (record.state === 'ended') return context.preferences.callEnded;
  if (record.state === 'failed') return context.preferences.callFailed;
  return false;
}

/**
 * The notification's title and body: who, and for an ended call the outcome in the user's
 * language from the shared `describeOutcome` words (`outcome.*` keys, outcomes.json: minutes
 * and cost when connected, else which leg decided it and why); for a failed call the reason.
 */
export function callNotification(record: CallRecord, intl: IntlShape, displayName?: string | null): CallNotification {
  const who = displayName || formatPhoneNumber(record.dest2);
  const title = intl.formatMessage(
    {
      id: record.state === 'failed' ? 'desktop.notification.failedTitle' : 'desktop.notification.endedTitle',
    },
    { number: who },
  );
  const parts: string[] = [];
  if (record.state === 'ended') {
    // The shared per-leg wording (issue 9): who was busy or did not answer; minutes and cost when connected.
    const { key, params } = describeOutcome(record);
    parts.push(intl.formatMessage({ id: `outcome.${key}` }, params));
  }
  if (record.state === 'failed' && record.errorMessage) parts.push(record.errorMessage);
  const body = [parts.join(' · '), intl.formatMessage({ id: 'desktop.notification.click' })].filter(Boolean).join('\n');
  return { callId: record.id, title, body };
}

/** Remembers which calls were notified, bounded (oldest forgotten first), so a late cost update does not notify twice. */
export class NotifiedCalls {
  readonly #ids = new Set<string>();
  readonly #limit: number;

  constructor(limit = 500) {
    this.#limit = limit;
  }

  has(callId: string): boolean {
    return this.#ids.has(callId);
  }

  add(callId: string): void {
    this.#ids.add(callId);
    if (this.#ids.size > this.#limit) this.#ids.delete(this.#ids.values().next().value!);
  }
}
