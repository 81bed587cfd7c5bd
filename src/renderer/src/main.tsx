import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { HoiioClient } from '../../shared/contract.ts';
import { App } from './app/App.tsx';
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

const root = createRoot(document.getElementById('root')!);
resolveBridge().then(
  async (bridge) => {
    const client = clientFor(bridge);
    const queryClient = createQueryClient();
    followPushEvents(queryClient, client);
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
  },
  async (error: unknown) => {
    // Nothing is known yet but the browser's languages: word the failure in the nearest one.
    const messages = await loadMessages(resolveLocale('system', navigator.languages));
    root.render(
      <main className="fatal" role="alert">
        <h1>{messages['app.fatal.title']}</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
      </main>,
    );
  },
);
