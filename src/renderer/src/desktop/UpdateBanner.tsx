/**
 * "Restart to update" (issue 14): once the desktop shell's updater has downloaded a newer
 * version, a banner offers to restart now or later. The state arrives with the
 * `desktopStateChanged` push event (kept in the `desktop.getState` cache entry by
 * followPushEvents); "Later" hides it until another version is ready. The browser host has no
 * updater, so the banner never shows there unless the shell reports a ready update.
 */
import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { useHoiioMutation, useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import styles from './desktop.module.css';

export function UpdateBanner() {
  const { error } = useFormat();
  const update = useHoiioQuery('desktop', 'getState').data?.update;
  const [laterFor, setLaterFor] = useState<string | null>(null);
  const restart = useHoiioMutation('desktop', 'restartToUpdate');
  if (update?.kind !== 'ready' || laterFor === update.version) return null;
  return (
    <div className={styles.banner} role="status" data-testid="update-banner">
      <span>
        <FormattedMessage id="update.ready" values={{ version: update.version }} />
      </span>
      <button type="button" className="primary" disabled={restart.isPending} onClick={() => restart.mutate()}>
        <FormattedMessage id={restart.isPending ? 'update.restarting' : 'update.restart'} />
      </button>
      <button type="button" disabled={restart.isPending} onClick={() => setLaterFor(update.version)}>
        <FormattedMessage id="update.later" />
      </button>
      {restart.error ? (
        <span className="error-text" role="alert">
          {error(restart.error)}
        </span>
      ) : null}
    </div>
  );
}
