/**
 * The renderer's one server-state cache (@tanstack/react-query) over `window.hoiio`.
 * Every query is keyed by its operation, `[namespace, operation, input]`, so one read of app info
 * or settings serves every view that shows it, and a push event can update or invalidate exactly
 * the entries it concerns (see `followPushEvents`).
 */
import {
  type InfiniteData,
  keepPreviousData,
  QueryClient,
  useMutation,
  useQuery,
  type UseMutationOptions,
  type UseQueryResult,
} from '@tanstack/react-query';
import type { CallRecord } from '../../../shared/calls.ts';
import type { CallLogEntry, CallLogKeysetPage, CallLogPage } from '../../../shared/call-log.ts';
import type { Contract, HoiioClient, Namespace } from '../../../shared/contract.ts';
import { useBridge } from '../bridge-context.tsx';

type Operation<N extends Namespace> = keyof Contract[N] & keyof HoiioClient[N] & string;
type Fn<N extends Namespace, K extends Operation<N>> = HoiioClient[N][K] extends (input: infer I) => Promise<infer O>
  ? { input: I; output: O }
  : never;
type Call = (input: unknown) => Promise<never>;

/** The cache key of one operation with one input. */
export function queryKey<N extends Namespace, K extends Operation<N>>(
  namespace: N,
  operation: K,
  input?: Fn<N, K>['input'],
): readonly unknown[] {
  return input === undefined ? [namespace, operation] : [namespace, operation, input];
}

/** The live calls and the calls of this session, newest first (kept by callUpdated; see followPushEvents). */
export const SESSION_CALLS_KEY = ['session', 'calls'] as const;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Push events keep the cache current: no refetch on focus or on every mount.
        staleTime: Infinity,
        refetchOnWindowFocus: false,
        retry: false,
        // The bridge is IPC to the core, not the network: offline, contacts and history still load
        // (react-query's default 'online' mode would pause every query while the OS reports no network).
        networkMode: 'always',
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}

/** Reads one operation through the cache. */
export function useHoiioQuery<N extends Namespace, K extends Operation<N>>(
  namespace: N,
  operation: K,
  input?: Fn<N, K>['input'],
  options: { enabled?: boolean; keepPrevious?: boolean } = {},
): UseQueryResult<Fn<N, K>['output']> {
  const hoiio = useBridge();
  return useQuery<Fn<N, K>['output']>({
    queryKey: queryKey(namespace, operation, input),
    queryFn: () => (hoiio[namespace][operation] as unknown as Call)(input),
    enabled: options.enabled ?? true,
    // A new search or page keeps showing the rows on screen until the new ones arrive.
    placeholderData: options.keepPrevious ? (keepPreviousData as never) : undefined,
  });
}

/** Runs one operation as a mutation (busy, error, reset); `onSuccess` updates the cache. */
export function useHoiioMutation<N extends Namespace, K extends Operation<N>>(
  namespace: N,
  operation: K,
  options: Omit<UseMutationOptions<Fn<N, K>['output'], Error, Fn<N, K>['input']>, 'mutationFn'> = {},
) {
  const hoiio = useBridge();
  return useMutation({
    mutationFn: (input: Fn<N, K>['input']) => (hoiio[namespace][operation] as unknown as Call)(input),
    ...options,
  });
}

/** Adds or replaces one call in the session list if it is newer (an out-of-order event never moves a call back). */
export function rememberCall(client: QueryClient, call: CallRecord): void {
  client.setQueryData<readonly CallRecord[]>(SESSION_CALLS_KEY, (current = []) => {
    const known = current.find((item) => item.id === call.id);
    if (known && known.updatedAt > call.updatedAt) return current;
    const others = current.filter((item) => item.id !== call.id);
    return [call, ...others].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  });
}

/**
 * Patches `call` into every cached call-log page that lists it: the offset pages
 * (`callLog.query`) and the keyset windows of the virtual lists (`callLog.page`, infinite data).
 * Returns whether any page held it.
 */
function patchLogPages(client: QueryClient, call: Partial<CallLogEntry> & { id: string }): boolean {
  let seen = false;
  for (const [key, page] of client.getQueriesData<CallLogPage>({ queryKey: ['callLog', 'query'] })) {
    const index = page?.items.findIndex((item) => item.id === call.id) ?? -1;
    if (!page || index < 0) continue;
    seen = true;
    const items = page.items.slice();
    items[index] = { ...items[index]!, ...call };
    client.setQueryData<CallLogPage>(key, { ...page, items });
  }
  for (const [key, data] of client.getQueriesData<InfiniteData<CallLogKeysetPage>>({ queryKey: ['callLog', 'page'] })) {
    if (!data?.pages.some((page) => page.items.some((item) => item.id === call.id))) continue;
    seen = true;
    client.setQueryData<InfiniteData<CallLogKeysetPage>>(key, {
      ...data,
      pages: data.pages.map((page) =>
        page.items.some((item) => item.id === call.id)
          ? { ...page, items: page.items.map((item) => (item.id === call.id ? { ...item, ...call } : item)) }
          : page,
      ),
    });
  }
  return seen;
}

/**
 * Subscribes the cache to every push event; returns the unsubscribe function.
 * - callUpdated: the session list and the matching row of each cached call-log page are patched in
 *   place; only a call no page holds yet (a new one) marks the log's pages stale, and a page filtered
 *   by outcome too (the call may now belong to another filter).
 * - callNotesChanged: the note text of the matching row of each cached page, the note, and searches.
 * - callLogChanged (deleted, restored, cleared, database restored): every call-log query (pages, totals, Insights);
 *   `team` (the team's calls or notes pulled): the pages of a team member's log, the team's notes and calls.
 * - contactsChanged: the contact lists and lookups, the log pages (names shown there), and what
 *   undoing the last import would do.
 * - accountChanged, accountNumbers, appInfoChanged, tunnelState, teamStatus: replace their one entry with the payload.
 * - The balance (`account.verify`) and the minutes it covers (`rates`) are read again when a call Hoiio accepted
 *   ends or fails (Hoiio debits at the end, hoiio-api.md §4), when a call is refused for the credit (the balance
 *   shown was out of date), and when the account or mode changes.
 */
/**
 * Whether a call update means the balance shown may be out of date: a final call Hoiio accepted (it
 * may have been debited, whatever its outcome), or one Hoiio refused for lack of credit.
 */
function balanceMayHaveChanged(call: CallRecord): boolean {
  if (call.state !== 'ended' && call.state !== 'failed') return false;
  return call.txnRef !== null || call.errorStatus === 'error_insufficient_credit';
}

export function followPushEvents(client: QueryClient, hoiio: HoiioClient): () => void {
  const offs = [
    hoiio.on.callUpdated((call) => {
      rememberCall(client, call);
      const seen = patchLogPages(client, call);
      // A call no cached page holds (a new one) belongs at the top of the lists: they re-read their
      // pages from the same anchors (rows on screen stay put). A page filtered by outcome too:
      // the call may now belong to another outcome.
      const filteredByOutcome = (query: { queryKey: readonly unknown[] }) =>
        (query.queryKey[2] as { outcomes?: unknown } | undefined)?.outcomes !== undefined;
      void client.invalidateQueries({
        queryKey: ['callLog', 'query'],
        predicate: (query) => !seen || filteredByOutcome(query),
      });
      void client.invalidateQueries({
        queryKey: ['callLog', 'page'],
        predicate: (query) => !seen || filteredByOutcome(query),
      });
      client.setQueryData(queryKey('calls', 'get', { id: call.id }), call);
      client.setQueryData(queryKey('callLog', 'get', { id: call.id }), (entry: CallLogEntry | undefined) =>
        entry ? { ...entry, ...call } : entry,
      );
      if (call.state === 'ended' || call.state === 'failed') {
        // A call that ended changes the figures of Insights (refetched when shown, marked stale otherwise).
        void client.invalidateQueries({ queryKey: ['callLog', 'totals'] });
        void client.invalidateQueries({ queryKey: ['callLog', 'topContacts'] });
      }
      if (balanceMayHaveChanged(call)) {
        // The balance, and the minutes it covers in the Dialer's price line.
        void client.invalidateQueries({ queryKey: queryKey('account', 'verify') });
        void client.invalidateQueries({ queryKey: ['rates'] });
      }
    }),
    hoiio.on.callNotesChanged(({ callId, note }) => {
      patchLogPages(client, { id: callId, note });
      client.setQueryData(queryKey('callLog', 'get', { id: callId }), (entry: CallLogEntry | undefined) =>
        entry ? { ...entry, note } : entry,
      );
      // The note itself (its author's row), the team's notes on it (issue 16), and searches that may now match or not.
      void client.invalidateQueries({ queryKey: queryKey('notes', 'get', { callId }) });
      void client.invalidateQueries({ queryKey: ['team', 'callNotes'] });
      const searched = (query: { queryKey: readonly unknown[] }) =>
        ((query.queryKey[2] as { search?: string } | undefined)?.search ?? '') !== '';
      void client.invalidateQueries({ queryKey: ['callLog', 'query'], predicate: searched });
      void client.invalidateQueries({ queryKey: ['callLog', 'page'], predicate: searched });
    }),
    hoiio.on.callLogChanged(({ reason }) => {
      // The team's calls pulled from the server: only a team member's log pages list them.
      const teamPages = (query: { queryKey: readonly unknown[] }) =>
        (query.queryKey[2] as { team?: unknown } | undefined)?.team !== undefined;
      if (reason === 'team') {
        void client.invalidateQueries({ queryKey: ['callLog', 'page'], predicate: teamPages });
        // Calls or notes pulled from the team (issue 16): the team's notes and calls shown in details.
        void client.invalidateQueries({ queryKey: ['team', 'callNotes'] });
        void client.invalidateQueries({ queryKey: ['team', 'getCall'] });
      } else void client.invalidateQueries({ queryKey: ['callLog'] });
    }),
    hoiio.on.contactsChanged(() => {
      void client.invalidateQueries({ queryKey: ['contacts'] });
      // Whether the last import can still be undone depends on every later change to contacts.
      void client.invalidateQueries({ queryKey: queryKey('importExport', 'lastImport') });
      void client.invalidateQueries({ queryKey: ['callLog', 'query'] });
      void client.invalidateQueries({ queryKey: ['callLog', 'page'] });
    }),
    hoiio.on.accountChanged((status) => {
      client.setQueryData(queryKey('account', 'getStatus'), status);
      void client.invalidateQueries({ queryKey: queryKey('account', 'verify') });
    }),
    hoiio.on.accountNumbers((numbers) => client.setQueryData(queryKey('account', 'getNumbers'), numbers)),
    hoiio.on.appInfoChanged((info) => client.setQueryData(queryKey('app', 'getInfo'), info)),
    hoiio.on.tunnelState((state) => client.setQueryData(queryKey('tunnel', 'getState'), state)),
    hoiio.on.teamStatus((status) => client.setQueryData(queryKey('team', 'getStatus'), status)),
    hoiio.on.desktopStateChanged((state) => client.setQueryData(queryKey('desktop', 'getState'), state)),
  ];
  return () => offs.forEach((off) => off());
}
