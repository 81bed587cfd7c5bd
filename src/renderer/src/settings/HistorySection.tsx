import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { CallOutcomeSchema } from '../../../shared/calls.ts';
import type { RestoreResult } from '../../../shared/history.ts';
import type { Settings } from '../../../shared/settings.ts';
import { useBridge } from '../bridge-context.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { queryKey, useHoiioMutation, useHoiioQuery } from '../data/query.ts';
import { fieldErrors, useFormat } from '../i18n/format.ts';
import { ExportPanel } from '../io/ExportPanel.tsx';
import { IoPanel } from '../io/IoPanel.tsx';
import { PathChooser, type ChosenPath } from '../io/PathChooser.tsx';
import { useJob } from '../io/use-job.ts';
import { FeedbackLine, QueryPanel, type Feedback } from './panel.tsx';

/** The ages offered for "Keep calls" and "Clear calls older than", in days. */
const AGES = [30, 90, 180, 365, 730] as const;
const DAY_MS = 86_400_000;

/**
 * Settings → History: how long calls are kept (applied by the core when it changes, after a confirmation
 * with the count when that deletes calls, then at start-up and daily), clearing
 * calls older than an age (with its count confirmed first), and a one-file backup of the whole
 * database with a checked restore.
 */
export function HistorySection() {
  const { t } = useFormat();
  const settings = useHoiioQuery('settings', 'get');
  return (
    <QueryPanel
      headingId="history-heading"
      titleId="history.title"
      query={settings}
      loadingLabel={t('settings.loadingLabel')}
    >
      {(value) => <HistoryForm settings={value} />}
    </QueryPanel>
  );
}

function ageLabel(t: (id: string) => string, days: number): string {
  return t(`history.age.${days}`);
}

/**
 * The calls "Clear calls older than" and a retention of `days` delete now: ended calls (with an outcome:
 * the core never clears one in progress) created before `days` days ago, counted by the same query
 * callLog.clearOlderThan and retention delete by (`history-service.ts`, cutoff now − days × 24 h).
 */
async function countCallsOlderThan(hoiio: ReturnType<typeof useBridge>, days: number): Promise<number> {
  const cutoff = new Date(Date.now() - days * DAY_MS).toISOString();
  const page = await hoiio.callLog.query({ to: cutoff, outcomes: [...CallOutcomeSchema.options], limit: 1 });
  return page.total;
}

/** True when keeping calls `days` (null: forever) would delete calls that `saved` keeps. */
function isShorter(days: number | null, saved: number | null): days is number {
  return days !== null && (saved === null || days < saved);
}

/**
 * "Keep calls": saving a retention deletes the older calls at once (the core applies it on the change),
 * so a shorter one is asked first with the count it deletes now, as "Clear…" asks; Cancel keeps the
 * saved choice. A longer one, Forever, or one that deletes nothing now is saved at once.
 */
function Retention({ settings }: { settings: Settings }) {
  const { t } = useFormat();
  const id = useId();
  const hoiio = useBridge();
  const queryClient = useQueryClient();
  const saved = settings.history.retentionDays;
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [chosen, setChosen] = useState<number | null>(saved);
  const [counting, setCounting] = useState(false);
  const [asking, setAsking] = useState<{ readonly days: number; readonly count: number } | null>(null);
  const update = useHoiioMutation('settings', 'update', {
    onMutate: () => setFeedback(null),
    onSuccess: (next) => {
      queryClient.setQueryData(queryKey('settings', 'get'), next);
      const days = next.history.retentionDays;
      setFeedback({
        kind: 'ok',
        text:
          days === null
            ? t('history.retention.savedForever')
            : t('history.retention.saved', { age: ageLabel(t, days) }),
      });
    },
    onError: (error) => {
      setChosen(saved);
      setFeedback({ kind: 'error', error });
    },
  });
  const save = (days: number | null) => update.mutate({ history: { retentionDays: days } });
  const choose = async (days: number | null) => {
    setChosen(days);
    setFeedback(null);
    if (!isShorter(days, saved)) {
      save(days);
      return;
    }
    setCounting(true);
    try {
      const count = await countCallsOlderThan(hoiio, days);
      if (count === 0) save(days);
      else setAsking({ days, count });
    } catch (error) {
      setChosen(saved);
      setFeedback({ kind: 'error', error });
    } finally {
      setCounting(false);
    }
  };
  const busy = counting || update.isPending || asking !== null;
  return (
    <>
      <label htmlFor={`${id}-keep`}>
        <FormattedMessage id="history.retention" />
      </label>
      <div>
        <select
          id={`${id}-keep`}
          value={chosen === null ? '' : String(chosen)}
          aria-describedby={`${id}-keep-hint`}
          aria-busy={counting || update.isPending}
          onChange={(event) => {
            if (busy) return;
            void choose(event.target.value === '' ? null : Number(event.target.value));
          }}
        >
          <option value="">{t('history.retention.forever')}</option>
          {AGES.map((days) => (
            <option key={days} value={days}>
              {ageLabel(t, days)}
            </option>
          ))}
        </select>
        <p id={`${id}-keep-hint`} className="hint">
          <FormattedMessage id="history.retention.hint" />
        </p>
        <FeedbackLine feedback={feedback} />
      </div>
      <ConfirmDialog
        open={asking !== null}
        label={t('history.retention.title')}
        question={t('history.retention.question', {
          count: asking?.count ?? 0,
          age: ageLabel(t, asking?.days ?? AGES[0]),
        })}
        confirmLabel={t('history.clear.confirm', { count: asking?.count ?? 0 })}
        onCancel={() => {
          setAsking(null);
          setChosen(saved);
        }}
        onConfirm={() => {
          const days = asking?.days ?? null;
          setAsking(null);
          save(days);
        }}
      />
    </>
  );
}

function ClearOlder() {
  const { t } = useFormat();
  const id = useId();
  const hoiio = useBridge();
  const [days, setDays] = useState<number>(365);
  const [asking, setAsking] = useState<number | null>(null);
  const [counting, setCounting] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const clear = useHoiioMutation('callLog', 'clearOlderThan', {
    onMutate: () => setFeedback(null),
    onSuccess: ({ deleted }) => setFeedback({ kind: 'ok', text: t('history.clear.done', { count: deleted }) }),
    onError: (error) => setFeedback({ kind: 'error', error }),
  });
  const age = ageLabel(t, days);
  // Count first, so the question says how many.
  const ask = async () => {
    setFeedback(null);
    setCounting(true);
    try {
      const count = await countCallsOlderThan(hoiio, days);
      if (count === 0) setFeedback({ kind: 'ok', text: t('history.clear.none', { age }) });
      else setAsking(count);
    } catch (error) {
      setFeedback({ kind: 'error', error });
    } finally {
      setCounting(false);
    }
  };
  return (
    <>
      <label htmlFor={`${id}-age`}>
        <FormattedMessage id="history.clear" />
      </label>
      <div>
        <div className="row">
          <select id={`${id}-age`} value={days} onChange={(event) => setDays(Number(event.target.value))}>
            {AGES.map((value) => (
              <option key={value} value={value}>
                {ageLabel(t, value)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="danger"
            aria-disabled={counting || clear.isPending}
            onClick={() => !(counting || clear.isPending) && void ask()}
          >
            <FormattedMessage
              id={counting ? 'history.clear.counting' : clear.isPending ? 'history.clear.deleting' : 'history.clear.button'}
            />
          </button>
        </div>
        <FeedbackLine feedback={feedback} />
      </div>
      <ConfirmDialog
        open={asking !== null}
        label={t('history.clear.title')}
        question={t('history.clear.question', { count: asking ?? 0, age })}
        confirmLabel={t('history.clear.confirm', { count: asking ?? 0 })}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          setAsking(null);
          clear.mutate({ days });
        }}
      />
    </>
  );
}

/** One grid for the whole section, so every label lines up; the backup and restore panels open below it. */
function HistoryForm({ settings }: { settings: Settings }) {
  const { t } = useFormat();
  const id = useId();
  const [open, setOpen] = useState<'backup' | 'restore' | null>(null);
  return (
    <>
      <div className="form-grid">
        <Retention settings={settings} />
        <ClearOlder />
        <span id={`${id}-backup`}>
          <FormattedMessage id="history.backup.title" />
        </span>
        <div>
          <button
            aria-describedby={`${id}-backup-hint`}
            type="button"
            onClick={() => setOpen('backup')}
            disabled={open !== null}
            aria-expanded={open === 'backup'}
          >
            <FormattedMessage id="history.backup.button" />
          </button>
          <p id={`${id}-backup-hint`} className="hint">
            <FormattedMessage id="history.backup.hint" />
          </p>
        </div>
        <span>
          <FormattedMessage id="history.restore.title" />
        </span>
        <div>
          <button
            aria-describedby={`${id}-restore-hint`}
            type="button"
            onClick={() => setOpen('restore')}
            disabled={open !== null}
            aria-expanded={open === 'restore'}
          >
            <FormattedMessage id="history.restore.button" />
          </button>
          <p id={`${id}-restore-hint`} className="hint">
            <FormattedMessage id="history.restore.hint" />
          </p>
        </div>
      </div>
      {open === 'backup' && (
        <ExportPanel
          title={t('history.backup.title')}
          formats={[{ kind: 'backup', label: 'history.backup.title' }]}
          fileBase="hoiio-backup"
          noun="calls"
          submitLabel={t('history.backup.button')}
          // The answer as is: after a request timeout the view takes it from the `jobFinished` event (use-job.ts).
          run={(hoiio, { jobId, path, overwrite }) => hoiio.database.backup({ jobId, path, overwrite })}
          describe={(result) => (
            <FormattedMessage
              id="history.backup.done"
              values={{
                calls: result.calls,
                contacts: result.contacts,
                path: <span className="mono">{result.path}</span>,
              }}
            />
          )}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'restore' && <RestorePanel onClose={() => setOpen(null)} />}
    </>
  );
}

/**
 * Restore from a backup file: the path; the file checked read-only (database.checkBackup: integrity,
 * schema version) BEFORE anything is asked, so a bad file is refused plainly and a good one's
 * confirmation says what it holds; then progress (checking, restoring) and the outcome.
 */
function RestorePanel({ onClose }: { onClose: () => void }) {
  const { t, error: word, dateTime } = useFormat();
  const hoiio = useBridge();
  const job = useJob<RestoreResult>();
  const [chosen, setChosen] = useState<ChosenPath | null>(null);
  const check = useHoiioMutation('database', 'checkBackup');
  const [asking, setAsking] = useState(false);
  const path = chosen?.path.trim() ?? '';
  const checked = check.data;
  const intl = useIntl();
  // A refusal about the file's path is shown beside the field (IoPanel fieldError); others (a damaged
  // or foreign file) here, once.
  const refusedOutsideField = check.isError && !('path' in fieldErrors(intl, check.error));
  return (
    <IoPanel
      title={t('history.restore.title')}
      job={job}
      submitLabel={t(check.isPending ? 'history.restore.checking' : 'history.restore.confirm')}
      canSubmit={path !== '' && !check.isPending}
      onSubmit={() => check.mutate({ path }, { onSuccess: () => setAsking(true) })}
      onClose={onClose}
      fieldError={check.error}
      done={(result) => (
        <p role="status" data-testid="restore-result">
          <FormattedMessage
            id="history.restore.done"
            values={{
              calls: result.calls,
              contacts: result.contacts,
              path: <span className="mono">{result.previousKeptAt}</span>,
            }}
          />
        </p>
      )}
    >
      <PathChooser
        purpose={{ action: 'import', kind: 'backup' }}
        value={chosen}
        onChange={(next) => {
          setChosen(next);
          check.reset();
        }}
      />
      {refusedOutsideField && (
        <p className="error-text" role="alert" data-testid="restore-refused">
          {word(check.error)}
        </p>
      )}
      <ConfirmDialog
        open={asking}
        label={t('history.restore.title')}
        question={
          checked && (
            <FormattedMessage
              id="history.restore.question"
              values={{
                path: <span className="mono">{path}</span>,
                calls: checked.calls,
                contacts: checked.contacts,
                newest: checked.newestCallAt ? dateTime(checked.newestCallAt) : 'none',
                saved: dateTime(checked.modifiedAt),
              }}
            />
          )
        }
        confirmLabel={t('history.restore.confirm')}
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          void job.start((jobId) => hoiio.database.restore({ jobId, path }));
        }}
      />
    </IoPanel>
  );
}
