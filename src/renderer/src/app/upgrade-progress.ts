import type { IntlShape } from 'react-intl';
import type { StartupState } from '../../../shared/startup.ts';

/**
 * The words under the start-up screen's bar during a database upgrade (StartupState 'upgrading'):
 * "42% · step 2 of 3" when the upgrade has several steps, "42%" when it has one (no "step 1 of 1"),
 * and null when there is nothing to count: one step that cannot count its rows (a single SQL
 * statement, or the one-time switch to incremental auto_vacuum) stays at 0% until it ends, so the
 * screen shows an indeterminate bar and the title alone.
 */
export function upgradeProgressText(
  intl: IntlShape,
  state: Pick<Extract<StartupState, { phase: 'upgrading' }>, 'percent' | 'step' | 'steps' | 'rowsTotal'>,
): string | null {
  const percent = state.percent / 100;
  if (state.steps > 1) {
    return intl.formatMessage(
      { id: 'app.startup.upgradingProgress' },
      { percent, step: state.step, steps: state.steps },
    );
  }
  if (state.rowsTotal === null) return null;
  return intl.formatMessage({ id: 'app.startup.upgradingPercent' }, { percent });
}
