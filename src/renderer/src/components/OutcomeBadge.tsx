/**
 * How a call went, as a badge: an icon, a word and a colour per outcome, so the outcome never rests on
 * colour alone (WCAG 1.4.1). Used on the live call cards and the call log. Words: catalogue
 * `call.outcome.<outcome>`; colours: the `--color-outcome-*` tokens (light and dark, each ≥ 4.5:1 on
 * its tint).
 */
import type { ReactElement } from 'react';
import { useIntl } from 'react-intl';
import type { CallOutcome, CallRecord } from '../../../shared/calls.ts';
import styles from './OutcomeBadge.module.css';

/** A call's outcome, or `in_progress` while it is live, `checking` while the app asks Hoiio how it ended. */
export type BadgeOutcome = CallOutcome | 'in_progress' | 'checking';

/** The badge's outcome for a call: its stored outcome once final, else whether it is live or being checked. */
export function badgeOutcome(call: Pick<CallRecord, 'outcome' | 'state'>): BadgeOutcome {
  if (call.outcome) return call.outcome;
  return call.state === 'unknown' ? 'checking' : 'in_progress';
}

/** Colour family per outcome: connected green, busy amber, no answer and cancelled grey, failures red, live blue. */
const TONE: Record<BadgeOutcome, 'connected' | 'busy' | 'noAnswer' | 'failed' | 'live'> = {
  connected: 'connected',
  busy: 'busy',
  no_answer: 'noAnswer',
  cancelled: 'noAnswer',
  failed: 'failed',
  error: 'failed',
  unknown: 'noAnswer',
  in_progress: 'live',
  checking: 'live',
};

export function OutcomeBadge({ outcome }: { outcome: BadgeOutcome }) {
  const intl = useIntl();
  return (
    <span className={`${styles.badge} ${styles[TONE[outcome]]}`} data-testid="outcome-badge" data-outcome={outcome}>
      <OutcomeIcon outcome={outcome} />
      {intl.formatMessage({ id: `call.outcome.${outcome}` })}
    </span>
  );
}

/** 16 px line icons (currentColor), hidden from assistive technology: the word says it. */
function OutcomeIcon({ outcome }: { outcome: BadgeOutcome }): ReactElement {
  return (
    <svg
      className={styles.icon}
      viewBox="0 0 16 16"
      width="14"
      height="14"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {ICON_PATHS[outcome]}
    </svg>
  );
}

const ICON_PATHS: Record<BadgeOutcome, ReactElement> = {
  // A tick.
  connected: <path d="M3 8.5l3 3 7-7" />,
  // A circle with a bar: the line was engaged.
  busy: (
    <>
      <circle cx="8" cy="8" r="6" />
      <path d="M5 8h6" />
    </>
  ),
  // A curved arrow that turns back: nobody picked up.
  no_answer: <path d="M3 4l5 5 5-5M13 4v3.5M13 4H9.5" />,
  // A handset put down: you ended it before the answer.
  cancelled: <path d="M2.5 10c3-3 8-3 11 0l-1.5 2-2.5-1v-1.5c-1-.4-2-.4-3 0V11l-2.5 1z" />,
  // A cross.
  failed: <path d="M4 4l8 8M12 4l-8 8" />,
  // A circle struck through: never placed.
  error: (
    <>
      <circle cx="8" cy="8" r="6" />
      <path d="M3.8 12.2l8.4-8.4" />
    </>
  ),
  // A question mark.
  unknown: (
    <>
      <path d="M6 6a2 2 0 1 1 3 1.7c-.7.4-1 .9-1 1.6V10" />
      <path d="M8 12.5v.01" />
    </>
  ),
  // A filled dot: live now.
  in_progress: <circle cx="8" cy="8" r="3.5" fill="currentColor" />,
  // A clock: waiting for Hoiio's answer.
  checking: (
    <>
      <circle cx="8" cy="8" r="6" />
      <path d="M8 5v3l2 1.5" />
    </>
  ),
};
