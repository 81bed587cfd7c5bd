/**
 * The status bar, always at the bottom of the window (issue 12): whether calls are real ("Sandbox" /
 * "Live"), the account's balance with its currency (refreshed when a call ends, see followPushEvents),
 * whether Hoiio's end-of-call notifications reach the app ("Live updates: on / degraded / off", the
 * reason on hover and on focus), and "Offline" when the computer has no network.
 */
import { Button, Tooltip, TooltipTrigger } from 'react-aria-components';
import { FormattedMessage } from 'react-intl';
import { useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import { useOnline } from './connectivity.ts';
import { liveUpdates } from './live-updates.ts';
import { useHostConnection } from './host-connection.ts';
import styles from './StatusBar.module.css';

export function StatusBar({ onOpenSettings }: { onOpenSettings: () => void }) {
  const { t } = useFormat();
  const mode = useHoiioQuery('app', 'getInfo').data?.mode;
  const online = useOnline();
  return (
    <footer className={styles.bar} aria-label={t('statusBar.label')} data-testid="status-bar">
      {mode && (
        <span className={`${styles.mode} ${styles[mode]}`} data-testid="status-mode">
          <FormattedMessage id={mode === 'sandbox' ? 'statusBar.sandbox' : 'statusBar.live'} />
        </span>
      )}
      <Balance />
      <LiveUpdates onOpenSettings={onOpenSettings} />
      {!online && (
        <span className={styles.offline} data-testid="status-offline">
          <strong>
            <FormattedMessage id="statusBar.offline" />
          </strong>
          <FormattedMessage id="statusBar.offlineHint" />
        </span>
      )}
    </footer>
  );
}

/** The balance of the account calls go to now (account.verify: user/get_balance, hoiio-api.md §2.6). */
function Balance() {
  const { t, money, error } = useFormat();
  const balance = useHoiioQuery('account', 'verify');
  if (balance.data) {
    return (
      <span data-testid="status-balance">
        {t('statusBar.balance', { amount: money(balance.data.balance, balance.data.currency) })}
      </span>
    );
  }
  if (balance.error) {
    return (
      <span className="muted" data-testid="status-balance" title={error(balance.error)}>
        <FormattedMessage id="statusBar.balanceUnavailable" />
      </span>
    );
  }
  return (
    <span className="muted" data-testid="status-balance">
      <FormattedMessage id="statusBar.balanceLoading" />
    </span>
  );
}

/** "Live updates: …" as a button that opens Settings (where they are turned on or off); the reason as its tooltip. */
function LiveUpdates({ onOpenSettings }: { onOpenSettings: () => void }) {
  const { t } = useFormat();
  const tunnel = useHoiioQuery('tunnel', 'getState').data;
  const connection = useHostConnection();
  // With the core out of reach nothing is known about Hoiio's notifications: say so, not the last state.
  if (connection.status !== 'connected') {
    return (
      <span className={styles.offline} data-testid="status-connection" data-status={connection.status}>
        <strong>
          <FormattedMessage id="hostConnection.statusBar" />
        </strong>
        <FormattedMessage id={`hostConnection.statusBar.${connection.status}`} />
      </span>
    );
  }
  if (!tunnel) return null;
  const { level, reason, values } = liveUpdates(tunnel);
  return (
    <TooltipTrigger delay={300} closeDelay={100}>
      <Button
        className={`${styles.liveUpdates} ${styles[level]}`}
        onPress={onOpenSettings}
        data-testid="status-live-updates"
        data-level={level}
      >
        <span className={styles.dot} aria-hidden="true" />
        {t(`liveUpdates.${level}`)}
      </Button>
      <Tooltip className={styles.tooltip} placement="top" offset={6}>
        {t(reason, values)}
      </Tooltip>
    </TooltipTrigger>
  );
}
