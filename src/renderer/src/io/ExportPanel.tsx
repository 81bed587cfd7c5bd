import { useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { HoiioClient } from '../../../shared/contract.ts';
import { useBridge } from '../bridge-context.tsx';
import type { BackupResult } from '../../../shared/history.ts';
import type { ExportFileKind, ExportResult } from '../../../shared/import-export.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { IoPanel } from './IoPanel.tsx';
import { PathChooser, type ChosenPath } from './PathChooser.tsx';
import { RadioGroup } from './RadioGroup.tsx';
import { useJob } from './use-job.ts';

export interface ExportFormat {
  readonly kind: ExportFileKind;
  /** Catalogue id of the format's name. */
  readonly label: string;
}

export interface ExportRequest {
  readonly jobId: string;
  readonly kind: ExportFileKind;
  readonly path: string;
  readonly overwrite: boolean;
}

const EXTENSIONS: Record<ExportFileKind, string> = {
  'contacts-vcard': '.vcf',
  'contacts-csv': '.csv',
  'call-log-csv': '.csv',
  'totals-csv': '.csv',
  backup: '.db',
};

/**
 * Exports to a file the user chooses. A typed path that names an existing file is never replaced
 * silently: main answers 'conflict', the panel asks, then retries with overwrite.
 */
export function ExportPanel<R extends ExportResult | BackupResult = ExportResult>({
  title,
  formats,
  fileBase,
  noun,
  run,
  submitLabel,
  describe,
  onClose,
  children,
}: {
  title: string;
  /** One entry: no format choice is shown. */
  formats: readonly [ExportFormat, ...ExportFormat[]];
  /** The start of the suggested file name, e.g. "contacts". */
  fileBase: string;
  /** What is exported, for the result's plural message `io.saved.<noun>`. */
  noun: 'contacts' | 'calls' | 'periods';
  run: (hoiio: HoiioClient, request: ExportRequest) => Promise<R>;
  /** The start button's words; "Export" when left out. */
  submitLabel?: string;
  /** What the result says, in place of `io.saved.<noun>` (e.g. a backup: its calls and contacts). */
  describe?: (result: R) => ReactNode;
  onClose: () => void;
  /** What will be exported (e.g. the filters in force), shown above the fields. */
  children?: ReactNode;
}) {
  const intl = useIntl();
  const hoiio = useBridge();
  const job = useJob<R>();
  const [kind, setKind] = useState<ExportFileKind>(formats[0].kind);
  const [chosen, setChosen] = useState<ChosenPath | null>(null);
  const [declined, setDeclined] = useState(false);
  const suggestedName = `${fileBase}-${new Date().toISOString().slice(0, 10)}${EXTENSIONS[kind]}`;

  const start = (overwrite: boolean) => {
    if (!chosen) return;
    setDeclined(false);
    const request = { kind, path: chosen.path.trim(), overwrite: overwrite || chosen.replaceConfirmed };
    void job.start((jobId) => run(hoiio, { jobId, ...request }));
  };
  const chooseKind = (next: ExportFileKind) => {
    setKind(next);
    // A dialog's choice was made for the other file type; a typed path just gets the new extension.
    setChosen((current) =>
      current && !current.replaceConfirmed
        ? { ...current, path: current.path.replace(/\.(vcf|csv)$/i, EXTENSIONS[next]) }
        : null,
    );
  };
  const asking = job.state.status === 'error' && job.state.code === 'conflict' && !declined;

  return (
    <IoPanel
      title={title}
      job={job}
      submitLabel={submitLabel ?? intl.formatMessage({ id: 'io.export' })}
      canSubmit={chosen !== null && chosen.path.trim() !== ''}
      onSubmit={() => start(false)}
      onClose={onClose}
      done={(result) => (
        <p role="status" data-testid="export-result">
          {describe ? (
            describe(result)
          ) : (
            <FormattedMessage
              id={`io.saved.${noun}`}
              values={{
                count: 'count' in result ? result.count : result.calls,
                path: <span className="mono">{result.path}</span>,
              }}
            />
          )}
        </p>
      )}
    >
      {children}
      {formats.length > 1 && (
        <RadioGroup
          label={intl.formatMessage({ id: 'io.format' })}
          options={formats.map((format) => ({ value: format.kind, label: intl.formatMessage({ id: format.label }) }))}
          value={kind}
          onChange={chooseKind}
        />
      )}
      <PathChooser purpose={{ action: 'export', kind, suggestedName }} value={chosen} onChange={setChosen} />
      <ConfirmDialog
        open={asking}
        label={intl.formatMessage({ id: 'io.replace.title' })}
        question={
          <FormattedMessage id="io.replace.question" values={{ path: <span className="mono">{chosen?.path}</span> }} />
        }
        confirmLabel={intl.formatMessage({ id: 'io.replace.confirm' })}
        onConfirm={() => start(true)}
        onCancel={() => setDeclined(true)}
      />
    </IoPanel>
  );
}
