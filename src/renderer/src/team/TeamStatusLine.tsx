/**
 * The team sync state, always in view while a team is configured (issue 15): "Team: synced",
 * "Team: syncing 3", "Team: offline since 10:42". Read through the cache entry `team.getStatus`,
 * which the `teamStatus` push event replaces (followPushEvents).
 */
import { useIntl } from 'react-intl';
import { teamStatusMessage, type TeamStatus } from '../../../shared/team.ts';
import { useHoiioQuery } from '../data/query.ts';
import styles from './TeamStatusLine.module.css';

/** The sync state worded in the current locale; null without a team. */
export function useTeamStatusWords(status: TeamStatus | undefined): string | null {
  const intl = useIntl();
  const message = status ? teamStatusMessage(status) : null;
  if (!message) return null;
  const since = message.values?.since;
  return intl.formatMessage(
    { id: message.id },
    {
      count: message.values?.count ?? 0,
      since: since ? intl.formatTime(since, { hour: '2-digit', minute: '2-digit' }) : '',
    },
  );
}

export function TeamStatusLine() {
  const status = useHoiioQuery('team', 'getStatus').data;
  const words = useTeamStatusWords(status);
  if (!words) return null;
  return (
    <p className={styles.line} role="status" data-testid="team-status" title={status?.message ?? undefined}>
      {words}
    </p>
  );
}
