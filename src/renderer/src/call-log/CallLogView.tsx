import { useEffect, useRef, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import type { CallLogEntry, CallLogOutcomeFilter } from '../../../shared/call-log.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { ViewHeading } from '../app/view-heading.tsx';
import { outcomeLabel } from '../calls/describe-call.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { ShowMore } from '../components/ShowMore.tsx';
import { useHoiioQuery } from '../data/query.ts';
import { describeCallError, useFormat } from '../i18n/format.ts';
import { ExportPanel } from '../io/ExportPanel.tsx';
import { usePagedSearch } from '../use-paged-search.ts';
import styles from './call-log.module.css';
import { DeleteCallsPrompt } from './DeleteCallsPrompt.tsx';
import { NoteEditor } from './NoteEditor.tsx';
import { useDeleteCalls } from './use-delete-calls.ts';

const OUTCOME_FILTERS: ReadonlyArray<CallLogOutcomeFilter | ''> = [
  '',
  'connected',
  'no_answer',
  'unknown',
  'busy',
  'failed',
  'error',
  'in_progress',
];
const filterLabel = (outcome: CallLogOutcomeFilter | '') => `callLog.filter.${outcome || 'all'}`;

/**
 * The call log. `openCallId`: a call the shell asked to show (a notification was clicked,
 * push event `callOpenRequested`); its row is highlighted, scrolled into view and focused when listed.
 */
export function CallLogView({
  onCall,
  openCallId = null,
}: {
  onCall: (e164: string, contactId: string | null) => void;
  openCallId?: string | null;
}) {
  const { t } = useFormat();
  const { search, setSearch, query, limit, firstPage, showMore } = usePagedSearch();
  const [outcome, setOutcome] = useState<CallLogOutcomeFilter | ''>('');
  const [exporting, setExporting] = useState(false);
  // The list and the export use the same filter: what you see is what is written.
  const filter = { search: query, ...(outcome ? { outcomes: [outcome] } : {}) };
  const page = useHoiioQuery('callLog', 'query', { ...filter, limit }, { keepPrevious: true });
  const deleting = useDeleteCalls();
  // Where focus goes after a delete (the next row, else the previous one) and after Undo (the restored row).
  const focusAfterDelete = useRef<string | null>(null);
  const askDelete = (call: CallLogEntry, party: string) => {
    const items = page.data?.items ?? [];
    const index = items.findIndex((item) => item.id === call.id);
    focusAfterDelete.current = (items[index + 1] ?? items[index - 1])?.id ?? null;
    deleting.ask([call.id], party);
  };
  // The list reloads after the change (callLogChanged): wait a few frames for the row, else use the search box.
  const focusRow = (id: string | null, framesLeft = 30) =>
    requestAnimationFrame(() => {
      const row = id && document.querySelector<HTMLElement>(`[data-call-id="${CSS.escape(id)}"] button`);
      if (row) row.focus();
      else if (id && framesLeft > 0) focusRow(id, framesLeft - 1);
      else document.querySelector<HTMLElement>('input[type="search"]')?.focus();
    });

  return (
    <section className="view" aria-labelledby="calllog-heading">
      <ViewHeading id="calllog-heading">
        <FormattedMessage id="callLog.title" />
      </ViewHeading>
      <div className="toolbar">
        <input
          type="search"
          aria-label={t('callLog.search')}
          placeholder={t('callLog.searchPlaceholder')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          maxLength={100}
        />
        <select
          aria-label={t('callLog.outcome')}
          value={outcome}
          onChange={(event) => {
            setOutcome(event.target.value as CallLogOutcomeFilter | '');
            firstPage();
          }}
        >
          {OUTCOME_FILTERS.map((option) => (
            <option key={option} value={option}>
              {t(filterLabel(option))}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => setExporting(true)} disabled={exporting} aria-expanded={exporting}>
          <FormattedMessage id="callLog.export" />
        </button>
      </div>
      {exporting && (
        <ExportPanel
          title={t('callLog.export.title')}
          formats={[{ kind: 'call-log-csv', label: 'callLog.export.csv' }]}
          fileBase="call-log"
          noun="calls"
          run={(hoiio, { jobId, path, overwrite }) => hoiio.callLog.exportCsv({ jobId, path, overwrite, filter })}
          onClose={() => setExporting(false)}
        >
          <span>
            <FormattedMessage id="callLog.export.what" />
          </span>
          <span data-testid="export-filter">{describeFilter(t, query, outcome)}</span>
        </ExportPanel>
      )}
      <DeleteCallsPrompt
        deleting={deleting}
        onDeleted={() => focusRow(focusAfterDelete.current)}
        onRestored={(ids) => focusRow(ids[0] ?? null)}
      />
      <QueryView query={page} label={t('callLog.loadingLabel')}>
        {(value) =>
          value.total === 0 ? (
            <EmptyState title={t(query || outcome ? 'callLog.noMatches' : 'callLog.empty')}>
              <FormattedMessage id={query || outcome ? 'callLog.noMatchesHint' : 'callLog.emptyHint'} />
            </EmptyState>
          ) : (
            <>
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th scope="col">
                      <FormattedMessage id="callLog.col.when" />
                    </th>
                    <th scope="col">
                      <FormattedMessage id="callLog.col.called" />
                    </th>
                    <th scope="col">
                      <FormattedMessage id="callLog.col.outcome" />
                    </th>
                    <th scope="col">
                      <FormattedMessage id="callLog.col.minutes" />
                    </th>
                    <th scope="col">
                      <FormattedMessage id="callLog.col.cost" />
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">
                        <FormattedMessage id="callLog.col.actions" />
                      </span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {value.items.map((call) => (
                    <CallRow
                      key={call.id}
                      call={call}
                      onCall={onCall}
                      onDelete={askDelete}
                      opened={call.id === openCallId}
                    />
                  ))}
                </tbody>
              </table>
              <ShowMore shown={value.items.length} total={value.total} onMore={showMore} />
            </>
          )
        }
      </QueryView>
    </section>
  );
}

function describeFilter(
  t: (id: string, values?: Record<string, string>) => string,
  search: string,
  outcome: CallLogOutcomeFilter | '',
): string {
  if (!search && !outcome) return t('callLog.export.all');
  const parts = [
    search ? t('callLog.export.matching', { search }) : null,
    outcome ? t(filterLabel(outcome)).toLocaleLowerCase() : null,
  ].filter((part): part is string => part !== null);
  return t('callLog.export.only', { filters: parts.join(t('common.listSeparator')) });
}

function CallRow({
  call,
  onCall,
  onDelete,
  opened,
}: {
  call: CallLogEntry;
  onCall: (e164: string, contactId: string | null) => void;
  onDelete: (call: CallLogEntry, party: string) => void;
  opened: boolean;
}) {
  const { t, intl, dateTime, money, number } = useFormat();
  const rowRef = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (!opened) return;
    rowRef.current?.scrollIntoView({ block: 'nearest' });
    rowRef.current?.focus({ preventScroll: true });
  }, [opened]);
  const party = call.contactName ?? formatPhoneNumber(call.dest2);
  const details = [
    call.mode === 'sandbox' ? t('callLog.simulated') : null,
    call.txnRef,
    call.finalSource ? t(`callLog.source.${call.finalSource}`) : null,
    describeCallError(intl, call),
  ].filter((part): part is string => Boolean(part));
  const detailText = details.join(' · ');
  return (
    <tr
      ref={rowRef}
      data-testid="call-log-row"
      data-call-id={call.id}
      className={opened ? styles.opened : undefined}
      aria-current={opened ? 'true' : undefined}
      tabIndex={opened ? -1 : undefined}
    >
      <td>{dateTime(call.createdAt)}</td>
      <td>
        {party}
        {call.contactName && <div className="muted">{formatPhoneNumber(call.dest2)}</div>}
        <NoteEditor callId={call.id} compact />
      </td>
      <td title={detailText}>
        {outcomeLabel(intl, call)}
        {details.length > 0 && <div className="muted small-text">{detailText}</div>}
      </td>
      <td>{call.durationMinutes === null ? t('common.none') : number(call.durationMinutes)}</td>
      <td>{call.debit && call.currency ? money(call.debit, call.currency) : t('common.none')}</td>
      <td className={styles.actions}>
        <button
          type="button"
          className="small"
          onClick={() => onCall(call.dest2, call.contactId)}
          aria-label={t('callLog.callAgainNamed', { party })}
        >
          <FormattedMessage id="callLog.callAgain" />
        </button>
        {call.state !== 'placing' && call.state !== 'live' && (
          <button
            type="button"
            className="small danger"
            onClick={() => onDelete(call, party)}
            aria-label={t('callDelete.deleteNamed', { party })}
          >
            <FormattedMessage id="callDelete.delete" />
          </button>
        )}
      </td>
    </tr>
  );
}
