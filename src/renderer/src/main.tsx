import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { BridgeProvider } from './bridge-context.tsx';
import './styles.css';

async function resolveBridge() {
  if (window.hoiio) return window.hoiio;
  // No preload: we are running in the browser host.
  const { connectBrowserHost } = await import('./browser-host-transport.ts');
  const bridge = await connectBrowserHost();
  Object.defineProperty(window, 'hoiio', { value: bridge, writable: false, configurable: false });
  // The token has done its job (the host set a session cookie); keep it out of history and screenshots.
  history.replaceState(null, '', location.pathname);
  return bridge;
}

const root = createRoot(document.getElementById('root')!);
resolveBridge().then(
  (bridge) =>
    root.render(
      <StrictMode>
        <BridgeProvider bridge={bridge}>
          <App />
        </BridgeProvider>
      </StrictMode>,
    ),
  (error: unknown) =>
    root.render(
      <main className="fatal" role="alert">
        <h1>The app could not start</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
      </main>,
    ),
);
