import { useTextLimit, withTextLimit } from '../components/TextLimit.tsx';
import { useCallback, useId, useState, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import {
  IMPORT_ENCODINGS,
  MAX_REPORT_ENTRIES,
  UNKNOWN_COLUMNS_KEY,
  type CsvColumnRole,
  type ImportEncoding,
  type ImportEntry,
  type ImportReport,
} from '../../../shared/import-export.ts';
import { ColumnMapping, mappingComplete, rememberColumns } from '../io/ColumnMapping.tsx';
import { useBridge } from '../bridge-context.tsx';
import { IoPanel } from '../io/IoPanel.tsx';
import { describedBy, useFormFieldErrors } from '../components/use-field-errors.tsx';
import { PathChooser, type ChosenPath } from '../io/PathChooser.tsx';
import { RadioGroup } from '../io/RadioGroup.tsx';
import { useJob } from '../io/use-job.ts';
import { UndoImport } from '../io/UndoImport.tsx';
import { useHoiioQuery } from '../data/query.ts';
import { encodingLabel } from './encoding-label.ts';
import { describeImportReason, useFormat } from '../i18n/format.ts';
import ioStyles from '../io/io.module.css';

type Duplicates = 'merge' | 'skip';
const DUPLICATE_CHOICES: readonly Duplicates[] = ['merge', 'skip'];
/** The encodings offered: Automatic and the common ones first, then every other one TextDecoder reads. */
const COMMON_ENCODINGS = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const;
const ENCODING_CHOICES: readonly ImportEncoding[] = [
  'auto',
  ...COMMON_ENCODINGS,
  ...IMPORT_ENCODINGS.filter((encoding) => !(COMMON_ENCODINGS as readonly string[]).includes(encoding)),
];

/** Imports a vCard or CSV file: all or nothing (Cancel rolls back), then a report of every record. */
export function ImportPanel({ onClose }: { onClose: () => void }) {
  const hoiio = useBridge();
  const { t, error: word, intl } = useFormat();
  const id = useId();
  const job = useJob<ImportReport>();
  const [chosen, setChosen] = useState<ChosenPath | null>(null);
  const [duplicates, setDuplicates] = useState<Duplicates>('merge');
  const [encoding, setEncoding] = useState<ImportEncoding>('auto');
  const settings = useHoiioQuery('settings', 'get');
  const [country, setCountry] = useState<string | null>(null);
  // Prefilled from Settings once they arrive; the user may change it for this file only.
  const defaultCountry = country ?? settings.data?.defaultCountry ?? '';
  const countryValid = /^[A-Z]{2}$/.test(defaultCountry);
  // A pasted country name is refused beside the field, not cut to its first two letters.

  // A CSV file whose headers are not recognised: the user maps its columns (kept for this file's import).
  const [columns, setColumns] = useState<{ roles: CsvColumnRole[]; headers: string[] } | null>(null);
  const unrecognised =
    job.state.status === 'error' && (job.state.error as { key?: string }).key === UNKNOWN_COLUMNS_KEY;
  const [mapping, setMapping] = useState(false);
  if (unrecognised && !mapping) setMapping(true);
  const choose = (next: ChosenPath | null) => {
    setChosen(next);
    setMapping(false);
    setColumns(null);
  };
  const onColumns = useCallback((roles: CsvColumnRole[], headers: string[]) => setColumns({ roles, headers }), []);

  const start = () => {
    if (!chosen) return;
    const input = {
      path: chosen.path.trim(),
      duplicates,
      defaultCountry,
      encoding,
      ...(mapping && columns ? { columns: columns.roles } : {}),
    };
    if (mapping && columns) rememberColumns(columns.headers, columns.roles);
    void job.start((jobId) => hoiio.importExport.importContacts({ jobId, ...input }));
  };

  return (
    <IoPanel
      title={t('import.title')}
      job={job}
      submitLabel={t(mapping ? 'import.map.start' : 'import.start')}
      canSubmit={
        chosen !== null &&
        chosen.path.trim() !== '' &&
        countryValid &&
        (!mapping || mappingComplete(columns?.roles ?? null))
      }
      onSubmit={start}
      onClose={onClose}
      done={(report) => <ImportReportView report={report} />}
      aside={<UndoImport />}
    >
      <PathChooser purpose={{ action: 'import' }} value={chosen} onChange={choose} />
      <RadioGroup
        label={t('import.duplicates')}
        options={DUPLICATE_CHOICES.map((value) => ({ value, label: t(`import.duplicates.${value}`) }))}
        value={duplicates}
        onChange={setDuplicates}
      />
      <label htmlFor={`${id}-encoding`}>
        <FormattedMessage id="import.encoding" />
      </label>
      <div>
        <select
          id={`${id}-encoding`}
          value={encoding}
          onChange={(event) => setEncoding(event.target.value as ImportEncoding)}
          aria-describedby={`${id}-encoding-hint`}
        >
          {ENCODING_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {encodingLabel(intl, choice)}
            </option>
          ))}
        </select>
        <p id={`${id}-encoding-hint`} className="hint">
          <FormattedMessage id="import.encoding.hint" />
        </p>
      </div>
      <CountryField
        id={`${id}-country`}
        value={defaultCountry}
        onChange={setCountry}
        disabled={settings.isPending}
        valid={defaultCountry === '' || countryValid}
      >
        {settings.isError && <span>{t('import.countryUnread', { reason: word(settings.error) })}</span>}
        <FormattedMessage id="import.countryHint" />
      </CountryField>
      {mapping && chosen && countryValid && (
        <ColumnMapping
          path={chosen.path.trim()}
          defaultCountry={defaultCountry}
          encoding={encoding}
          value={columns?.roles ?? null}
          onChange={onColumns}
        />
      )}
    </IoPanel>
  );
}

/**
 * The import's default country (two letters, field `defaultCountry` of the request): marked invalid
 * when it is not two letters, or when the core refused it (e.g. "ZZ"), with the refusal beside it.
 */
function CountryField({
  id,
  value,
  onChange,
  disabled,
  valid,
  children,
}: {
  id: string;
  value: string;
  onChange: (country: string) => void;
  disabled: boolean;
  valid: boolean;
  /** The hint under the field. */
  children: ReactNode;
}) {
  const { fieldProps, errorFor } = useFormFieldErrors();
  const refused = fieldProps('defaultCountry');
  // A pasted country name is refused beside the field, never cut to two letters.
  const limit = useTextLimit({ id, length: value.length, max: 2, countFrom: Infinity });
  return (
    <>
      <label htmlFor={id}>
        <FormattedMessage id="settings.defaultCountry" />
      </label>
      <div>
        <input
          id={id}
          {...refused}
          className="narrow"
          value={value}
          onChange={(event) => onChange(event.target.value.toUpperCase().replace(/[^A-Z]/g, ''))}
          disabled={disabled}
          {...withTextLimit(
            {
              'aria-invalid': refused['aria-invalid'] ?? !valid,
              'aria-describedby': describedBy(refused['aria-describedby'], `${id}-hint`),
            },
            limit,
          )}
          autoComplete="off"
          spellCheck={false}
        />
        {errorFor('defaultCountry')}
        {limit.notes}
        <p id={`${id}-hint`} className="hint">
          {children}
        </p>
      </div>
    </>
  );
}

const REPORT_LISTS = [
  { key: 'rejected', open: true },
  { key: 'warnings', open: true },
  { key: 'skipped', open: false },
  { key: 'merged', open: false },
] as const;

function ImportReportView({ report }: { report: ImportReport }) {
  const { t, number } = useFormat();
  const { counts } = report;
  // "Cut short" only about a list shown here, by its count (the full list of imported records is not shown).
  const listsCut =
    (['rejected', 'skipped', 'merged'] as const).some((key) => report[key].length < counts[key]) ||
    report.warnings.length >= MAX_REPORT_ENTRIES;
  return (
    <div data-testid="import-report">
      <p role="status">
        <FormattedMessage
          id="import.read"
          values={{
            records: report.records,
            format: report.format === 'vcard' ? 'vCard' : 'CSV',
            encoding: report.encoding,
          }}
        />
      </p>
      <dl className={`facts ${ioStyles.counts}`}>
        {(['imported', 'merged', 'skipped', 'rejected'] as const).map((key) => (
          <div key={key} className="facts-row">
            <dt>{t(`import.count.${key}`)}</dt>
            <dd data-testid={`count-${key}`}>{number(counts[key])}</dd>
          </div>
        ))}
      </dl>
      {REPORT_LISTS.map(({ key, open }) => (
        <ReportList
          key={key}
          title={t(`import.list.${key}`)}
          entries={report[key]}
          open={open}
          testId={`report-${key}`}
        />
      ))}
      {listsCut && (
        <p className="muted" data-testid="import-truncated">
          <FormattedMessage id="import.truncated" />
        </p>
      )}
      {report.undo ? (
        <UndoImport justImported={report.undo} />
      ) : (
        counts.merged > 0 && (
          <p className="muted" data-testid="import-unchanged">
            <FormattedMessage id="import.unchanged" values={{ merged: counts.merged }} />
          </p>
        )
      )}
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
  const { number, intl } = useFormat();
  if (entries.length === 0) return null;
  return (
    <details className={ioStyles.details} open={open}>
      <summary>
        <FormattedMessage id="import.listTitle" values={{ title, count: number(entries.length) }} />
      </summary>
      <ul className={ioStyles.reportList} data-testid={testId} aria-label={title} tabIndex={0}>
        {entries.map((entry, index) => (
          <li key={`${entry.row}-${index}`}>
            <span className="muted">
              <FormattedMessage id="import.record" values={{ row: entry.row, line: entry.line }} />
            </span>
            {entry.name && (
              <>
                {' '}
                <strong>{entry.name}</strong>
              </>
            )}
            {entry.reason && (
              <FormattedMessage id="import.reason" values={{ reason: describeImportReason(intl, entry) }} />
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
