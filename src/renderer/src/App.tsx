import { useCallback, useEffect, useState } from 'react';
import { useBridge } from './bridge-context.tsx';
import { useAsync } from './use-async.ts';
import { AboutView } from './views/AboutView.tsx';
import { DialerView } from './views/DialerView.tsx';
import { useDialer } from './calls/use-dialer.ts';
import { TelLinkBanner } from './tel/TelLinkBanner.tsx';
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
  // A number the user chose to edit in the Dialer (from a tel: link); for this visit to the Dialer only.
  const [prefill, setPrefill] = useState<{ number: string; key: number } | null>(null);
  const setView = useCallback((next: ViewId) => {
    setShownView(next);
    if (next !== 'dialer') setPrefill((previous) => previous && { ...previous, number: '' });
  }, []);
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
  const openInDialer = useCallback((number: string) => {
    setShownView('dialer');
    setPrefill((previous) => ({ number, key: (previous?.key ?? 0) + 1 }));
  }, []);
  return (
    <div className="app">
      <ModeBanner />
      <TelLinkBanner onCall={(number) => callNumber(number, null)} onOpenInDialer={openInDialer} />
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

/** Ctrl/Cmd + 1..5 switches views, like tabs in most desktop apps. */
function useViewShortcuts(setView: (view: ViewId) => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      // A modal dialog is asking something: answer it first.
      if (document.querySelector('dialog[open]')) return;
      const match = VIEWS.find((item) => item.shortcut === event.key);
      if (!match) return;
      event.preventDefault();
      setView(match.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [setView]);
}
