import { useBridge } from '../bridge-context.tsx';
import { AsyncView } from '../components/AsyncView.tsx';
import { useAsync } from '../use-async.ts';

export function AboutView() {
  const hoiio = useBridge();
  const [info, reload] = useAsync(() => hoiio.app.getInfo(), [hoiio]);
  return (
    <section aria-labelledby="about-heading" className="view">
      <h1 id="about-heading">About</h1>
      <AsyncView state={info} retry={reload} label="app information">
        {(value) => (
          <dl className="facts" data-testid="about-facts">
            <dt>Application</dt>
            <dd>{value.name}</dd>
            <dt>Version</dt>
            <dd data-testid="about-version">{value.version}</dd>
            <dt>Mode</dt>
            <dd data-testid="about-mode">{value.mode === 'sandbox' ? 'Sandbox (simulated calls)' : 'Live (Hoiio)'}</dd>
            <dt>Platform</dt>
            <dd>{value.platform}</dd>
            <dt>Running in</dt>
            <dd>{value.shell === 'electron' ? 'Desktop app' : 'Browser host'}</dd>
            <dt>Data folder</dt>
            <dd className="mono">{value.dataDir}</dd>
            <dt>Log file</dt>
            <dd className="mono">{value.logFile}</dd>
          </dl>
        )}
      </AsyncView>
    </section>
  );
}
