import { FormattedMessage } from 'react-intl';
import { ViewHeading } from '../app/view-heading.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';

export function AboutView() {
  const { t } = useFormat();
  const info = useHoiioQuery('app', 'getInfo');
  return (
    <section aria-labelledby="about-heading" className="view">
      <ViewHeading id="about-heading">
        <FormattedMessage id="about.title" />
      </ViewHeading>
      <QueryView query={info} label={t('about.loadingLabel')}>
        {(value) => (
          <dl className="facts" data-testid="about-facts">
            <dt>
              <FormattedMessage id="about.application" />
            </dt>
            <dd>{value.name}</dd>
            <dt>
              <FormattedMessage id="about.version" />
            </dt>
            <dd data-testid="about-version">{value.version}</dd>
            <dt>
              <FormattedMessage id="about.mode" />
            </dt>
            <dd data-testid="about-mode">
              <FormattedMessage id={value.mode === 'sandbox' ? 'about.mode.sandbox' : 'about.mode.live'} />
            </dd>
            <dt>
              <FormattedMessage id="about.platform" />
            </dt>
            <dd>{value.platform}</dd>
            <dt>
              <FormattedMessage id="about.shell" />
            </dt>
            <dd>
              <FormattedMessage id={value.shell === 'electron' ? 'about.shell.electron' : 'about.shell.browser'} />
            </dd>
            <dt>
              <FormattedMessage id="about.dataDir" />
            </dt>
            <dd className="mono">{value.dataDir}</dd>
            <dt>
              <FormattedMessage id="about.logFile" />
            </dt>
            <dd className="mono">{value.logFile}</dd>
          </dl>
        )}
      </QueryView>
    </section>
  );
}
