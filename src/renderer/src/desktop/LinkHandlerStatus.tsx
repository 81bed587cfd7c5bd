/**
 * What the OS really does with tel:/callto: links (issue 14), beside the "Open tel: links" setting:
 * the desktop shell reads `app.isDefaultProtocolClient` after applying the setting and whenever the
 * window gets focus (the user may have changed default apps meanwhile); the browser host says it
 * cannot tell. Kept current by the `desktopStateChanged` push event.
 */
import { useIntl } from 'react-intl';
import { useHoiioQuery } from '../data/query.ts';

export function LinkHandlerStatus({ id }: { id: string }) {
  const intl = useIntl();
  const state = useHoiioQuery('desktop', 'getState').data?.linkHandler;
  if (!state) return <p id={id} />;
  const schemes = intl.formatList(
    state.schemes.map((scheme) => `${scheme}:`),
    { type: 'conjunction' },
  );
  return (
    <p id={id} className="hint" data-testid="link-handler-state" data-state={state.state}>
      {intl.formatMessage({ id: `settings.linkHandler.${state.state}` }, { schemes })}
    </p>
  );
}
