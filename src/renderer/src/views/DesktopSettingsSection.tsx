/**
 * Settings → Desktop app (issue 14, minimal UI until the renderer's own Settings takes these
 * over): close to tray, start minimised, start at login and the global shortcut, shown in the
 * desktop app only; and the privacy statement about the tunnel, shown in both shells.
 */
import { useId, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/settings.ts';
import { useBridge } from '../bridge-context.tsx';
import { AsyncView } from '../components/AsyncView.tsx';
import { errorMessage, useAsync } from '../use-async.ts';

export function PrivacyNote() {
  return (
    <section className="panel" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">Privacy</h2>
      <p>
        In live mode, Hoiio reports each call&apos;s details (the phone numbers, its status and its cost) to this app
        through the tunnel server set under Calling (localtunnel.me unless you change it). That server can be your own:
        enter its address to keep call details off third-party machines. In sandbox mode nothing leaves this computer.
      </p>
    </section>
  );
}

export function DesktopSettingsSection() {
  const hoiio = useBridge();
  const [state, reload] = useAsync(
    async () => ({ info: await hoiio.app.getInfo(), settings: await hoiio.settings.get() }),
    [hoiio],
  );
  return (
    <AsyncView state={state} retry={reload} label="the desktop settings">
      {({ info, settings }) =>
        info.shell === 'electron' ? (
          <section className="panel" aria-labelledby="desktop-heading">
            <h2 id="desktop-heading">Desktop app</h2>
            <DesktopForm desktop={settings.desktop} platform={info.platform} />
          </section>
        ) : null
      }
    </AsyncView>
  );
}

function DesktopForm({ desktop, platform }: { desktop: Settings['desktop']; platform: string }) {
  const hoiio = useBridge();
  const id = useId();
  const trayByDefault = platform === 'win32' || platform === 'darwin';
  const [draft, setDraft] = useState({
    closeToTray: desktop.closeToTray ?? trayByDefault,
    startMinimized: desktop.startMinimized,
    startAtLogin: desktop.startAtLogin,
    shortcutEnabled: desktop.globalShortcut.enabled,
    accelerator: desktop.globalShortcut.accelerator,
  });
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);
  const check = (name: 'closeToTray' | 'startMinimized' | 'startAtLogin' | 'shortcutEnabled', text: string) => (
    <label className="checkbox">
      <input
        id={`${id}-${name}`}
        type="checkbox"
        checked={draft[name]}
        onChange={(event) => setDraft({ ...draft, [name]: event.target.checked })}
      />
      {text}
    </label>
  );
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await hoiio.settings.update({
        desktop: {
          closeToTray: draft.closeToTray,
          startMinimized: draft.startMinimized,
          startAtLogin: draft.startAtLogin,
          globalShortcut: { enabled: draft.shortcutEnabled, accelerator: draft.accelerator.trim() },
        },
      });
      setFeedback({ ok: true, text: 'Desktop settings saved.' });
    } catch (error) {
      setFeedback({ ok: false, text: errorMessage(error) });
    }
  };
  return (
    <form className="form-grid" onSubmit={save}>
      <label htmlFor={`${id}-closeToTray`}>Closing the window</label>
      {check('closeToTray', 'Keeps the app running in the tray (quit from the tray menu)')}
      <label htmlFor={`${id}-startAtLogin`}>Start at login</label>
      {check('startAtLogin', 'Start the app when I log in')}
      <label htmlFor={`${id}-startMinimized`}>Start minimised</label>
      {check('startMinimized', 'Start in the tray, without opening the window')}
      <label htmlFor={`${id}-shortcutEnabled`}>Global shortcut</label>
      {check('shortcutEnabled', 'Offer the selected or copied number from any app (never calls by itself)')}
      <label htmlFor={`${id}-accelerator`}>Shortcut keys</label>
      <input
        id={`${id}-accelerator`}
        value={draft.accelerator}
        onChange={(event) => setDraft({ ...draft, accelerator: event.target.value })}
        placeholder="CommandOrControl+Shift+D"
      />
      <span />
      <div>
        <button type="submit" className="primary">
          Save
        </button>
        {feedback && (
          <p className={feedback.ok ? 'ok-text' : 'error-text'} role={feedback.ok ? 'status' : 'alert'}>
            {feedback.text}
          </p>
        )}
      </div>
    </form>
  );
}
