import { useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { FormattedMessage } from 'react-intl';
import {
  CALL_LOG_LIMITS,
  type CallLogAnchor,
  type CallLogFilter,
  type CallLogListEntry,
  type CallLogTeamScope,
  type PlacedBy,
} from '../../../shared/call-log.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { formatHash, navigate, parseHash, replaceParams } from '../app/route.ts';
import { ViewHeading } from '../app/view-heading.tsx';
import { useBridge } from '../bridge-context.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { OutcomeBadge, badgeOutcome } from '../components/OutcomeBadge.tsx';
import { ListStates } from '../components/ListStates.tsx';
import { useKeysetList } from '../components/use-keyset-list.ts';
import { useMediaQuery } from '../components/use-media-query.ts';
import { gridRowClass, VirtualGrid, type GridEntry } from '../components/VirtualGrid.tsx';
import { useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import { ExportPanel } from '../io/ExportPanel.tsx';
import { useDebounced } from '../use-debounced.ts';
import { useLastWithinLimit, useTextLimit, withTextLimit } from '../components/TextLimit.tsx';
import { CallDetails } from './CallDetails.tsx';
import { TeamCallDetails } from './TeamCallDetails.tsx';
import { DeleteCallsPrompt } from './DeleteCallsPrompt.tsx';
import { useDeleteCalls } from './use-delete-calls.ts';
import {
  DATE_RANGES,
  dateRangeProblem,
  dayKey,
  dayLabelKind,
  filterOf,
  searchesNamesOnly,
  viewStateFromParams,
  viewStateParams,
  type LogViewState,
} from './call-log-filter.ts';
import styles from './call-log.module.css';

const OUTCOME_FILTERS = [
  '',
  'connected',
  'no_answer',
  'cancelled',
  'unknown',
  'busy',
  'failed',
  'error',
  'in_progress',
] as const;
const TEAM_SCOPES: readonly CallLogTeamScope[] = ['everyone', 'mine'];
const filterLabel = (outcome: string) => `callLog.filter.${outcome || 'all'}`;
const ROW_HEIGHT = 56;
/** Rows folded onto two lines in a narrow window (the @media block in call-log.module.css). */
const NARROW_LOG = '(max-width: 1140px)';
const NARROW_ROW_HEIGHT = 68;
const DAY_HEIGHT = 32;
const PAGE_SIZE = 100;

type LogEntry =
  (GridEntry & { kind: 'day'; label: string }) | (GridEntry & { kind: 'call'; call: CallLogListEntry; day: string });

/**
 * The call log: a virtual grid over the whole log, read by keyset page (issue 13), grouped by day,
 * filtered by search, date range, outcome and contact (kept in the URL: Back restores it), with
 * a details drawer per call. `openCallId`: a call the shell asked to show (a notification was
 * clicked, push event `callOpenRequested`): its details open.
 */
export function CallLogView({
  onCall,
  openCallId = null,
}: {
  onCall: (e164: string, contactId: string | null) => void;
  openCallId?: string | null;
}) {
  const { t } = useFormat();
  const [state, setState] = useState<LogViewState>(() => viewStateFromParams(parseHash().params));
  const searchLimit = useTextLimit({ id: 'calllog-search', length: state.search.length, max: CALL_LOG_LIMITS.search });
  const search = useDebounced(useLastWithinLimit(state.search.trim(), searchLimit.over));
  const [exporting, setExporting] = useState(false);
  const [details, setDetails] = useState<string | null>(openCallId);
  // A call another member placed (a team-only row): its team id and the row's words for the other side.
  const [teamDetails, setTeamDetails] = useState<{ readonly teamId: string; readonly party: string } | null>(null);
  // A new call to show (a notification was clicked while the log was open) opens its details.
  const [shownOpen, setShownOpen] = useState(openCallId);
  if (openCallId !== shownOpen) {
    setShownOpen(openCallId);
    setDetails(openCallId);
  }
  useEffect(() => replaceParams('calls', viewStateParams(state)), [state]);
  const today = new Date().toDateString(); // presets move at midnight, not on every render
  // A custom range's dates are checked in one place (call-log-filter.ts); a bad range is said beside the
  // fields and nothing is listed for it (as Insights shows no figures): no calls of some other range, nor
  // of its one sound bound, stand under the error as if they were its calls.
  const rangeProblem = dateRangeProblem(state);
  const filter = useMemo(
    () => filterOf(state, search, new Date()),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state, search, today],
  );
  const update = (patch: Partial<LogViewState>) => setState((current) => ({ ...current, ...patch }));
  const rangeErrorId = 'calllog-range-error';
  const dateFieldProps = (field: 'from' | 'to') =>
    rangeProblem?.field === field ? { 'aria-invalid': true, 'aria-describedby': rangeErrorId } : {};
  const contact = useHoiioQuery('contacts', 'get', { id: state.contactId }, { enabled: state.contactId !== '' });
  // Only a team member's log has "Placed by" (issue 15); without a team nothing changes.
  const teamStatus = useHoiioQuery('team', 'getStatus').data;
  const team = teamStatus?.server ? { scope: state.placedBy, member: teamStatus.member } : null;
  const deleting = useDeleteCalls();
  // Where focus goes after a delete (the next row, else the previous one) and after Undo (the restored
  // row): the grid focuses it once it shows it (VirtualGrid focusRequest); with no row, the search box.
  const focusAfterDelete = useRef<string | null>(null);
  const neighbourOf = useRef<(callId: string) => string | null>(() => null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [focusRequest, setFocusRequest] = useState<{ readonly key: string } | null>(null);
  const focusRow = (id: string | null) => {
    if (id) setFocusRequest({ key: id });
    else searchRef.current?.focus();
  };
  const askDelete = (callId: string, party: string, hasNote: boolean) => {
    focusAfterDelete.current = neighbourOf.current(callId);
    setDetails(null);
    deleting.ask([callId], party, hasNote ? 1 : 0);
  };

  return (
    <section className="view list-view" aria-labelledby="calllog-heading">
      <ViewHeading id="calllog-heading">
        <FormattedMessage id="callLog.title" />
      </ViewHeading>
      <div className={`toolbar ${styles.toolbar}`}>
        <input
          ref={searchRef}
          id="calllog-search"
          type="search"
          aria-label={t('callLog.search')}
          placeholder={t('callLog.searchPlaceholder')}
          value={state.search}
          onChange={(event) => update({ search: event.target.value })}
          {...withTextLimit({}, searchLimit)}
        />
        <select
          aria-label={t('callLog.range')}
          value={state.range}
          onChange={(event) => update({ range: event.target.value as LogViewState['range'] })}
        >
          {DATE_RANGES.map((range) => (
            <option key={range} value={range}>
              {t(`callLog.range.${range}`)}
            </option>
          ))}
        </select>
        {state.range === 'custom' && (
          <span className={styles.dateRange}>
            <label className={styles.dateField}>
              <FormattedMessage id="callLog.range.from" />
              <input
                type="date"
                min="0001-01-01"
                max="9999-12-31"
                value={state.fromDate}
                onChange={(event) => update({ fromDate: event.target.value })}
                {...dateFieldProps('from')}
              />
            </label>
            <label className={styles.dateField}>
              <FormattedMessage id="callLog.range.to" />
              <input
                type="date"
                min="0001-01-01"
                max="9999-12-31"
                value={state.toDate}
                onChange={(event) => update({ toDate: event.target.value })}
                {...dateFieldProps('to')}
              />
            </label>
          </span>
        )}
        <select
          aria-label={t('callLog.outcome')}
          value={state.outcome}
          onChange={(event) => update({ outcome: event.target.value as LogViewState['outcome'] })}
        >
          {OUTCOME_FILTERS.map((option) => (
            <option key={option} value={option}>
              {t(filterLabel(option))}
            </option>
          ))}
        </select>
        {team && (
          <select
            aria-label={t('callLog.placedBy')}
            value={state.placedBy}
            onChange={(event) => update({ placedBy: event.target.value as CallLogTeamScope })}
          >
            {TEAM_SCOPES.map((scope) => (
              <option key={scope} value={scope}>
                {t(`callLog.placedBy.${scope}`)}
              </option>
            ))}
          </select>
        )}
        <button
          type="button"
          onClick={() => setExporting(true)}
          disabled={exporting || rangeProblem !== null}
          aria-expanded={exporting}
        >
          <FormattedMessage id="callLog.export" />
        </button>
      </div>
      {searchLimit.notes}
      {rangeProblem && (
        <p id={rangeErrorId} className="error-text" role="alert" data-testid="date-range-error">
          {t(rangeProblem.key, rangeProblem.params)}
        </p>
      )}
      {state.contactId && (
        <p className={styles.chip} data-testid="contact-filter">
          <FormattedMessage
            id="callLog.contactFilter"
            values={{ name: contact.data?.name ?? t('callLog.contactFilter.unknown') }}
          />
          <button type="button" className="small" onClick={() => update({ contactId: '' })}>
            <FormattedMessage id="callLog.contactFilter.clear" />
          </button>
        </p>
      )}
      {exporting && !rangeProblem && (
        <ExportPanel
          title={t('callLog.export.title')}
          formats={[{ kind: 'call-log-csv', label: 'callLog.export.csv' }]}
          fileBase="call-log"
          noun="calls"
          run={(hoiio, { jobId, path, overwrite }) =>
            // A team member's export follows the "Placed by" filter and adds a "Placed by" column.
            hoiio.callLog.exportCsv({
              jobId,
              path,
              overwrite,
              filter,
              ...(team ? { team: { scope: team.scope, member: team.member } } : {}),
            })
          }
          onClose={() => setExporting(false)}
        >
          <span>
            <FormattedMessage id="callLog.export.what" />
          </span>
          <span data-testid="export-filter">{describeFilter(t, search, state, contact.data?.name, team)}</span>
        </ExportPanel>
      )}
      <DeleteCallsPrompt
        deleting={deleting}
        onDeleted={() => focusRow(focusAfterDelete.current)}
        onRestored={(ids) => focusRow(ids[0] ?? null)}
      />
      {rangeProblem ? (
        <EmptyState title={t('callLog.rangeInvalid')}>
          <FormattedMessage id="callLog.rangeInvalidHint" />
        </EmptyState>
      ) : (
        <CallLogGrid
          filter={filter}
          team={team}
          filtered={
            search !== '' ||
            state.range !== 'all' ||
            state.outcome !== '' ||
            state.contactId !== '' ||
            team?.scope === 'mine'
          }
          onCall={onCall}
          onDetails={setDetails}
          onTeamDetails={(teamId, party) => setTeamDetails({ teamId, party })}
          onDelete={askDelete}
          focusRequest={focusRequest}
          neighbourRef={neighbourOf}
        />
      )}
      {details && (
        <CallDetails
          callId={details}
          onClose={() => setDetails(null)}
          onCall={onCall}
          onDelete={askDelete}
          onAddContact={(e164) => navigate(formatHash('contacts', [], { add: e164 }))}
        />
      )}
      {teamDetails && (
        <TeamCallDetails
          teamId={teamDetails.teamId}
          party={teamDetails.party}
          onClose={() => setTeamDetails(null)}
          onCall={onCall}
        />
      )}
    </section>
  );
}

/** A note's first line, for a row (the details drawer shows it all). */
function firstLine(note: string): string {
  return note.split('\n', 1)[0] ?? '';
}

/** Words for what the export writes: the same filter as the list. */
function describeFilter(
  t: (id: string, values?: Record<string, string>) => string,
  search: string,
  state: LogViewState,
  contactName: string | undefined,
  team: { readonly scope: CallLogTeamScope } | null,
): string {
  const parts = [
    team?.scope === 'mine' ? t('callLog.export.placedByMe') : null,
    search ? t('callLog.export.matching', { search }) : null,
    state.range !== 'all' ? t(`callLog.range.${state.range}`).toLocaleLowerCase() : null,
    state.outcome ? t(filterLabel(state.outcome)).toLocaleLowerCase() : null,
    state.contactId ? t('callLog.contactFilter', { name: contactName ?? '' }) : null,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return t('callLog.export.all');
  return t('callLog.export.only', { filters: parts.join(t('common.listSeparator')) });
}

/**
 * The log as a virtual grid: keyset pages of the filter (use-keyset-list.ts), day labels between
 * days, a bounded number of rows in the DOM. Also used on a contact's page (`compact`).
 */
export function CallLogGrid({
  filter,
  team = null,
  filtered,
  empty,
  onCall,
  onDetails,
  onTeamDetails,
  onDelete,
  label,
  focusRequest = null,
  neighbourRef,
}: {
  filter: CallLogFilter;
  /** A team member's log: whose calls, and this desktop's member name (for "You"); null without a team. */
  team?: { readonly scope: CallLogTeamScope; readonly member: string | null } | null;
  filtered: boolean;
  /** What an empty list says, in place of the call log's own words (e.g. a contact's page, which has no filters to change). */
  empty?: { readonly title: string; readonly hint: ReactNode };
  onCall: (e164: string, contactId: string | null) => void;
  onDetails: (callId: string) => void;
  /** Opens the details of a call another member placed (a team-only row: its team id); none: no Details there. */
  onTeamDetails?: (teamId: string, party: string) => void;
  /** Asks to delete a call (the Delete key on its row); none on pages that do not delete. */
  onDelete?: (callId: string, party: string, hasNote: boolean) => void;
  label?: string;
  /** A row to focus once the grid shows it (after a delete or an Undo). */
  focusRequest?: { readonly key: string } | null;
  /** Set to a function giving the row after a call's (else the one before): where focus goes once it is deleted. */
  neighbourRef?: RefObject<(callId: string) => string | null>;
}) {
  const { t, intl, number } = useFormat();
  const hoiio = useBridge();
  const rowHeight = useMediaQuery(NARROW_LOG) ? NARROW_ROW_HEIGHT : ROW_HEIGHT;
  const list = useKeysetList<CallLogListEntry, CallLogAnchor>({
    key: ['callLog', 'page', team ? { ...filter, team: team.scope } : filter],
    first: { kind: 'newest' },
    last: { kind: 'oldest' },
    fetchPage: async (anchor, withTotal) => {
      const scope = team ? { team: team.scope } : {};
      const page = await hoiio.callLog.page({ ...filter, ...scope, anchor, limit: PAGE_SIZE, withTotal });
      return { items: page.items, below: page.older, above: page.newer, total: page.total };
    },
  });
  const items = list.items;
  useEffect(() => {
    if (!neighbourRef) return;
    neighbourRef.current = (callId) => {
      const index = items.findIndex((call) => call.id === callId);
      return index < 0 ? null : ((items[index + 1] ?? items[index - 1])?.id ?? null);
    };
  }, [items, neighbourRef]);
  const now = new Date();
  const entries = useMemo(() => {
    const result: LogEntry[] = [];
    let day: string | null = null;
    for (const call of list.items) {
      const key = dayKey(call.createdAt);
      const kind = dayLabelKind(call.createdAt, now);
      const label =
        kind === 'date'
          ? intl.formatDate(call.createdAt, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
          : t(`callLog.day.${kind}`);
      if (key !== day) {
        result.push({ kind: 'day', key: `day:${key}`, size: DAY_HEIGHT, row: false, label });
        day = key;
      }
      result.push({ kind: 'call', key: call.id, size: rowHeight, row: true, call, day: label });
    }
    return result;
    // `now` only matters across midnight; the items decide.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list.items, intl, t, rowHeight]);

  return (
    <ListStates
      list={list}
      loadingLabel={t('callLog.loadingLabel')}
      failed={
        <FormattedMessage
          id="common.loadFailed"
          values={{ what: t('callLog.loadingLabel'), reason: intl.formatMessage({ id: 'callLog.loadFailed' }) }}
        />
      }
      empty={
        empty ?? {
          title: t(filtered ? 'callLog.noMatches' : 'callLog.empty'),
          hint: <FormattedMessage id={filtered ? 'callLog.noMatchesHint' : 'callLog.emptyHint'} />,
        }
      }
      count={(total) =>
        total.exact
          ? t('callLog.count', { count: total.count })
          : t('callLog.countAtLeast', { count: number(total.count) })
      }
      countTestId="call-count"
      note={
        searchesNamesOnly(filter.search ?? '') ? (
          <span data-testid="short-search-note">
            <FormattedMessage id="callLog.shortSearchNamesOnly" />
          </span>
        ) : undefined
      }
    >
      <VirtualGrid
        label={label ?? t('callLog.grid')}
        testId="call-log-grid"
        className={team ? styles.teamGrid : styles.grid}
        entries={entries}
        edge={list.edge}
        windowId={list.windowId}
        rowCount={list.total?.exact ? list.total.count : null}
        focusRequest={focusRequest}
        indexOfRow={(position) => (list.offsetOfFirst === null ? null : list.offsetOfFirst + position)}
        nearTop={() => void list.fetchAbove()}
        nearBottom={() => void list.fetchBelow()}
        onHome={() => {
          if (list.atTop) return false;
          list.jump('first');
          return true;
        }}
        onEnd={() => {
          if (list.atBottom) return false;
          list.jump('last');
          return true;
        }}
        header={
          <>
            <span role="columnheader" className={styles.when}>
              <FormattedMessage id="callLog.col.when" />
            </span>
            <span role="columnheader" className={styles.party}>
              <FormattedMessage id="callLog.col.called" />
            </span>
            {team && (
              <span role="columnheader" className={styles.placedBy}>
                <FormattedMessage id="callLog.placedBy" />
              </span>
            )}
            <span role="columnheader" className={styles.outcome}>
              <FormattedMessage id="callLog.col.outcome" />
            </span>
            <span role="columnheader" className={styles.duration}>
              <FormattedMessage id="callLog.col.duration" />
            </span>
            <span role="columnheader" className={styles.cost}>
              <FormattedMessage id="callLog.col.cost" />
            </span>
            <span role="columnheader" className={styles.actions}>
              <span className="visually-hidden">
                <FormattedMessage id="callLog.col.actions" />
              </span>
            </span>
          </>
        }
        renderEntry={(entry, { tabIndex, ariaRowIndex }) =>
          entry.kind === 'day' ? (
            <div className={styles.day} aria-hidden="true" data-testid="call-log-day">
              {entry.label}
            </div>
          ) : (
            <CallRow
              call={entry.call}
              day={entry.day}
              tabIndex={tabIndex}
              ariaRowIndex={ariaRowIndex}
              team={team}
              onCall={onCall}
              onDetails={onDetails}
              onTeamDetails={onTeamDetails}
              onDelete={onDelete}
            />
          )
        }
      />
      {(list.query.isFetchingNextPage || list.query.isFetchingPreviousPage) && (
        <p className="muted small-text">
          <FormattedMessage id="callLog.loadingMore" />
        </p>
      )}
    </ListStates>
  );
}

function CallRow({
  call,
  day,
  tabIndex,
  ariaRowIndex,
  team,
  onCall,
  onDetails,
  onTeamDetails,
  onDelete,
}: {
  call: CallLogListEntry;
  day: string;
  tabIndex: number;
  ariaRowIndex: number | undefined;
  team: { readonly member: string | null } | null;
  onCall: (e164: string, contactId: string | null) => void;
  onDetails: (callId: string) => void;
  onTeamDetails: ((teamId: string, party: string) => void) | undefined;
  onDelete: ((callId: string, party: string, hasNote: boolean) => void) | undefined;
}) {
  const { t, intl, money, number } = useFormat();
  const ended = call.state !== 'placing' && call.state !== 'live';
  // A team member's call known only from the server: its details come from the team (TeamCallDetails);
  // no note editing or delete here (they live on its desktop).
  const teamId = call.teamId;
  const local = teamId === undefined;
  const number164 = formatPhoneNumber(call.dest2);
  const party = call.contactName ?? number164;
  const openDetails = local ? () => onDetails(call.id) : onTeamDetails ? () => onTeamDetails(teamId, party) : null;
  const time = intl.formatTime(call.createdAt, { timeStyle: 'short' });
  const rowRef = useRef<HTMLDivElement>(null);
  return (
    <div
      ref={rowRef}
      role="row"
      aria-rowindex={ariaRowIndex}
      tabIndex={tabIndex}
      className={gridRowClass}
      data-testid="call-log-row"
      data-call-id={call.id}
      onKeyDown={(event) => {
        if (event.target !== rowRef.current) return;
        if (event.key === 'Enter' && openDetails) openDetails();
        else if (event.key === 'Delete' && ended && local && onDelete) onDelete(call.id, party, call.note !== null);
      }}
    >
      <span role="gridcell" className={styles.when}>
        <span className="visually-hidden">{t('callLog.dayPrefix', { day })}</span>
        {time}
      </span>
      <span role="gridcell" className={styles.party}>
        {call.contactId && call.contactName ? (
          <a href={formatHash('contacts', [call.contactId])} tabIndex={tabIndex}>
            {call.contactName}
          </a>
        ) : (
          <span>{number164}</span>
        )}
        {(call.contactName || call.note) && (
          <span className="muted small-text" data-testid="row-note">
            {/* The note's first line beside the number: a word of it also finds the call. */}
            {[
              call.contactName ? number164 : null,
              call.note ? t('callLog.noteExcerpt', { note: firstLine(call.note) }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </span>
        )}
      </span>
      {team && (
        <span role="gridcell" className={styles.placedBy} data-testid="placed-by">
          {placedByText(t, call.placedBy, team.member)}
        </span>
      )}
      <span role="gridcell" className={styles.outcome}>
        <OutcomeBadge outcome={badgeOutcome(call)} />
        {call.mode === 'sandbox' && (
          <span className={`muted small-text ${styles.after}`}>{t('callLog.simulated')}</span>
        )}
      </span>
      <span role="gridcell" className={styles.duration}>
        {call.durationMinutes === null
          ? t('common.none')
          : t('callLog.minutes', { minutes: number(call.durationMinutes) })}
      </span>
      <span role="gridcell" className={styles.cost}>
        {call.debit && call.currency ? money(call.debit, call.currency) : t('common.none')}
      </span>
      <span role="gridcell" className={styles.actions}>
        <button
          type="button"
          className="small primary"
          tabIndex={tabIndex}
          onClick={() => onCall(call.dest2, call.contactId)}
          aria-label={t('callLog.callAgainNamed', { party })}
        >
          <FormattedMessage id="callLog.callAgain" />
        </button>
        {openDetails && (
          <button
            type="button"
            className="small"
            tabIndex={tabIndex}
            onClick={openDetails}
            aria-label={t('callLog.detailsNamed', { party, time: `${day} ${time}` })}
          >
            <FormattedMessage id="callLog.details" />
          </button>
        )}
      </span>
    </div>
  );
}

/** "You" for this desktop's calls (or the member this desktop signs in as), else the member's name. */
function placedByText(
  t: (id: string, values?: Record<string, string>) => string,
  placedBy: PlacedBy | undefined,
  self: string | null,
): string {
  if (placedBy === undefined) return t('common.none');
  if (placedBy.kind === 'you' || placedBy.member === self) return t('callLog.placedBy.you');
  return placedBy.member;
}
