import { useEffect, useId } from 'react';
import { FormattedMessage } from 'react-intl';
import {
  CSV_COLUMN_ROLES,
  type CsvColumnRole,
  type CsvPreview,
  type ImportEncoding,
} from '../../../shared/import-export.ts';
import { QueryView } from '../components/QueryView.tsx';
import { useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import styles from './io.module.css';

const REMEMBERED_KEY = 'hoiio.importColumns';
/** How many files' mappings are remembered (by their header row). */
const REMEMBERED_FILES = 20;

/** The mapping chosen earlier for a file with exactly these headers, if any. */
function remembered(headers: readonly string[]): CsvColumnRole[] | null {
  try {
    const all = JSON.parse(localStorage.getItem(REMEMBERED_KEY) ?? '{}') as Record<string, unknown>;
    const roles = all[JSON.stringify(headers)];
    return Array.isArray(roles) &&
      roles.length === headers.length &&
      roles.every((role) => (CSV_COLUMN_ROLES as readonly unknown[]).includes(role))
      ? (roles as CsvColumnRole[])
      : null;
  } catch {
    return null;
  }
}

/** Remembers a mapping for the next file with the same headers (the newest REMEMBERED_FILES kept). */
export function rememberColumns(headers: readonly string[], roles: readonly CsvColumnRole[]): void {
  try {
    const all = JSON.parse(localStorage.getItem(REMEMBERED_KEY) ?? '{}') as Record<string, unknown>;
    const key = JSON.stringify(headers);
    delete all[key];
    const kept = Object.entries(all).slice(-(REMEMBERED_FILES - 1));
    localStorage.setItem(REMEMBERED_KEY, JSON.stringify(Object.fromEntries([...kept, [key, roles]])));
  } catch {
    // Storage full or unavailable: the mapping still applies to this import.
  }
}

/** True when the roles name a contact (name or company) and at least one number: the import can run. */
export function mappingComplete(roles: readonly CsvColumnRole[] | null): boolean {
  if (!roles) return false;
  const named = roles.some((role) => ['name', 'firstName', 'middleName', 'lastName', 'company'].includes(role));
  return named && roles.some((role) => role.startsWith('phone'));
}

/**
 * The column-mapping step of a CSV import whose headers the app does not recognise (a full row of
 * the panel's form grid): the file's first rows in a table, a field chooser above each column,
 * prefilled with the mapping used last time for these headers, else the core's suggestion.
 */
export function ColumnMapping({
  path,
  defaultCountry,
  encoding,
  value,
  onChange,
}: {
  path: string;
  defaultCountry: string;
  /** The encoding chosen in the import panel, so the preview reads the file as the import will. */
  encoding: ImportEncoding;
  value: CsvColumnRole[] | null;
  onChange: (roles: CsvColumnRole[], headers: string[]) => void;
}) {
  const { t } = useFormat();
  const preview = useHoiioQuery('importExport', 'previewCsv', { path, defaultCountry, encoding });
  const loaded = preview.data;
  useEffect(() => {
    if (loaded && value === null) onChange(remembered(loaded.headers) ?? loaded.suggested, loaded.headers);
  }, [loaded, value, onChange]);
  return (
    <div className={styles.mapping} data-testid="column-mapping">
      <QueryView query={preview} label={t('import.map.preview')}>
        {(data) => <MappingTable preview={data} roles={value ?? data.suggested} onChange={onChange} />}
      </QueryView>
    </div>
  );
}

function MappingTable({
  preview,
  roles,
  onChange,
}: {
  preview: CsvPreview;
  roles: CsvColumnRole[];
  onChange: (roles: CsvColumnRole[], headers: string[]) => void;
}) {
  const { t } = useFormat();
  const id = useId();
  const complete = mappingComplete(roles);
  return (
    <>
      <p id={`${id}-intro`}>
        <FormattedMessage id="import.map.intro" />
      </p>
      <div className={styles.mappingScroll} tabIndex={0} role="group" aria-label={t('import.map.preview')}>
        <table className={styles.mappingTable}>
          <thead>
            <tr>
              {preview.headers.map((header, index) => (
                <th key={index} scope="col">
                  <span className="muted">{header || t('import.map.unnamed', { column: index + 1 })}</span>
                  <select
                    aria-label={t('import.map.columnField', { column: index + 1, header: header || '—' })}
                    aria-describedby={complete ? undefined : `${id}-incomplete`}
                    value={roles[index] ?? 'ignore'}
                    onChange={(event) => {
                      const next = roles.slice();
                      next[index] = event.target.value as CsvColumnRole;
                      onChange(next, preview.headers);
                    }}
                  >
                    {CSV_COLUMN_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`import.map.role.${role}`)}
                      </option>
                    ))}
                  </select>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, rowIndex) => (
              <tr key={rowIndex}>
                {row.map((cell, index) => (
                  <td key={index}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!complete && (
        <p id={`${id}-incomplete`} className="error-text" data-testid="mapping-incomplete">
          <FormattedMessage id="error.import.mappingIncomplete" />
        </p>
      )}
    </>
  );
}
