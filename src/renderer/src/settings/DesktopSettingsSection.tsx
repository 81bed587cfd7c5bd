/**
 * Settings → Desktop app (issue 14): close to tray, start minimised, start at login and the
 * global shortcut, shown in the desktop app only; and the privacy statement about the tunnel,
 * shown in both shells. Strings: `settings.desktop.*` and `settings.privacy*` in desktop.json.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import type { Settings } from '../../../shared/settings.ts';
import { FieldError } from '../components/FieldError.tsx';
import { QueryPanel } from './panel.tsx';
import { queryKey, useHoiioMutation, useHoiioQuery } from '../data/query.ts';
import { useFieldErrors } from '../components/use-field-errors.tsx';
import { useFormat } from '../i18n/format.ts';

/** Where live call details travel (the tunnel server), and that it can be the user's own. */
export function PrivacyNote() {
  return (
    <section className="panel" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">
        <FormattedMessage id="settings.privacy" />
      </h2>
      <p>
        <FormattedMessage id="settings.privacy.text" />
      </p>
    </section>
  );
}

/** The desktop-only options; renders nothing in the browser host. */
export function DesktopSettingsSection() {
  const { t } = useFormat();
  const info = useHoiioQuery('app', 'getInfo');
  const settings = useHoiioQuery('settings', 'get');
  if (info.data?.shell !== 'electron') return null;
  return (
    <QueryPanel
      headingId="desktop-heading"
      titleId="settings.desktop"
      query={settings}
      loadingLabel={t('settings.loadingLabel')}
    >
      {(value) => <DesktopForm desktop={value.desktop} platform={info.data?.platform ?? ''} />}
    </QueryPanel>
  );
}

/** The accelerator's path in a refused settings.update (its field error). */
const ACCELERATOR_FIELD = 'desktop.globalShortcut.accelerator';

type Flag = 'closeToTray' | 'startMinimized' | 'startAtLogin' | 'shortcutEnabled';

function DesktopForm({ desktop, platform }: { desktop: Settings['desktop']; platform: string }) {
  const { t, error } = useFormat();
  const queryClient = useQueryClient();
  const id = useId();
  // Windows and macOS users expect the window's close box to leave the app in the tray; Linux users do not.
  const trayByDefault = platform === 'win32' || platform === 'darwin';
  const [draft, setDraft] = useState({
    closeToTray: desktop.closeToTray ?? trayByDefault,
    startMinimized: desktop.startMinimized,
    startAtLogin: desktop.startAtLogin,
    shortcutEnabled: desktop.globalShortcut.enabled,
    accelerator: desktop.globalShortcut.accelerator,
  });
  const [saved, setSaved] = useState(false);
  // The OS's answer to registering the shortcut (pushed by the shell after every change): a conflict is this field's error.
  const shortcut = useHoiioQuery('desktop', 'getState').data?.shortcut;
  const conflict = shortcut?.state === 'conflict';
  const update = useHoiioMutation('settings', 'update', {
    onMutate: () => setSaved(false),
    onSuccess: (value) => {
      queryClient.setQueryData(queryKey('settings', 'get'), value);
      setSaved(true);
    },
  });
  const { formRef, fieldProps, errorFor } = useFieldErrors(update.error);
  const accelerator = fieldProps(ACCELERATOR_FIELD);
  // The OS refusing a valid shortcut (another app holds it) is this field's error too, unless the save itself was refused.
  const showConflict = conflict && accelerator['aria-invalid'] === undefined;
  const conflictId = `${id}-accelerator-conflict`;
  const check = (name: Flag) => (
    <label className="checkbox">
      <input
        id={`${id}-${name}`}
        type="checkbox"
        checked={draft[name]}
        onChange={(event) => setDraft({ ...draft, [name]: event.target.checked })}
      />
      <FormattedMessage id={`settings.desktop.${name}.option`} />
    </label>
  );
  const label = (name: Flag) => (
    <label htmlFor={`${id}-${name}`}>
      <FormattedMessage id={`settings.desktop.${name}`} />
    </label>
  );
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    update.mutate({
      desktop: {
        closeToTray: draft.closeToTray,
        startMinimized: draft.startMinimized,
        startAtLogin: draft.startAtLogin,
        globalShortcut: { enabled: draft.shortcutEnabled, accelerator: draft.accelerator.trim() },
      },
    });
  };
  return (
    <form ref={formRef} className="form-grid" onSubmit={save}>
      {label('closeToTray')}
      {check('closeToTray')}
      {label('startAtLogin')}
      {check('startAtLogin')}
      {label('startMinimized')}
      {check('startMinimized')}
      {label('shortcutEnabled')}
      {check('shortcutEnabled')}
      <label htmlFor={`${id}-accelerator`}>
        <FormattedMessage id="settings.desktop.accelerator" />
      </label>
      <div>
        <input
          id={`${id}-accelerator`}
          {...accelerator}
          aria-invalid={accelerator['aria-invalid'] ?? (showConflict || undefined)}
          aria-describedby={accelerator['aria-describedby'] ?? (showConflict ? conflictId : undefined)}
          value={draft.accelerator}
          onChange={(event) => setDraft({ ...draft, accelerator: event.target.value })}
          placeholder={t('settings.desktop.accelerator.placeholder')}
        />
        {errorFor(ACCELERATOR_FIELD)}
        <FieldError
          id={conflictId}
          text={
            showConflict ? t('settings.desktop.shortcutConflict', { accelerator: shortcut.accelerator }) : undefined
          }
        />
        {shortcut?.state === 'registered' && (
          <p className="hint">
            <FormattedMessage id="settings.desktop.shortcutRegistered" values={{ accelerator: shortcut.accelerator }} />
          </p>
        )}
      </div>
      <span />
      <div>
        <button type="submit" className="primary" disabled={update.isPending}>
          <FormattedMessage id={update.isPending ? 'common.saving' : 'common.save'} />
        </button>
        {saved && (
          <p className="ok-text" role="status">
            <FormattedMessage id="settings.desktop.saved" />
          </p>
        )}
        {update.error ? (
          <p className="error-text" role="alert">
            {error(update.error)}
          </p>
        ) : null}
      </div>
    </form>
  );
}
