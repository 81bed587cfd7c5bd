import { useCallback, useEffect, useState } from 'react';
import { useBridge } from './bridge-context.tsx';
import { useAsync } from './use-async.ts';
import { AboutView } from './views/AboutView.tsx';
import { DialerView } from './views/DialerView.tsx';
import { useDialer } from './calls/use-dialer.ts';
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
  const [view, setView] = useState<ViewId>('dialer');
  const sessionCalls = useSessionCalls();
  const dialer = useDialer(sessionCalls.remember);
  useViewShortcuts(setView);
  // Click-to-call from Contacts or the log: dial at once (in the click's handler), show progress in the Dialer.
  const { dial } = dialer;
  const callNumber = useCallback(
    (number: string, contactId: string | null) => {
      setView('dialer');
      void dial(number, contactId);
    },
    [dial],
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
          {view === 'dialer' && <DialerView calls={sessionCalls.calls} dialer={dialer} />}
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
      const match = VIEWS.find((item) => item.shortcut === event.key);
      if (!match) return;
      event.preventDefault();
      setView(match.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [setView]);
}
