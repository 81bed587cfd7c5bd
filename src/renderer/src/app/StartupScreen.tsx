import { FormattedMessage, useIntl } from 'react-intl';
import type { StartupState } from '../../../shared/startup.ts';
import { upgradeProgressText } from './upgrade-progress.ts';

/**
 * What the window shows while the core is not ready yet and start-up takes a while: the integrity
 * check after an unclean stop, or a database upgrade with its progress bar (role progressbar, its
 * value the percentage). The quick normal start shows nothing (no flash).
 */
export function StartupScreen({ state }: { state: Extract<StartupState, { phase: 'checking' | 'upgrading' }> }) {
  const intl = useIntl();
  const label = intl.formatMessage({ id: 'app.startup.label' });
  if (state.phase === 'checking') {
    return (
      <main className="startup" data-testid="startup-screen" aria-busy="true">
        <h1>
          <FormattedMessage id="app.startup.checkingTitle" />
        </h1>
        <progress aria-label={label} />
        <p className="muted">
          <FormattedMessage id="app.startup.checkingNote" />
        </p>
      </main>
    );
  }
  const progress = upgradeProgressText(intl, state);
  return (
    <main className="startup" data-testid="startup-screen" aria-busy="true">
      <h1>
        <FormattedMessage id="app.startup.upgradingTitle" />
      </h1>
      {progress === null ? (
        <progress aria-label={label} />
      ) : (
        <progress aria-label={label} aria-valuetext={progress} value={state.percent} max={100} />
      )}
      <p aria-live="polite">{progress}</p>
      <p className="muted">
        <FormattedMessage id="app.startup.upgradingNote" />
      </p>
    </main>
  );
}
