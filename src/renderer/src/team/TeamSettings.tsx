/**
 * Settings → Team (issue 15): server address, database, user, TLS mode and password; Test
 * connection, Join, Leave; the sync state as the status bar words it. The password goes to the
 * core once (join / test) and is kept in the OS keychain there; it is never read back.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { teamStatusText, type TeamStatus, type TeamTlsMode } from '../../../shared/team.ts';
import { useBridge } from '../bridge-context.tsx';
import { AsyncView } from '../components/AsyncView.tsx';
import { errorMessage, useAsync } from '../use-async.ts';

const time = (iso: string): string => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** "Team: synced / syncing N / offline since 10:42", or nothing without a team. */
export function TeamStatusText() {
  const hoiio = useBridge();
  const [status, setStatus] = useState<TeamStatus | null>(null);
  useEffect(() => {
    let live = true;
    void hoiio.team.getStatus().then(
      (value) => live && setStatus(value),
      () => undefined,
    );
    const off = hoiio.on.teamStatus((value) => setStatus(value));
    return () => {
      live = false;
      off();
    };
  }, [hoiio]);
  const text = status ? teamStatusText(status, time) : null;
  return text ? (
    <span role="status" data-testid="team-status" title={status?.message ?? undefined}>
      {text}
    </span>
  ) : null;
}

export function TeamSettings() {
  const hoiio = useBridge();
  const [status, reload] = useAsync(() => hoiio.team.getStatus(), [hoiio]);
  useEffect(() => hoiio.on.teamStatus(reload), [hoiio, reload]);
  return (
    <section className="panel" aria-labelledby="team-heading">
      <h2 id="team-heading">Team</h2>
      <AsyncView state={status} retry={reload} label="the team settings">
        {(value) => <TeamForm status={value} />}
      </AsyncView>
    </section>
  );
}

function TeamForm({ status }: { status: TeamStatus }) {
  const hoiio = useBridge();
  const id = useId();
  const [host, setHost] = useState(status.server?.host ?? '');
  const [port, setPort] = useState(String(status.server?.port ?? 5432));
  const [database, setDatabase] = useState(status.server?.database ?? '');
  const [user, setUser] = useState(status.server?.user ?? '');
  const [tls, setTls] = useState<TeamTlsMode>(status.server?.tls ?? 'verify-full');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const input = () => ({
    server: { host, port: Number(port), database, user, tls },
    ...(password ? { password } : {}),
  });
  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setFeedback(null);
    try {
      setFeedback({ kind: 'ok', text: await work() });
    } catch (error) {
      setFeedback({ kind: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  const join = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await hoiio.team.join(input());
      setPassword('');
      return 'Joined the team. Calls you place now sync with your team.';
    });
  };
  const text = teamStatusText(status, time);

  return (
    <form onSubmit={join} aria-describedby={`${id}-status`}>
      <p id={`${id}-status`} data-testid="team-state">
        {text ?? 'Not in a team: calls stay on this desktop.'}
        {status.member ? ` Signed in as ${status.member}.` : ''}
        {status.localLimitOnly ? " Offline: the team's call limit is not checked, only this desktop's." : ''}
      </p>
      {status.message ? <p role="alert">{status.message}</p> : null}
      <label>
        Server address <input value={host} onChange={(e) => setHost(e.target.value)} required autoComplete="off" />
      </label>
      <label>
        Port <input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" required />
      </label>
      <label>
        Database <input value={database} onChange={(e) => setDatabase(e.target.value)} required />
      </label>
      <label>
        User <input value={user} onChange={(e) => setUser(e.target.value)} required autoComplete="username" />
      </label>
      <label>
        TLS
        <select value={tls} onChange={(e) => setTls(e.target.value as TeamTlsMode)}>
          <option value="verify-full">Verify certificate (recommended)</option>
          <option value="require">Encrypt, do not verify</option>
          <option value="disable">Off (same machine only)</option>
        </select>
      </label>
      <label>
        Password{' '}
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          placeholder={status.server ? 'Saved in the keychain' : ''}
        />
      </label>
      <div className="actions">
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void act(async () => {
              const result = await hoiio.team.testConnection(input());
              return `Connected as ${result.member} (schema version ${result.schemaVersion}).`;
            })
          }
        >
          Test connection
        </button>
        <button type="submit" disabled={busy}>
          Join
        </button>
        {status.server ? (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                await hoiio.team.leave();
                return 'Left the team. The team calls already synced stay readable on this desktop.';
              })
            }
          >
            Leave
          </button>
        ) : null}
      </div>
      {feedback ? <p role={feedback.kind === 'error' ? 'alert' : 'status'}>{feedback.text}</p> : null}
    </form>
  );
}
