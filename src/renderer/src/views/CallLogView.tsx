import { useEffect, useState } from 'react';
import type { CallLogEntry, CallLogOutcomeFilter } from '../../../shared/call-log.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { useBridge } from '../bridge-context.tsx';
import { outcomeLabel } from '../calls/describe-call.ts';
import { AsyncView } from '../components/AsyncView.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ShowMore } from '../components/ShowMore.tsx';
import { ExportPanel } from '../io/ExportPanel.tsx';
import { useAsync } from '../use-async.ts';
import { usePagedSearch } from '../use-paged-search.ts';

const OUTCOME_FILTERS: Array<{ value: CallLogOutcomeFilter | ''; label: string }> = [
  { value: '', label: 'All outcomes' },
  { value: 'connected', label: 'Connected' },
  { value: 'no_answer', label: 'No answer' },
  { value: 'unknown', label: 'Outcome unknown' },
  { value: 'busy', label: 'Busy' },
  { value: 'failed', label: 'Failed' },
  { value: 'error', label: 'Not placed' },
  { value: 'in_progress', label: 'In progress' },
];
const SOURCE_LABELS = {
  notification: 'Hoiio notification',
  poll: 'status check',
  history: 'history sync',
  request: 'request',
};
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function CallLogView({ onCall }: { onCall: (e164: string, contactId: string | null) => void }) {
  const hoiio = useBridge();
  const { search, setSearch, query, limit, firstPage, showMore } = usePagedSearch();
  const [outcome, setOutcome] = useState<CallLogOutcomeFilter | ''>('');
  const [exporting, setExporting] = useState(false);
  // The list and the export use the same filter: what you see is what is written.
  const filter = { search: query, ...(outcome ? { outcomes: [outcome] } : {}) };
  const [page, reload] = useAsync(() => hoiio.callLog.query({ ...filter, limit }), [hoiio, query, outcome, limit]);
  useEffect(() => hoiio.on.callUpdated(reload), [hoiio, reload]);

  return (
    <section className="view" aria-labelledby="calllog-heading">
      <h1 id="calllog-heading">Call log</h1>
      <div className="toolbar">
        <input
          type="search"
          aria-label="Search calls"
          placeholder="Search by number, contact or reference"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          maxLength={100}
        />
        <select
          aria-label="Outcome"
          value={outcome}
          onChange={(event) => {
            setOutcome(event.target.value as CallLogOutcomeFilter | '');
            firstPage();
          }}
        >
          {OUTCOME_FILTERS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => setExporting(true)} disabled={exporting} aria-expanded={exporting}>
          Export CSV…
        </button>
      </div>
      {exporting && (
        <ExportPanel
          title="Export the call log"
          formats={[{ kind: 'call-log-csv', label: 'CSV' }]}
          fileBase="call-log"
          noun={['call', 'calls']}
          run={({ jobId, path, overwrite }) => hoiio.callLog.exportCsv({ jobId, path, overwrite, filter })}
          onClose={() => setExporting(false)}
        >
          <span>Calls</span>
          <span data-testid="export-filter">{describeFilter(query, outcome)}</span>
        </ExportPanel>
      )}
      <AsyncView state={page} retry={reload} label="the call log">
        {(value) =>
          value.total === 0 ? (
            <EmptyState title={query || outcome ? 'No matching calls' : 'No calls yet'}>
              {query || outcome
                ? 'Try another search or outcome.'
                : 'Every call you place appears here, with its status, duration and cost, even offline.'}
            </EmptyState>
          ) : (
            <>
              <table className="call-table">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Called</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Minutes</th>
                    <th scope="col">Cost</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {value.items.map((call) => (
                    <CallRow key={call.id} call={call} onCall={onCall} />
                  ))}
                </tbody>
              </table>
              <ShowMore shown={value.items.length} total={value.total} onMore={showMore} />
            </>
          )
        }
      </AsyncView>
    </section>
  );
}

function describeFilter(search: string, outcome: CallLogOutcomeFilter | ''): string {
  const parts = [
    search ? `matching “${search}”` : null,
    outcome ? OUTCOME_FILTERS.find((option) => option.value === outcome)?.label.toLowerCase() : null,
  ].filter(Boolean);
  return parts.length === 0 ? 'All calls in the log' : `Only the calls shown: ${parts.join(', ')}`;
}

function CallRow({ call, onCall }: { call: CallLogEntry; onCall: (e164: string, contactId: string | null) => void }) {
  const details = [
    call.mode === 'sandbox' ? 'simulated' : null,
    call.txnRef,
    call.finalSource ? `result from ${SOURCE_LABELS[call.finalSource]}` : null,
    call.errorMessage,
  ].filter(Boolean);
  return (
    <tr data-testid="call-log-row" data-call-id={call.id}>
      <td>{dateFormat.format(new Date(call.createdAt))}</td>
      <td>
        {call.contactName ?? formatPhoneNumber(call.dest2)}
        {call.contactName && <div className="muted">{formatPhoneNumber(call.dest2)}</div>}
      </td>
      <td title={details.join(' · ')}>
        {outcomeLabel(call)}
        {details.length > 0 && <div className="muted small-text">{details.join(' · ')}</div>}
      </td>
      <td>{call.durationMinutes ?? '–'}</td>
      <td>{call.debit && call.currency ? `${call.currency} ${call.debit}` : '–'}</td>
      <td>
        <button
          type="button"
          className="small"
          onClick={() => onCall(call.dest2, call.contactId)}
          aria-label={`Call ${call.contactName ?? formatPhoneNumber(call.dest2)} again`}
        >
          Call again
        </button>
      </td>
    </tr>
  );
}
