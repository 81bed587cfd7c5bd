import { TeamStatusLine } from '../team/TeamStatusLine.tsx';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeKeyed } from '../i18n/format.ts';
import { AboutView } from '../about/AboutView.tsx';
import { useBridge } from '../bridge-context.tsx';
import { CallLogView } from '../call-log/CallLogView.tsx';
import { useDialer } from '../calls/use-dialer.ts';
import { DialerView } from '../calls/DialerView.tsx';
import { ContactsView } from '../contacts/ContactsView.tsx';
import { SettingsView } from '../settings/SettingsView.tsx';
import { TelLinkBanner } from '../tel/TelLinkBanner.tsx';
import { UpdateBanner } from '../desktop/UpdateBanner.tsx';
import { useHoiioQuery } from '../data/query.ts';
import { CallAnnouncer } from './CallAnnouncer.tsx';
import { CallToasts } from './CallToasts.tsx';
import { useCallUnavailable } from './connectivity.ts';
import { StatusBar } from './StatusBar.tsx';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { useClearStaleDialerError } from '../calls/stale-dialer-error.ts';
import { ShortcutSheet } from './ShortcutSheet.tsx';
import { HeadingFocusProvider } from './view-heading.tsx';
import { navigate, parseHash } from './route.ts';
import { leaveIsHeld } from './leave-guard.ts';
import styles from './App.module.css';

// Insights draws charts (recharts): its own chunk, fetched when the view is first opened.
const InsightsView = lazy(() => import('../insights/InsightsView.tsx'));

/**
 * The views, in navigation order; Ctrl/Cmd + the digit opens each, numbered in that same order
 * (the n-th link in the sidebar is Ctrl/Cmd+n), so the digits can be read off the sidebar.
 */
export const VIEWS = [
  { id: 'contacts', label: 'nav.contacts', shortcut: '1' },
  { id: 'dialer', label: 'nav.dialer', shortcut: '2' },
  { id: 'calls', label: 'nav.callLog', shortcut: '3' },
  { id: 'insights', label: 'nav.insights', shortcut: '4' },
  { id: 'settings', label: 'nav.settings', shortcut: '5' },
  { id: 'about', label: 'nav.about', shortcut: '6' },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];

/** The view named by the URL's hash (`#/contacts`, `#/calls?range=7d`), so Back and Forward move between views. */
function viewFromHash(): ViewId {
  const id = parseHash().view;
  return VIEWS.find((view) => view.id === id)?.id ?? 'dialer';
}

export function App() {
  const intl = useIntl();
  const [view, setShownView] = useState<ViewId>(viewFromHash);
  // The rest of the hash (a contact page's id): Back and Forward within a view change it.
  const [route, setRoute] = useState(parseHash);
  const focusHeading = useRef(false);
  const dialer = useDialer();
  // A number the user chose to edit in the Dialer (from a tel: link); for this visit to the Dialer only.
  const [prefill, setPrefill] = useState<{ number: string; key: number } | null>(null);
  const show = useCallback((next: ViewId, focus = true) => {
    focusHeading.current = focus;
    setShownView(next);
    if (next !== 'dialer') setPrefill((previous) => previous && { ...previous, number: '' });
  }, []);
  // The hash on screen: Back, Forward or a link that a leave guard holds (unsaved contact edits)
  // is put back to it until the user chooses to leave (app/leave-guard.ts).
  const shownHash = useRef(location.hash);
  const setView = useCallback(
    (next: ViewId, focus = true) => {
      const go = () => {
        if (viewFromHash() !== next || parseHash().path.length > 0) history.pushState(null, '', `#/${next}`);
        shownHash.current = location.hash;
        setRoute(parseHash());
        show(next, focus);
      };
      if (!leaveIsHeld(go)) go();
    },
    [show],
  );
  useEffect(() => {
    const onHashChange = () => {
      const target = location.hash;
      const go = () => {
        if (location.hash !== target) history.pushState(null, '', target);
        shownHash.current = target;
        setRoute(parseHash());
        show(viewFromHash());
      };
      if (target !== shownHash.current && leaveIsHeld(go)) {
        // Back or Forward (links are held before they navigate, below): the page on screen
        // comes back as the newest entry, so Back asks again rather than skipping a step.
        history.pushState(null, '', shownHash.current);
        return;
      }
      go();
    };
    window.addEventListener('popstate', onHashChange);
    return () => window.removeEventListener('popstate', onHashChange);
  }, [show]);
  useEffect(() => {
    // An in-app link (`href="#/…"`) held by a leave guard does not navigate until the user agrees.
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
      const hash = link?.getAttribute('href');
      if (!hash || hash === location.hash) return;
      if (leaveIsHeld(() => navigate(hash))) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, []);
  useViewShortcuts(setView);
  // A notification was clicked in the desktop shell: show that call in the log.
  const hoiio = useBridge();
  const [openCallId, setOpenCallId] = useState<string | null>(null);
  useEffect(
    () =>
      hoiio.on.callOpenRequested(({ callId }) => {
        setOpenCallId(callId);
        setView('calls', false);
      }),
    [hoiio, setView],
  );
  // Click-to-call from Contacts or the log: dial at once (in the click's handler), show progress in the Dialer.
  const { dial } = dialer;
  useClearStaleDialerError(dialer);
  // Offline in live mode the Dialer says why Call is unavailable: show it there instead of dialling.
  const callUnavailable = useCallUnavailable() !== null;
  const callNumber = useCallback(
    (number: string, contactId: string | null) => {
      setView('dialer', false);
      if (!callUnavailable) void dial(number, contactId);
    },
    [callUnavailable, dial, setView],
  );
  const openInDialer = useCallback(
    (number: string) => {
      setView('dialer', false);
      setPrefill((previous) => ({ number, key: (previous?.key ?? 0) + 1 }));
    },
    [setView],
  );
  return (
    <div className={styles.app}>
      <ConnectionBanner />
      <ModeBanner />
      <UpdateBanner />
      <TelLinkBanner onCall={(number) => callNumber(number, null)} onOpenInDialer={openInDialer} />
      <div className={styles.layout}>
        <nav className={styles.sidebar} aria-label={intl.formatMessage({ id: 'nav.label' })}>
          <ul>
            {VIEWS.map((item) => (
              <li key={item.id}>
                <a
                  href={`#/${item.id}`}
                  className={styles.navItem}
                  aria-current={view === item.id ? 'page' : undefined}
                  aria-keyshortcuts={`Control+${item.shortcut}`}
                  onClick={(event) => {
                    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
                    event.preventDefault();
                    setView(item.id);
                  }}
                >
                  <FormattedMessage id={item.label} />
                </a>
              </li>
            ))}
          </ul>
          <TeamStatusLine />
          <ShortcutSheet views={VIEWS} />
        </nav>
        <main className={styles.content}>
          <HeadingFocusProvider pendingRef={focusHeading}>
            {view === 'contacts' && (
              <ContactsView key="contacts" onCall={callNumber} contactId={route.path[0] ?? null} />
            )}
            {view === 'dialer' && (
              <DialerView key={`dialer-${prefill?.key ?? 0}`} dialer={dialer} initialNumber={prefill?.number} />
            )}
            {view === 'calls' && <CallLogView key="calls" onCall={callNumber} openCallId={openCallId} />}
            {view === 'insights' && (
              <Suspense fallback={<ViewLoading />}>
                <InsightsView key="insights" />
              </Suspense>
            )}
            {view === 'settings' && <SettingsView key="settings" />}
            {view === 'about' && <AboutView key="about" />}
          </HeadingFocusProvider>
        </main>
      </div>
      <StatusBar onOpenSettings={() => setView('settings')} />
      <CallAnnouncer />
      <CallToasts dialerOpen={view === 'dialer'} />
    </div>
  );
}

/** While a lazily loaded view's code arrives. */
function ViewLoading() {
  const intl = useIntl();
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <FormattedMessage id="common.loading" values={{ what: intl.formatMessage({ id: 'insights.loadingLabel' }) }} />
    </div>
  );
}

/** Tells the user, always, whether calls are real, and what start-up had to repair. */
function ModeBanner() {
  const info = useHoiioQuery('app', 'getInfo').data;
  const intl = useIntl();
  if (!info) return null;
  return (
    <>
      {info.notices.map((notice) => (
        <div
          key={notice.message}
          className={`${styles.banner} ${styles.notice}`}
          role="alert"
          data-testid="startup-notice"
          data-notice-key={notice.key}
        >
          {describeKeyed(intl, 'notice', notice)}
        </div>
      ))}
      {info.mode === 'sandbox' && (
        <div className={styles.banner} role="status" data-testid="sandbox-banner">
          <FormattedMessage id="app.sandboxBanner" />
        </div>
      )}
    </>
  );
}

/** Ctrl/Cmd + 1..6 switches views (the sidebar's order), like tabs in most desktop apps. */
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
