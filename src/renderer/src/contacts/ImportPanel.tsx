import { useId, useState } from 'react';
import type { ImportEntry, ImportReport } from '../../../shared/import-export.ts';
import { useBridge } from '../bridge-context.tsx';
import { IoPanel } from '../io/IoPanel.tsx';
import { PathChooser, type ChosenPath } from '../io/PathChooser.tsx';
import { RadioGroup } from '../io/RadioGroup.tsx';
import { useJob } from '../io/use-job.ts';
import { useAsync } from '../use-async.ts';
import { countOf, formatNumber } from '../io/format.ts';

type Duplicates = 'merge' | 'skip';
const DUPLICATE_CHOICES: ReadonlyArray<{ value: Duplicates; label: string }> = [
  { value: 'merge', label: 'Merge their numbers into the existing contact' },
  { value: 'skip', label: 'Skip them, keep the existing contact as it is' },
];

/** Imports a vCard or CSV file: all or nothing (Cancel rolls back), then a report of every record. */
export function ImportPanel({ onClose }: { onClose: () => void }) {
  const hoiio = useBridge();
  const id = useId();
  const job = useJob<ImportReport>();
  const [chosen, setChosen] = useState<ChosenPath | null>(null);
  const [duplicates, setDuplicates] = useState<Duplicates>('merge');
  const [settings] = useAsync(() => hoiio.settings.get(), [hoiio]);
  const [country, setCountry] = useState<string | null>(null);
  // Prefilled from Settings once they arrive; the user may change it for this file only.
  const defaultCountry = country ?? (settings.status === 'ready' ? settings.value.defaultCountry : '');
  const countryValid = /^[A-Z]{2}$/.test(defaultCountry);

  const start = () => {
    if (!chosen) return;
    const input = { path: chosen.path.trim(), duplicates, defaultCountry };
    void job.start((jobId) => hoiio.importExport.importContacts({ jobId, ...input }));
  };

  return (
    <IoPanel
      title="Import contacts"
      job={job}
      submitLabel="Start import"
      canSubmit={chosen !== null && chosen.path.trim() !== '' && countryValid}
      onSubmit={start}
      onClose={onClose}
      done={(report) => <ImportReportView report={report} />}
    >
      <PathChooser purpose={{ action: 'import' }} value={chosen} onChange={setChosen} />
      <RadioGroup
        label="Contacts already here"
        options={DUPLICATE_CHOICES}
        value={duplicates}
        onChange={setDuplicates}
      />
      <label htmlFor={`${id}-country`}>Default country</label>
      <div>
        <input
          id={`${id}-country`}
          className="narrow"
          value={defaultCountry}
          onChange={(event) => setCountry(event.target.value.toUpperCase().replace(/[^A-Z]/g, ''))}
          maxLength={2}
          disabled={settings.status === 'loading'}
          aria-invalid={defaultCountry !== '' && !countryValid}
          aria-describedby={`${id}-country-hint`}
          autoComplete="off"
          spellCheck={false}
        />
        <p id={`${id}-country-hint`} className="hint">
          {settings.status === 'error'
            ? `Could not read your default country (${settings.message}); type it here. `
            : ''}
          Two letters, such as SG or US: how numbers written without a +country code are read.
        </p>
      </div>
    </IoPanel>
  );
}

const REPORT_LISTS = [
  { key: 'rejected', title: 'Not imported', open: true },
  { key: 'warnings', title: 'Imported with a problem', open: true },
  { key: 'skipped', title: 'Skipped duplicates', open: false },
  { key: 'merged', title: 'Merged into existing contacts', open: false },
] as const;

function ImportReportView({ report }: { report: ImportReport }) {
  const { counts } = report;
  return (
    <div className="import-report" data-testid="import-report">
      <p role="status">
        Read {countOf(report.records, ['record', 'records'])} ({report.format === 'vcard' ? 'vCard' : 'CSV'},{' '}
        {report.encoding}).
      </p>
      <dl className="facts report-counts">
        <dt>Imported</dt>
        <dd data-testid="count-imported">{formatNumber(counts.imported)}</dd>
        <dt>Merged</dt>
        <dd data-testid="count-merged">{formatNumber(counts.merged)}</dd>
        <dt>Skipped</dt>
        <dd data-testid="count-skipped">{formatNumber(counts.skipped)}</dd>
        <dt>Rejected</dt>
        <dd data-testid="count-rejected">{formatNumber(counts.rejected)}</dd>
      </dl>
      {REPORT_LISTS.map(({ key, title, open }) => (
        <ReportList key={key} title={title} entries={report[key]} open={open} testId={`report-${key}`} />
      ))}
      {report.truncated && <p className="muted">The lists above are cut short; the counts include every record.</p>}
    </div>
  );
}

/** One list of the report, folded away except for the records that need attention (rejected). */
function ReportList({
  title,
  entries,
  open,
  testId,
}: {
  title: string;
  entries: ImportEntry[];
  open: boolean;
  testId: string;
}) {
  if (entries.length === 0) return null;
  return (
    <details className="report-details" open={open}>
      <summary>
        {title} ({formatNumber(entries.length)})
      </summary>
      <ul className="report-list" data-testid={testId} aria-label={title} tabIndex={0}>
        {entries.map((entry, index) => (
          <li key={`${entry.row}-${index}`}>
            <span className="muted">
              Record {entry.row} (line {entry.line})
            </span>
            {entry.name && <strong> {entry.name}</strong>}
            {entry.reason && <>: {entry.reason}</>}
          </li>
        ))}
      </ul>
    </details>
  );
}
