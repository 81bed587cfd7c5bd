import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { IntlProvider } from 'react-intl';
import { AppError } from '../../shared/errors.ts';
import type { StartupState } from '../../shared/startup.ts';
import { StartupScreen } from './app/StartupScreen.tsx';
import type { HoiioClient } from '../../shared/contract.ts';
import { App } from './app/App.tsx';
import { hostConnection, onHostConnectionChange } from './app/host-connection.ts';
import { BridgeProvider, clientFor } from './bridge-context.tsx';
import { createQueryClient, followPushEvents, queryKey } from './data/query.ts';
import { localeOf, messagesKey } from './i18n/IntlRoot.tsx';
import { IntlRoot } from './i18n/IntlRoot.tsx';
import { loadMessages } from './i18n/messages.ts';
import { resolveLocale } from '../../shared/i18n/index.ts';
import './styles/tokens.css';
import './styles/base.css';

async function resolveBridge() {
  if (window.hoiio) return window.hoiio;
  // No preload: we are running in the browser host.
  const { connectBrowserHost } = await import('./browser-host-transport.ts');
  const bridge = await connectBrowserHost();
  Object.defineProperty(window, 'hoiio', { value: bridge, writable: false, configurable: false });
  // The token has done its job (the host set a session cookie); keep it out of history and screenshots.
  history.replaceState(null, '', location.pathname + location.hash);
  return bridge;
}

/** Reads the settings and the chosen locale's catalogue before the first paint: no flash of the wrong language or theme. */
async function warmCache(client: HoiioClient, queryClient: ReturnType<typeof createQueryClient>) {
  const settings = await queryClient
    .fetchQuery({ queryKey: queryKey('settings', 'get'), queryFn: () => client.settings.get() })
    .catch(() => undefined);
  if (settings) document.documentElement.dataset.theme = settings.theme;
  const locale = localeOf(settings);
  await queryClient.prefetchQuery({
    queryKey: messagesKey(locale),
    queryFn: async () => ({ locale, messages: await loadMessages(locale) }),
  });
}

/**
 * Resolves once the core is ready (at once on a normal start); meanwhile shows the start-up screen
 * when start-up takes a while (a database upgrade after an update, the check after an unclean
 * stop), worded in the system's language (the settings are not readable yet). Rejects with the
 * error that stopped the core, which says what to do.
 */
async function waitForStartup(client: HoiioClient, root: Root): Promise<void> {
  let messages: Promise<{ locale: string; messages: Record<string, string> }> | undefined;
  const show = async (state: Extract<StartupState, { phase: 'checking' | 'upgrading' }>): Promise<void> => {
    const locale = resolveLocale('system', navigator.languages);
    messages ??= loadMessages(locale).then((loaded) => ({ locale, messages: loaded }));
    const catalogue = await messages;
    if (latest !== state) return; // a newer state came while the catalogue loaded (perhaps ready: the app renders)
    root.render(
      <IntlProvider locale={catalogue.locale} messages={catalogue.messages}>
        <StartupScreen state={state} />
      </IntlProvider>,
    );
  };
  let latest: StartupState = { phase: 'starting' };
  await new Promise<void>((resolve, reject) => {
    // Push events and the answer come in the order they were sent: the last one handled is the newest.
    const handle = (state: StartupState): void => {
      latest = state;
      if (state.phase === 'ready') return finish(resolve);
      if (state.phase === 'failed') return finish(() => reject(AppError.fromIpcError(state.error)));
      if (state.phase !== 'starting') void show(state);
    };
    const unsubscribe = client.on.startupChanged(handle);
    const finish = (settle: () => void): void => {
      unsubscribe();
      settle();
    };
    client.app.getStartup().then(handle, (error: unknown) => finish(() => reject(error)));
  });
}

/**
 * Once the connection to the core is back (host-connection.ts), every query is read again: push
 * events sent while it was lost (a call ending, a contact saved elsewhere) never reached the page.
 */
function refetchOnReconnect(queryClient: ReturnType<typeof createQueryClient>): void {
  let wasLost = false;
  onHostConnectionChange(() => {
    const { status } = hostConnection();
    if (status !== 'connected') wasLost = true;
    else if (wasLost) {
      wasLost = false;
      void queryClient.invalidateQueries();
    }
  });
}

const root = createRoot(document.getElementById('root')!);
resolveBridge()
  .then(async (bridge) => {
    const client = clientFor(bridge);
    await waitForStartup(client, root);
    const queryClient = createQueryClient();
    followPushEvents(queryClient, client);
    refetchOnReconnect(queryClient);
    await warmCache(client, queryClient);
    root.render(
      <StrictMode>
        <BridgeProvider client={client}>
          <QueryClientProvider client={queryClient}>
            <IntlRoot>
              <App />
            </IntlRoot>
          </QueryClientProvider>
        </BridgeProvider>
      </StrictMode>,
    );
  })
  .catch(async (error: unknown) => {
    // No bridge, or the core could not start (its error says what to do).
    // Nothing is known yet but the browser's languages: word the failure in the nearest one.
    const messages = await loadMessages(resolveLocale('system', navigator.languages));
    root.render(
      <main className="fatal" role="alert">
        <h1>{messages['app.fatal.title']}</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
      </main>,
    );
  });
