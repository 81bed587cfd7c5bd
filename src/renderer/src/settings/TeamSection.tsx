/**
 * Settings → Team (issue 15): server address, port, database, user, TLS mode and password; Test
 * connection, Join, Leave; the sync state as the status line words it. The password goes to the core
 * once (join / test) and is kept in the OS keychain there; it is never read back. The status comes
 * from the cache entry `team.getStatus`, kept current by the `teamStatus` push event.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { FormattedMessage } from 'react-intl';
import type { TeamStatus, TeamTlsMode } from '../../../shared/team.ts';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { FeedbackLine, QueryPanel, type Feedback } from './panel.tsx';
import { localFieldError, useFieldErrors } from '../components/use-field-errors.tsx';
import { readWholeNumber } from '../../../shared/whole-number.ts';
import { queryKey, useHoiioMutation, useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import { useTeamStatusWords } from '../team/TeamStatusLine.tsx';

const TLS_MODES: readonly TeamTlsMode[] = ['verify-full', 'require', 'disable'];

export function TeamSection() {
  const { t } = useFormat();
  const status = useHoiioQuery('team', 'getStatus');
  return (
    <QueryPanel
      headingId="team-heading"
      titleId="settings.team"
      query={status}
      loadingLabel={t('settings.team.loadingLabel')}
    >
      {(value) => <TeamForm status={value} />}
    </QueryPanel>
  );
}

function TeamForm({ status }: { status: TeamStatus }) {
  const { t } = useFormat();
  const id = useId();
  const queryClient = useQueryClient();
  const [host, setHost] = useState(status.server?.host ?? '');
  const [port, setPort] = useState(String(status.server?.port ?? 5432));
  const [database, setDatabase] = useState(status.server?.database ?? '');
  const [user, setUser] = useState(status.server?.user ?? '');
  const [tls, setTls] = useState<TeamTlsMode>(status.server?.tls ?? 'verify-full');
  const [password, setPassword] = useState('');
  const [feedback, setFeedback] = useState<Feedback>(null);
  const words = useTeamStatusWords(status);
  const stateLine = [
    words ?? t('settings.team.none'),
    ...(status.member ? [t('settings.team.member', { member: status.member })] : []),
    ...(status.localLimitOnly ? [t('settings.team.localLimitOnly')] : []),
  ];
  const setStatus = (next: TeamStatus) => queryClient.setQueryData(queryKey('team', 'getStatus'), next);
  const onError = (cause: unknown) => setFeedback({ kind: 'error', error: cause });

  const test = useHoiioMutation('team', 'testConnection', {
    onMutate: () => setFeedback(null),
    onSuccess: (result) =>
      setFeedback({
        kind: 'ok',
        text: t('settings.team.connected', { member: result.member, version: result.schemaVersion }),
      }),
    onError,
  });
  const join = useHoiioMutation('team', 'join', {
    onMutate: () => setFeedback(null),
    onSuccess: (next) => {
      setStatus(next);
      setPassword('');
      setFeedback({ kind: 'ok', text: t('settings.team.joined') });
    },
    onError,
  });
  const leave = useHoiioMutation('team', 'leave', {
    onMutate: () => setFeedback(null),
    onSuccess: (next) => {
      setStatus(next);
      setFeedback({ kind: 'ok', text: t('settings.team.left') });
    },
    onError,
  });
  const busy = test.isPending || join.isPending || leave.isPending;
  // A port typed as "54x32", "5e3" or "-1" is refused beside the field before anything is sent.
  const [refused, setRefused] = useState<Error | null>(null);
  const { formRef, fieldProps, errorFor } = useFieldErrors(refused ?? join.error ?? test.error);
  const input = () => {
    const read = readWholeNumber(port, { min: 1, max: 65_535 });
    if (!read.ok) {
      setRefused(localFieldError('server.port', read.key, read.params));
      return null;
    }
    setRefused(null);
    return { server: { host, port: read.value, database, user, tls }, ...(password ? { password } : {}) };
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const checked = input();
    if (checked) join.mutate(checked);
  };

  return (
    <>
      <p data-testid="team-state">{stateLine.join(' ')}</p>
      {status.message && (
        <p className="error-text" role="alert">
          {status.message}
        </p>
      )}
      <form ref={formRef} className="form-grid" onSubmit={submit}>
        <label htmlFor={`${id}-host`}>
          <FormattedMessage id="settings.team.host" />
        </label>
        <div>
          <input
            {...fieldProps('server.host')}
            id={`${id}-host`}
            value={host}
            onChange={(e) => setHost(e.target.value)}
            required
            autoComplete="off"
          />
          {errorFor('server.host')}
        </div>
        <label htmlFor={`${id}-port`}>
          <FormattedMessage id="settings.team.port" />
        </label>
        <div>
          <input
            {...fieldProps('server.port')}
            id={`${id}-port`}
            value={port}
            onChange={(e) => setPort(e.target.value)}
            inputMode="numeric"
            required
          />
          {errorFor('server.port')}
        </div>
        <label htmlFor={`${id}-database`}>
          <FormattedMessage id="settings.team.database" />
        </label>
        <div>
          <input
            {...fieldProps('server.database')}
            id={`${id}-database`}
            value={database}
            onChange={(e) => setDatabase(e.target.value)}
            required
          />
          {errorFor('server.database')}
        </div>
        <label htmlFor={`${id}-user`}>
          <FormattedMessage id="settings.team.user" />
        </label>
        <div>
          <input
            id={`${id}-user`}
            {...fieldProps('server.user')}
            value={user}
            onChange={(e) => setUser(e.target.value)}
            required
            autoComplete="username"
          />
          {errorFor('server.user')}
        </div>
        <label htmlFor={`${id}-tls`}>
          <FormattedMessage id="settings.team.tls" />
        </label>
        <select id={`${id}-tls`} value={tls} onChange={(e) => setTls(e.target.value as TeamTlsMode)}>
          {TLS_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {t(`settings.team.tls.${mode}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-password`}>
          <FormattedMessage id="settings.team.password" />
        </label>
        <div>
          <input
            id={`${id}-password`}
            {...fieldProps('password')}
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            placeholder={status.server ? t('settings.team.passwordSaved') : ''}
          />
          {errorFor('password')}
        </div>
        <span />
        <div className="row">
          <button
            type="button"
            aria-disabled={busy}
            onClick={() => {
              const checked = busy ? null : input();
              if (checked) test.mutate(checked);
            }}
          >
            <FormattedMessage id="settings.team.test" />
          </button>
          <button type="submit" className="primary" aria-disabled={busy}>
            <FormattedMessage id="settings.team.join" />
          </button>
          {status.server && (
            <ConfirmButton
              label={t('settings.team.leave')}
              question={t('settings.team.leaveQuestion')}
              confirmLabel={t('settings.team.leaveConfirm')}
              disabled={busy}
              onConfirm={() => leave.mutate(undefined)}
            />
          )}
        </div>
      </form>
      <FeedbackLine feedback={feedback} />
    </>
  );
}
