import { useCallback, useEffect, useState } from 'react';
import { useBridge } from './bridge-context.tsx';
import { useAsync } from './use-async.ts';
import { AboutView } from './views/AboutView.tsx';
import { DialerView } from './views/DialerView.tsx';
import { useDialer, type Dialer } from './calls/use-dialer.ts';
import { ContactsView } from './views/ContactsView.tsx';
import { CallLogView } from './views/CallLogView.tsx';
import { SettingsView } from './views/SettingsView.tsx';
import { useSessionCalls } from './calls/use-calls.ts';

const VIEWS = [
  { id: 'contacts', label: 'Contacts', shortcut: '1' },
  { id: 'dialer', label: 'Dialer', shortcut: '2' },
  { id: 'calls', label: 'Call log', shortcut: '3' },
  { id: 'settings', label: 'Settings', shortcut: '4' },
  { id: 'about', label: 'About', shortcut: '5' },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];

export function App() {
  const [view, setShownView] = useState<ViewId>('dialer');
  const sessionCalls = useSessionCalls();
  const dialer = useDialer(sessionCalls.remember);
  const [prefill, clearPrefill] = useTelLinks(dialer, setShownView);
  // A tel: link's number is for this visit to the Dialer only.
  const setView = useCallback(
    (next: ViewId) => {
      setShownView(next);
      if (next !== 'dialer') clearPrefill();
    },
    [clearPrefill],
  );
  useViewShortcuts(setView);
  // Click-to-call from Contacts or the log: dial at once (in the click's handler), show progress in the Dialer.
  const { dial } = dialer;
  const callNumber = useCallback(
    (number: string, contactId: string | null) => {
      setView('dialer');
      void dial(number, contactId);
    },
    [dial, setView],
  );
  return (
    <div className="app">
      <ModeBanner />
      <div className="layout">
        <nav className="sidebar" aria-label="Main">
          <ul>
            {VIEWS.map((item) => (
              <li key={item.id}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={view === item.id ? 'page' : undefined}
                  onClick={() => setView(item.id)}
                  title={`${item.label} (Ctrl+${item.shortcut})`}
                >
                  {item.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <main className="content">
          {view === 'contacts' && <ContactsView onCall={callNumber} />}
          {view === 'dialer' && (
            <DialerView
              key={prefill?.key ?? 0}
              calls={sessionCalls.calls}
              dialer={dialer}
              initialNumber={prefill?.number}
            />
          )}
          {view === 'calls' && <CallLogView onCall={callNumber} />}
          {view === 'settings' && <SettingsView />}
          {view === 'about' && <AboutView />}
        </main>
      </div>
    </div>
  );
}

/** Tells the user, always, whether calls are real, and what start-up had to repair. */
function ModeBanner() {
  const hoiio = useBridge();
  const [info, reload] = useAsync(() => hoiio.app.getInfo(), [hoiio]);
  useEffect(() => hoiio.on.appInfoChanged(reload), [hoiio, reload]);
  if (info.status !== 'ready') return null;
  return (
    <>
      {info.value.notices.map((notice) => (
        <div key={notice} className="mode-banner notice-banner" role="alert" data-testid="startup-notice">
          {notice}
        </div>
      ))}
      {info.value.mode === 'sandbox' && (
        <div className="mode-banner" role="status" data-testid="sandbox-banner">
          Sandbox mode: calls are simulated and no phone rings. Add your Hoiio credentials in Settings to make real
          calls.
        </div>
      )}
    </>
  );
}

/**
 * tel: links: a valid one fills the Dialer with its number (a new `key` remounts the Dialer with
 * it, focused); a bad one shows why in the Dialer's error area. Never places a call: a link must
 * not ring phones without the user pressing Call. The outcome is taken from the core on start
 * (the link may be what started the app) and whenever a push event says there is one.
 */
function useTelLinks(
  dialer: Dialer,
  setView: (view: ViewId) => void,
): [prefill: { number: string; key: number } | null, clear: () => void] {
  const hoiio = useBridge();
  const [prefill, setPrefill] = useState<{ number: string; key: number } | null>(null);
  const { clearError, showError } = dialer;
  useEffect(() => {
    const take = () => {
      hoiio.telLinks.takePending().then(
        (pending) => {
          if (!pending) return;
          setView('dialer');
          if (pending.event === 'dialRequested') {
            clearError();
            const { number } = pending.payload;
            setPrefill((previous) => ({ number, key: (previous?.key ?? 0) + 1 }));
          } else {
            showError(`This link cannot be called: ${pending.payload.reason}`);
          }
        },
        () => {},
      );
    };
    take();
    const offs = [hoiio.on.dialRequested(take), hoiio.on.telLinkRejected(take)];
    return () => offs.forEach((off) => off());
  }, [hoiio, clearError, showError, setView]);
  const clear = useCallback(() => setPrefill((previous) => previous && { ...previous, number: '' }), []);
  return [prefill, clear];
}

/** Ctrl/Cmd + 1..5 switches views, like tabs in most desktop apps. */
function useViewShortcuts(setView: (view: ViewId) => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const match = VIEWS.find((item) => item.shortcut === event.key);
      if (!match) return;
      event.preventDefault();
      setView(match.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [setView]);
}
