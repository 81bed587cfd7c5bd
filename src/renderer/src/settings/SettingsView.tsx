import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useId, useRef, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { z } from 'zod';
import type { AccountStatus, AccountVerification } from '../../../shared/account.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import {
  DEFAULT_TUNNEL_SERVER,
  SettingsPatchSchema,
  type Language,
  type Settings,
  type Theme,
} from '../../../shared/settings.ts';
import { fieldErrorsFromZod } from '../../../shared/zod-issues.ts';
import { ViewHeading } from '../app/view-heading.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { localFieldError, useFieldErrors } from '../components/use-field-errors.tsx';
import { readWholeNumber } from '../../../shared/whole-number.ts';
import { countryOptionText, findCountry, useCountryChoices } from '../calls/dialer/countries.ts';
import { MAX_DURATION_MINUTES } from '../calls/dialer/use-call-choices.ts';
import { LinkHandlerStatus } from '../desktop/LinkHandlerStatus.tsx';
import styles from './settings.module.css';
import { queryKey, useHoiioMutation, useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import { RadioGroup } from '../io/RadioGroup.tsx';
import { TeamSection } from './TeamSection.tsx';
import { FeedbackLine, QueryPanel, type Feedback } from './panel.tsx';
import { DesktopSettingsSection, PrivacyNote } from './DesktopSettingsSection.tsx';

// Settings → History (backup, restore, retention) is fetched with the Settings view, not with the first screen.
const HistorySection = lazy(() =>
  import('./HistorySection.tsx').then((module) => ({ default: module.HistorySection })),
);

export function SettingsView() {
  return (
    <section className={`view ${styles.view}`} aria-labelledby="settings-heading">
      <ViewHeading id="settings-heading">
        <FormattedMessage id="settings.title" />
      </ViewHeading>
      <AppearanceSection />
      <AccountSection />
      <PreferencesSection />
      <TeamSection />
      <Suspense fallback={null}>
        <HistorySection />
      </Suspense>
      <DesktopSettingsSection />
      <PrivacyNote />
    </section>
  );
}

/** A settings change that shows at once (theme, language): the cache is updated before main answers, and put back if it refuses. */
function useInstantSetting() {
  const queryClient = useQueryClient();
  const key = queryKey('settings', 'get');
  const update = useHoiioMutation('settings', 'update');
  const { mutate } = update;
  const latest = useRef(0);
  // The cache changes in the same event as the click (the radio shows the choice at once), then main confirms
  // it. Only the answer to the latest change is applied: an older one arriving late must not undo a newer choice.
  const change = (patch: Pick<Partial<Settings>, 'theme' | 'language'>) => {
    const previous = queryClient.getQueryData<Settings>(key);
    const sequence = ++latest.current;
    if (previous) queryClient.setQueryData<Settings>(key, { ...previous, ...patch });
    mutate(patch, {
      onSuccess: (settings) => sequence === latest.current && queryClient.setQueryData(key, settings),
      onError: () => sequence === latest.current && queryClient.setQueryData(key, previous),
    });
  };
  return { change, error: update.error };
}

const THEMES: readonly Theme[] = ['system', 'light', 'dark'];
const LANGUAGES: readonly Language[] = ['system', 'en', 'zh-CN'];

/** Theme and language: applied as soon as they are chosen, remembered in the settings file. */
function AppearanceSection() {
  const { t, error } = useFormat();
  const id = useId();
  const settings = useHoiioQuery('settings', 'get');
  const change = useInstantSetting();
  // What was just chosen, shown in the same render as the click (the cache tells its subscribers a tick later,
  // and a controlled radio would flick back meanwhile).
  const [chosen, setChosen] = useState<Pick<Partial<Settings>, 'theme' | 'language'>>({});
  const choose = (patch: Pick<Partial<Settings>, 'theme' | 'language'>) => {
    setChosen((current) => ({ ...current, ...patch }));
    change.change(patch);
  };
  return (
    <QueryPanel
      headingId={`${id}-heading`}
      titleId="settings.appearance"
      query={settings}
      loadingLabel={t('settings.loadingLabel')}
    >
      {(value) => (
        <div className="form-grid">
          <RadioGroup
            label={t('settings.theme')}
            options={THEMES.map((theme) => ({ value: theme, label: t(`settings.theme.${theme}`) }))}
            value={chosen.theme ?? value.theme}
            onChange={(theme) => choose({ theme })}
          />
          <label htmlFor={`${id}-language`}>
            <FormattedMessage id="settings.language" />
          </label>
          <select
            id={`${id}-language`}
            value={chosen.language ?? value.language}
            onChange={(event) => choose({ language: event.target.value as Language })}
          >
            {LANGUAGES.map((language) => (
              <option key={language} value={language} lang={language === 'system' ? undefined : language}>
                {t(`settings.language.${language}`)}
              </option>
            ))}
          </select>
          {change.error && (
            <>
              <span />
              <p className="error-text" role="alert">
                {error(change.error)}
              </p>
            </>
          )}
        </div>
      )}
    </QueryPanel>
  );
}

function AccountSection() {
  const { t } = useFormat();
  const status = useHoiioQuery('account', 'getStatus');
  return (
    <QueryPanel
      headingId="account-heading"
      titleId="settings.account"
      query={status}
      loadingLabel={t('settings.account.loadingLabel')}
    >
      {(value) => <AccountDetails status={value} />}
    </QueryPanel>
  );
}

function AccountDetails({ status }: { status: AccountStatus }) {
  const { t, money } = useFormat();
  const app = useHoiioQuery('app', 'getInfo');
  const queryClient = useQueryClient();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [verification, setVerification] = useState<AccountVerification | null>(null);
  const setStatus = (next: AccountStatus) => queryClient.setQueryData(queryKey('account', 'getStatus'), next);
  const onError = (error: unknown) => setFeedback({ kind: 'error', error });
  const verify = useHoiioMutation('account', 'verify', {
    onMutate: () => setFeedback(null),
    onSuccess: (result) => {
      setVerification(result);
      setFeedback({ kind: 'ok', text: t('settings.account.works') });
    },
    onError,
  });
  const clear = useHoiioMutation('account', 'clear', {
    onMutate: () => setFeedback(null),
    onSuccess: (next) => {
      setStatus(next);
      setVerification(null);
      setFeedback({ kind: 'ok', text: t('settings.account.removed') });
    },
    onError,
  });
  const save = useHoiioMutation('account', 'set', {
    onMutate: () => setFeedback(null),
    onSuccess: (next) => {
      setStatus(next);
      setFeedback({ kind: 'ok', text: t('settings.account.saved') });
    },
    onError,
  });
  const busy = verify.isPending || clear.isPending || save.isPending;

  return (
    <>
      <p data-testid="account-mode">
        {status.mode === 'live'
          ? t('settings.account.live', { appId: status.appId ?? '' })
          : t('settings.account.sandbox')}
      </p>
      {status.keychainError && (
        <p className="error-text" role="alert">
          {/* The saved token could not be read from the keychain (the core's English sentence is keychainError). */}
          {t('error.secrets.keychainUnavailable', {
            operation: 'read',
            platform: app.data?.platform === 'linux' ? 'linux' : 'other',
          })}
        </p>
      )}
      {status.configured ? (
        <div className="row">
          <button type="button" aria-disabled={busy} onClick={() => busy || verify.mutate(undefined)}>
            <FormattedMessage id="settings.account.check" />
          </button>
          <ConfirmButton
            label={t('settings.account.remove')}
            question={t('settings.account.removeQuestion')}
            confirmLabel={t('settings.account.removeConfirm')}
            disabled={busy}
            onConfirm={() => clear.mutate(undefined)}
          />
        </div>
      ) : (
        <CredentialsForm
          busy={busy}
          error={save.error}
          onSubmit={(appId, accessToken) => save.mutate({ appId, accessToken })}
        />
      )}
      {verification && (
        <p data-testid="account-verification">
          <FormattedMessage
            id="settings.account.verification"
            values={{
              name: verification.name,
              balance: money(verification.balance, verification.currency),
              status: verification.userStatus,
              phone: verification.mobileNumber,
            }}
          />
        </p>
      )}
      <FeedbackLine feedback={feedback} />
    </>
  );
}

function CredentialsForm({
  busy,
  error,
  onSubmit,
}: {
  busy: boolean;
  /** The last failed save: its field problems are shown beside App ID and access token. */
  error: unknown;
  onSubmit: (appId: string, token: string) => void;
}) {
  const id = useId();
  const [appId, setAppId] = useState('');
  const [token, setToken] = useState('');
  const { formRef, fieldProps, errorFor } = useFieldErrors(error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy && appId.trim() !== '' && token.trim() !== '') onSubmit(appId, token);
  };
  return (
    <form ref={formRef} className="form-grid" onSubmit={submit}>
      <label htmlFor={`${id}-app`}>
        <FormattedMessage id="settings.account.appId" />
      </label>
      <div>
        <input
          id={`${id}-app`}
          {...fieldProps('appId')}
          value={appId}
          onChange={(e) => setAppId(e.target.value)}
          autoComplete="off"
        />
        {errorFor('appId')}
      </div>
      <label htmlFor={`${id}-token`}>
        <FormattedMessage id="settings.account.token" />
      </label>
      <div>
        <input
          id={`${id}-token`}
          {...fieldProps('accessToken')}
          type="password"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          autoComplete="off"
        />
        {errorFor('accessToken')}
      </div>
      <span />
      <button type="submit" className="primary" aria-disabled={busy || appId.trim() === '' || token.trim() === ''}>
        <FormattedMessage id={busy ? 'settings.account.checking' : 'settings.account.save'} />
      </button>
    </form>
  );
}

function PreferencesSection() {
  const { t } = useFormat();
  const settings = useHoiioQuery('settings', 'get');
  return (
    <QueryPanel
      headingId="preferences-heading"
      titleId="settings.calling"
      query={settings}
      loadingLabel={t('settings.loadingLabel')}
    >
      {(value) => <PreferencesForm settings={value} />}
    </QueryPanel>
  );
}

type Draft = {
  defaultCountry: string;
  defaultDest1: string;
  defaultCallerId: string;
  maxDurationMinutes: string;
  tunnelEnabled: boolean;
  tunnelServerUrl: string;
  telLinks: boolean;
};
/** Draft fields → the settings path main reports problems under (IpcError.fields). */
const FIELD_PATHS: Record<keyof Draft, string> = {
  defaultCountry: 'defaultCountry',
  defaultDest1: 'defaultDest1',
  defaultCallerId: 'defaultCallerId',
  maxDurationMinutes: 'maxDurationSeconds',
  tunnelEnabled: 'tunnel.enabled',
  tunnelServerUrl: 'tunnel.serverUrl',
  telLinks: 'telLinks',
};

function PreferencesForm({ settings }: { settings: Settings }) {
  const { t } = useFormat();
  const queryClient = useQueryClient();
  const id = useId();
  const [draft, setDraft] = useState<Draft>({
    defaultCountry: settings.defaultCountry,
    defaultDest1: shownNumber(settings.defaultDest1),
    defaultCallerId: shownNumber(settings.defaultCallerId),
    maxDurationMinutes: settings.maxDurationSeconds ? String(settings.maxDurationSeconds / 60) : '',
    tunnelEnabled: settings.tunnel.enabled,
    tunnelServerUrl: settings.tunnel.serverUrl,
    telLinks: settings.telLinks,
  });
  const [feedback, setFeedback] = useState<Feedback>(null);
  const intl = useIntl();
  const countries = useCountryChoices();
  // The browser host cannot become the system's tel: handler: the option is shown, disabled, with why beside it.
  const telLinksUnavailable = useHoiioQuery('desktop', 'getState').data?.linkHandler.state === 'unavailable';
  const update = useHoiioMutation('settings', 'update', {
    onMutate: () => setFeedback(null),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKey('settings', 'get'), saved);
      // The numbers as main read them (the Dialer's rule): "+65-8123-4567" shows as "+65 8123 4567".
      setDraft((current) => ({
        ...current,
        defaultCountry: saved.defaultCountry,
        defaultDest1: shownNumber(saved.defaultDest1),
        defaultCallerId: shownNumber(saved.defaultCallerId),
        tunnelServerUrl: saved.tunnel.serverUrl,
      }));
      setFeedback({ kind: 'ok', text: t('settings.saved') });
    },
    onError: (error) => setFeedback({ kind: 'error', error }),
  });
  // A whole-number field typed as "12abc", "1e3" or "-1": refused here, beside the field, before sending.
  const [refused, setRefused] = useState<Error | null>(null);
  const { formRef, fieldProps, errorFor } = useFieldErrors(refused ?? update.error);
  const field = (name: keyof Draft) => ({
    id: `${id}-${name}`,
    ...fieldProps(FIELD_PATHS[name]),
    value: String(draft[name]),
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value }),
  });
  const errorOf = (name: keyof Draft) => errorFor(FIELD_PATHS[name]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    // A country's name ("Singapore", "singapore (+65)") is read as its code; anything else goes as
    // typed, upper-cased, and the core refuses what is not an ISO 3166 code beside the field.
    const country = findCountry(draft.defaultCountry, countries, (choice) => countryOptionText(intl, choice));
    const countryCode = country?.code ?? draft.defaultCountry.trim().toUpperCase();
    const minutes = draft.maxDurationMinutes.trim();
    const read = minutes === '' ? null : readWholeNumber(minutes, { min: 1, max: MAX_DURATION_MINUTES });
    if (read && !read.ok) {
      // Nothing is sent, but the other fields are checked now with the core's own rule (the shared
      // patch schema), so every problem shows at once, each beside its field.
      const rest = toPatch(draft, countryCode, null);
      const checked = SettingsPatchSchema.safeParse(rest);
      setFeedback(null);
      setRefused(
        localFieldError(
          FIELD_PATHS.maxDurationMinutes,
          // The one words for a bad limit, the Dialer's and the core's (error.settings.maxDuration).
          'settings.maxDuration',
          {},
          checked.success ? [] : fieldErrorsFromZod(checked.error, rest),
        ),
      );
      return;
    }
    setRefused(null);
    const patch = toPatch(draft, countryCode, read?.value ?? null);
    // Not the browser host's to change: the saved value is kept as it is.
    if (telLinksUnavailable) delete patch.telLinks;
    update.mutate(patch);
  };

  return (
    <form ref={formRef} className="form-grid" onSubmit={save}>
      <label htmlFor={`${id}-defaultCountry`}>
        <FormattedMessage id="settings.defaultCountry" />
      </label>
      <div>
        <input {...field('defaultCountry')} placeholder={t('settings.defaultCountry.placeholder')} />
        {errorOf('defaultCountry')}
      </div>
      <label htmlFor={`${id}-defaultDest1`}>
        <FormattedMessage id="settings.yourPhone" />
      </label>
      <div>
        <input {...field('defaultDest1')} type="tel" placeholder={t('settings.yourPhone.placeholder')} />
        {errorOf('defaultDest1')}
      </div>
      <label htmlFor={`${id}-defaultCallerId`}>
        <FormattedMessage id="settings.callerId" />
      </label>
      <div>
        <input {...field('defaultCallerId')} placeholder={t('settings.callerId.placeholder')} />
        {errorOf('defaultCallerId')}
      </div>
      <label htmlFor={`${id}-maxDurationMinutes`}>
        <FormattedMessage id="settings.maxDuration" />
      </label>
      <div>
        <input
          {...field('maxDurationMinutes')}
          inputMode="numeric"
          placeholder={t('settings.maxDuration.placeholder')}
        />
        {errorOf('maxDurationMinutes')}
      </div>
      <span id={`${id}-tunnel-label`}>
        <FormattedMessage id="settings.liveUpdates" />
      </span>
      <label className="checkbox">
        <input
          id={`${id}-tunnelEnabled`}
          type="checkbox"
          checked={draft.tunnelEnabled}
          onChange={(event) => setDraft({ ...draft, tunnelEnabled: event.target.checked })}
          aria-describedby={`${id}-tunnel-label`}
        />
        <FormattedMessage id="settings.liveUpdates.tunnel" />
      </label>
      <label htmlFor={`${id}-tunnelServerUrl`}>
        <FormattedMessage id="settings.tunnelServer" />
      </label>
      <div>
        <input
          {...field('tunnelServerUrl')}
          // Text, not type="url": the browser's own check would block Save without our message beside the field.
          inputMode="url"
          spellCheck={false}
          autoComplete="off"
          placeholder={DEFAULT_TUNNEL_SERVER}
          aria-describedby={[fieldProps(FIELD_PATHS.tunnelServerUrl)['aria-describedby'], `${id}-tunnelServerUrl-hint`]
            .filter(Boolean)
            .join(' ')}
        />
        {errorOf('tunnelServerUrl')}
        <p id={`${id}-tunnelServerUrl-hint`} className="hint">
          <FormattedMessage id="settings.tunnelServer.hint" values={{ server: DEFAULT_TUNNEL_SERVER }} />
        </p>
      </div>
      <span id={`${id}-tel-label`}>
        <FormattedMessage id="settings.telLinks" />
      </span>
      <label className="checkbox">
        <input
          id={`${id}-telLinks`}
          type="checkbox"
          checked={draft.telLinks}
          disabled={telLinksUnavailable}
          onChange={(event) => setDraft({ ...draft, telLinks: event.target.checked })}
          aria-describedby={`${id}-tel-label ${id}-tel-state`}
        />
        <FormattedMessage id="settings.telLinks.open" />
      </label>
      <span />
      <LinkHandlerStatus id={`${id}-tel-state`} />
      <span />
      <div>
        <button type="submit" className="primary" aria-disabled={update.isPending}>
          <FormattedMessage id={update.isPending ? 'common.saving' : 'common.save'} />
        </button>
        <FeedbackLine feedback={feedback} />
      </div>
    </form>
  );
}

/** A stored number (E.164, `private` or null) as the field shows it. */
function shownNumber(stored: string | null): string {
  if (stored === null) return '';
  return stored === 'private' ? stored : formatPhoneNumber(stored);
}

/**
 * The draft as a settings patch: numbers go as typed, main reads them with the Dialer's rule
 * (interpretDestination); `country`: the ISO code the typed country names (or the text, upper-cased);
 * `maxMinutes`: the limit already read as a whole number (null: none).
 */
function toPatch(draft: Draft, country: string, maxMinutes: number | null): z.input<typeof SettingsPatchSchema> {
  return {
    defaultCountry: country,
    defaultDest1: draft.defaultDest1.trim() || null,
    defaultCallerId: draft.defaultCallerId.trim() || null,
    maxDurationSeconds: maxMinutes === null ? null : maxMinutes * 60,
    tunnel: { enabled: draft.tunnelEnabled, serverUrl: draft.tunnelServerUrl.trim() || DEFAULT_TUNNEL_SERVER },
    telLinks: draft.telLinks,
  };
}
