import { useState, type ReactNode } from 'react';
import type { ExportFileKind, ExportResult } from '../../../shared/import-export.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { IoPanel } from './IoPanel.tsx';
import { PathChooser, type ChosenPath } from './PathChooser.tsx';
import { RadioGroup } from './RadioGroup.tsx';
import { useJob } from './use-job.ts';
import { countOf } from './format.ts';

export interface ExportFormat {
  readonly kind: ExportFileKind;
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
};

/**
 * Exports to a file the user chooses. A typed path that names an existing file is never replaced
 * silently: main answers 'conflict', the panel asks, then retries with overwrite.
 */
export function ExportPanel({
  title,
  formats,
  fileBase,
  noun,
  run,
  onClose,
  children,
}: {
  title: string;
  /** One entry: no format choice is shown. */
  formats: readonly [ExportFormat, ...ExportFormat[]];
  /** The start of the suggested file name, e.g. "contacts". */
  fileBase: string;
  /** What one exported record is called, singular and plural: ['contact', 'contacts']. */
  noun: readonly [string, string];
  run: (request: ExportRequest) => Promise<ExportResult>;
  onClose: () => void;
  /** What will be exported (e.g. the filters in force), shown above the fields. */
  children?: ReactNode;
}) {
  const job = useJob<ExportResult>();
  const [kind, setKind] = useState<ExportFileKind>(formats[0].kind);
  const [chosen, setChosen] = useState<ChosenPath | null>(null);
  const [declined, setDeclined] = useState(false);
  const suggestedName = `${fileBase}-${new Date().toISOString().slice(0, 10)}${EXTENSIONS[kind]}`;

  const start = (overwrite: boolean) => {
    if (!chosen) return;
    setDeclined(false);
    const request = { kind, path: chosen.path.trim(), overwrite: overwrite || chosen.replaceConfirmed };
    void job.start((jobId) => run({ jobId, ...request }));
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
      submitLabel="Export"
      canSubmit={chosen !== null && chosen.path.trim() !== ''}
      onSubmit={() => start(false)}
      onClose={onClose}
      done={(result) => (
        <p role="status" data-testid="export-result">
          Saved {countOf(result.count, noun)} to <span className="mono path-text">{result.path}</span>.
        </p>
      )}
    >
      {children}
      {formats.length > 1 && (
        <RadioGroup
          label="Format"
          options={formats.map((format) => ({ value: format.kind, label: format.label }))}
          value={kind}
          onChange={chooseKind}
        />
      )}
      <PathChooser purpose={{ action: 'export', kind, suggestedName }} value={chosen} onChange={setChosen} />
      <ConfirmDialog
        open={asking}
        label="Replace the file?"
        question={
          <>
            <span className="mono path-text">{chosen?.path}</span> already exists. Replace it?
          </>
        }
        confirmLabel="Replace"
        onConfirm={() => start(true)}
        onCancel={() => setDeclined(true)}
      />
    </IoPanel>
  );
}
