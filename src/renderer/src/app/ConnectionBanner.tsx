/**
 * Says, above everything, when the page has lost the app's core (the browser host stopped or died):
 * that it is retrying (reconnect-policy.ts), or that it stopped trying, or that the host restarted
 * with a new address or token, and what to do then. Nothing shows while connected.
 */
import { FormattedMessage } from 'react-intl';
import { useHostConnection } from './host-connection.ts';
import styles from './App.module.css';

export function ConnectionBanner() {
  const connection = useHostConnection();
  if (connection.status === 'connected') return null;
  return (
    <div
      className={`${styles.banner} ${styles.notice}`}
      role="alert"
      data-testid="connection-banner"
      data-status={connection.status}
    >
      <FormattedMessage id={`hostConnection.banner.${connection.status}`} />
    </div>
  );
}
