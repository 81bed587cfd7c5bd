import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AccountStatus, AccountVerification } from '../../../shared/account.ts';
import type { z } from 'zod';
import type { Settings, SettingsPatchSchema } from '../../../shared/settings.ts';
import { useBridge } from '../bridge-context.tsx';
import { AsyncView } from '../components/AsyncView.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { DesktopSettingsSection, PrivacyNote } from './DesktopSettingsSection.tsx';
import { errorMessage, useAsync } from '../use-async.ts';

export function SettingsView() {
  return (
    <section className="view" aria-labelledby="settings-heading">
      <h1 id="settings-heading">Settings</h1>
      <AccountSection />
      <PreferencesSection />
      {/* Issue 14: desktop options (desktop app only) and the tunnel privacy note. */}
      <DesktopSettingsSection />
      <PrivacyNote />
    </section>
  );
}

type Feedback = { kind: 'ok' | 'error'; text: string } | null;

function AccountSection() {
  const hoiio = useBridge();
  const [status, reload] = useAsync(() => hoiio.account.getStatus(), [hoiio]);
  useEffect(() => hoiio.on.accountChanged(reload), [hoiio, reload]);
  return (
    <section className="panel" aria-labelledby="account-heading">
      <h2 id="account-heading">Hoiio account</h2>
      <AsyncView state={status} retry={reload} label="the account">
        {(value) => <AccountDetails status={value} />}
      </AsyncView>
    </section>
  );
}

function AccountDetails({ status }: { status: AccountStatus }) {
  const hoiio = useBridge();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [busy, setBusy] = useState(false);
  const [verification, setVerification] = useState<AccountVerification | null>(null);

  const act = async (work: () => Promise<Feedback>) => {
    setBusy(true);
    setFeedback(null);
    try {
      setFeedback(await work());
    } catch (error) {
      setFeedback({ kind: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p data-testid="account-mode">
        {status.mode === 'live'
          ? `Live: calls go through Hoiio with App ID ${status.appId ?? ''}.`
          : 'Sandbox: calls are simulated. Save your App ID and access token to make real calls.'}
      </p>
      {status.keychainError && (
        <p className="error-text" role="alert">
          {status.keychainError}
        </p>
      )}
      {status.configured ? (
        <div className="row">
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              act(async () => {
                const result = await hoiio.account.verify();
                setVerification(result);
                return { kind: 'ok', text: 'The credentials work.' };
              })
            }
          >
            Check connection
          </button>
          <ConfirmButton
            label="Remove credentials"
            question="Remove your Hoiio App ID and access token from this computer? The app returns to sandbox mode; your call log is kept."
            confirmLabel="Remove"
            disabled={busy}
            onConfirm={() =>
              void act(async () => {
                await hoiio.account.clear();
                setVerification(null);
                return { kind: 'ok', text: 'Credentials removed. The app is in sandbox mode.' };
              })
            }
          />
        </div>
      ) : (
        <CredentialsForm
          busy={busy}
          onSubmit={(appId, accessToken) => act(() => saveCredentials(appId, accessToken))}
        />
      )}
      {verification && (
        <p data-testid="account-verification">
          {verification.name}: balance {verification.currency} {verification.balance} ({verification.userStatus}), your
          phone {verification.mobileNumber}.
        </p>
      )}
      {feedback && (
        <p
          className={feedback.kind === 'ok' ? 'ok-text' : 'error-text'}
          role={feedback.kind === 'ok' ? 'status' : 'alert'}
        >
          {feedback.text}
        </p>
      )}
    </>
  );

  async function saveCredentials(appId: string, accessToken: string): Promise<Feedback> {
    await hoiio.account.set({ appId, accessToken });
    return { kind: 'ok', text: 'Saved. The access token is in your system keychain; calls are now live.' };
  }
}

function CredentialsForm({ busy, onSubmit }: { busy: boolean; onSubmit: (appId: string, token: string) => void }) {
  const id = useId();
  const [appId, setAppId] = useState('');
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(appId, token);
  };
  return (
    <form className="form-grid" onSubmit={submit}>
      <label htmlFor={`${id}-app`}>App ID</label>
      <input id={`${id}-app`} value={appId} onChange={(e) => setAppId(e.target.value)} autoComplete="off" />
      <label htmlFor={`${id}-token`}>Access token</label>
      <input
        id={`${id}-token`}
        type="password"
        value={token}
        onChange={(e) => setToken(e.target.value)}
        autoComplete="off"
      />
      <span />
      <button type="submit" className="primary" disabled={busy || appId.trim() === '' || token.trim() === ''}>
        {busy ? 'Checking…' : 'Check and save'}
      </button>
    </form>
  );
}

function PreferencesSection() {
  const hoiio = useBridge();
  const [settings, reload] = useAsync(() => hoiio.settings.get(), [hoiio]);
  return (
    <section className="panel" aria-labelledby="preferences-heading">
      <h2 id="preferences-heading">Calling</h2>
      <AsyncView state={settings} retry={reload} label="settings">
        {(value) => <PreferencesForm settings={value} />}
      </AsyncView>
    </section>
  );
}

function PreferencesForm({ settings }: { settings: Settings }) {
  const hoiio = useBridge();
  const id = useId();
  const [draft, setDraft] = useState({
    defaultCountry: settings.defaultCountry,
    defaultDest1: settings.defaultDest1 ?? '',
    defaultCallerId: settings.defaultCallerId ?? '',
    maxDurationMinutes: settings.maxDurationSeconds ? String(settings.maxDurationSeconds / 60) : '',
    tunnelEnabled: settings.tunnel.enabled,
    telLinks: settings.telLinks,
  });
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [saving, setSaving] = useState(false);
  const field = (name: keyof typeof draft) => ({
    id: `${id}-${name}`,
    value: String(draft[name]),
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value }),
  });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setFeedback(null);
    try {
      await hoiio.settings.update(toPatch(draft));
      setFeedback({ kind: 'ok', text: 'Settings saved.' });
    } catch (error) {
      setFeedback({ kind: 'error', text: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="form-grid" onSubmit={save}>
      <label htmlFor={`${id}-defaultCountry`}>Default country</label>
      <input {...field('defaultCountry')} maxLength={2} placeholder="SG" />
      <label htmlFor={`${id}-defaultDest1`}>Your phone</label>
      <input {...field('defaultDest1')} type="tel" placeholder="The account's registered number" />
      <label htmlFor={`${id}-defaultCallerId`}>Caller ID</label>
      <input {...field('defaultCallerId')} placeholder="Hoiio's default, a number, or private" />
      <label htmlFor={`${id}-maxDurationMinutes`}>Maximum call length (minutes)</label>
      <input {...field('maxDurationMinutes')} inputMode="numeric" placeholder="No limit" />
      <label htmlFor={`${id}-tunnelEnabled`}>Live call updates</label>
      <label className="checkbox">
        <input
          id={`${id}-tunnelEnabled`}
          type="checkbox"
          checked={draft.tunnelEnabled}
          onChange={(event) => setDraft({ ...draft, tunnelEnabled: event.target.checked })}
        />
        Receive Hoiio's notifications through a tunnel (otherwise the app polls)
      </label>
      <label htmlFor={`${id}-telLinks`}>Phone links</label>
      <label className="checkbox">
        <input
          id={`${id}-telLinks`}
          type="checkbox"
          checked={draft.telLinks}
          onChange={(event) => setDraft({ ...draft, telLinks: event.target.checked })}
        />
        Open tel: links with this app (the number is offered; nothing is dialled until you click Call)
      </label>
      <span />
      <div>
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        {feedback && (
          <p
            className={feedback.kind === 'ok' ? 'ok-text' : 'error-text'}
            role={feedback.kind === 'ok' ? 'status' : 'alert'}
          >
            {feedback.text}
          </p>
        )}
      </div>
    </form>
  );
}

function toPatch(draft: {
  defaultCountry: string;
  defaultDest1: string;
  defaultCallerId: string;
  maxDurationMinutes: string;
  tunnelEnabled: boolean;
  telLinks: boolean;
}): z.input<typeof SettingsPatchSchema> {
  const minutes = draft.maxDurationMinutes.trim();
  return {
    defaultCountry: draft.defaultCountry.trim().toUpperCase(),
    defaultDest1: draft.defaultDest1.trim() || null,
    defaultCallerId: draft.defaultCallerId.trim() || null,
    // Not a whole number of minutes: let the contract reject it with its own message.
    maxDurationSeconds: minutes === '' ? null : Number(minutes) * 60,
    tunnel: { enabled: draft.tunnelEnabled },
    telLinks: draft.telLinks,
  };
}
