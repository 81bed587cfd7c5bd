import { useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CallTotalsResult } from '../../../shared/call-log.ts';
import type { TopContactsResult, TopParty } from '../../../shared/history.ts';
import { checkDateRange } from '../../../shared/date-range.ts';
import { formatPhoneNumber } from '../../../shared/phone.ts';
import { ViewHeading } from '../app/view-heading.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { fitText } from '../../../shared/text-cut.ts';
import { QueryView } from '../components/QueryView.tsx';
import { queryKey, useHoiioMutation, useHoiioQuery } from '../data/query.ts';
import { useFormat } from '../i18n/format.ts';
import { ExportPanel } from '../io/ExportPanel.tsx';
import { RadioGroup } from '../io/RadioGroup.tsx';
import {
  bucketStart,
  chartBuckets,
  localDay,
  RANGE_PRESETS,
  resolveRange,
  type DateRange,
  type RangePreset,
} from './insights-range.ts';
import styles from './insights.module.css';

type Period = 'day' | 'month';

/** One bucket as the charts and tables draw it: zero-filled, cost in the chart currency. */
interface Point {
  readonly bucket: string;
  readonly label: string;
  readonly calls: number;
  readonly connected: number;
  readonly minutes: number;
  /** Cost in the chart currency as a number (drawing only), and the exact string (tables). */
  readonly cost: number;
  readonly costText: string;
}

/**
 * Insights (issue 13): calls, connected calls, minutes and cost per day or month over a range,
 * and the top contacts by minutes and by cost, each chart with a table of the same figures.
 * Simulated (sandbox) calls are left out unless asked for; that choice is a setting
 * (`insights.includeSimulated`), so it outlasts leaving the view and a restart. Aggregated in the `queries` worker
 * (`callLog.totals`, `callLog.topContacts`). Loaded lazily: recharts is not in the first screen.
 */
/**
 * "Include simulated calls", kept in the settings (`insights.includeSimulated`): the saved choice
 * (null until the settings are read), a setter that shows the new choice at once and saves it,
 * and the worded error when saving failed (the saved choice is shown again then).
 */
function useIncludeSimulated(): [boolean | null, (include: boolean) => void, string | null] {
  const { error } = useFormat();
  const queryClient = useQueryClient();
  const settings = useHoiioQuery('settings', 'get');
  const [chosen, setChosen] = useState<boolean | null>(null);
  const update = useHoiioMutation('settings', 'update', {
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKey('settings', 'get'), saved);
      setChosen(null);
    },
    onError: () => setChosen(null),
  });
  const saved = settings.data?.insights.includeSimulated ?? (settings.isError ? false : null);
  const choose = (include: boolean) => {
    setChosen(include);
    update.mutate({ insights: { includeSimulated: include } });
  };
  return [chosen ?? saved, choose, update.isError ? error(update.error) : null];
}

export default function InsightsView() {
  const { t } = useFormat();
  const id = useId();
  const today = useMemo(() => new Date(), []);
  const [preset, setPreset] = useState<RangePreset>('30d');
  const [custom, setCustom] = useState({
    from: localDay(new Date(today.getTime() - 29 * 86_400_000)),
    to: localDay(today),
  });
  const [chosenPeriod, setPeriod] = useState<Period | null>(null);
  const [simulated, setSimulated, simulatedError] = useIncludeSimulated();
  const [exporting, setExporting] = useState(false);
  const resolved = resolveRange(preset, today, custom);
  // A bad custom range is said beside its fields (the check the Call log uses) and no figures are shown
  // for it (the Call log lists no calls): figures of another range under the error would read as its own.
  // (An emptied field is not a problem, only not yet a range: nothing is shown, nothing said.)
  const rangeProblem = preset === 'custom' ? checkDateRange(custom.from, custom.to) : null;
  const range = rangeProblem ? null : resolved;
  const ready = range !== null && simulated !== null;
  const period: Period = chosenPeriod ?? (range && range.days > 92 ? 'month' : 'day');
  const filter = range ? { from: range.from, to: range.to, ...(simulated ? {} : { mode: 'live' as const }) } : {};
  const totalsQuery = { ...filter, period, timeZone: 'local' as const };
  const totals = useHoiioQuery('callLog', 'totals', totalsQuery, { enabled: ready, keepPrevious: true });
  const top = useHoiioQuery('callLog', 'topContacts', { ...filter, limit: 10 }, { enabled: ready, keepPrevious: true });
  // No real calls in the range while simulated ones are left out: are there simulated calls in it? Then the
  // empty state says so and offers the one action that shows them (a new sandbox user's calls are all simulated,
  // and "choose a longer range" would not help).
  const leftOut = useHoiioQuery(
    'callLog',
    'totals',
    { ...(range ? { from: range.from, to: range.to } : {}), mode: 'sandbox', period, timeZone: 'local' },
    { enabled: ready && simulated === false && totals.data?.overall.calls === 0 && !totals.isPlaceholderData },
  );
  const simulatedOnly = simulated === false ? (leftOut.data?.overall.calls ?? 0) : 0;

  return (
    <section className="view" aria-labelledby="insights-heading">
      <ViewHeading id="insights-heading">
        <FormattedMessage id="insights.title" />
      </ViewHeading>
      <div className={`toolbar ${styles.controls}`}>
        <label className={styles.control}>
          <span>
            <FormattedMessage id="insights.range" />
          </span>
          <select
            value={preset}
            onChange={(event) => {
              setPreset(event.target.value as RangePreset);
              setPeriod(null);
            }}
          >
            {RANGE_PRESETS.map((option) => (
              <option key={option} value={option}>
                {t(`insights.range.${option}`)}
              </option>
            ))}
          </select>
        </label>
        {preset === 'custom' && (
          <>
            <label className={styles.control}>
              <span>
                <FormattedMessage id="insights.from" />
              </span>
              <input
                type="date"
                value={custom.from}
                onChange={(event) => setCustom({ ...custom, from: event.target.value })}
                aria-invalid={rangeProblem?.field === 'from' || undefined}
                aria-describedby={rangeProblem?.field === 'from' ? `${id}-range-error` : undefined}
              />
            </label>
            <label className={styles.control}>
              <span>
                <FormattedMessage id="insights.to" />
              </span>
              <input
                type="date"
                value={custom.to}
                onChange={(event) => setCustom({ ...custom, to: event.target.value })}
                aria-invalid={rangeProblem?.field === 'to' || undefined}
                aria-describedby={rangeProblem?.field === 'to' ? `${id}-range-error` : undefined}
              />
            </label>
          </>
        )}
        <div className={styles.period}>
          <RadioGroup
            label={t('insights.period')}
            options={(['day', 'month'] as const).map((value) => ({ value, label: t(`insights.period.${value}`) }))}
            value={period}
            onChange={setPeriod}
          />
        </div>
        <label className={`checkbox ${styles.simulated}`}>
          <input
            type="checkbox"
            checked={simulated ?? false}
            disabled={simulated === null}
            onChange={(event) => setSimulated(event.target.checked)}
          />
          <FormattedMessage id="insights.simulated" />
        </label>
        {simulatedError !== null && (
          <p className="error-text" role="alert">
            {simulatedError}
          </p>
        )}
        <button
          type="button"
          onClick={() => setExporting(true)}
          disabled={exporting || resolved === null}
          aria-expanded={exporting}
        >
          <FormattedMessage id="insights.export" />
        </button>
      </div>
      {rangeProblem && (
        <p id={`${id}-range-error`} className="error-text" role="alert" data-testid="date-range-error">
          {t(rangeProblem.key, rangeProblem.params)}
        </p>
      )}
      {exporting && resolved && (
        <ExportPanel
          title={t('insights.export.title')}
          formats={[{ kind: 'totals-csv', label: 'callLog.export.csv' }]}
          fileBase="call-totals"
          noun="periods"
          run={(hoiio, { jobId, path, overwrite }) =>
            hoiio.callLog.exportTotalsCsv({ jobId, path, overwrite, query: totalsQuery })
          }
          onClose={() => setExporting(false)}
        >
          <span>
            <FormattedMessage id="insights.export.what" />
          </span>
          <span>{describeRange(t, period, resolved)}</span>
        </ExportPanel>
      )}
      {rangeProblem && (
        <EmptyState title={t('insights.rangeInvalid')}>
          <FormattedMessage id="insights.rangeInvalidHint" />
        </EmptyState>
      )}
      {range && (
        <QueryView query={totals} label={t('insights.loadingLabel')}>
          {(value) =>
            value.overall.calls === 0 ? (
              simulatedOnly > 0 ? (
                <EmptyState
                  title={t('insights.simulatedOnly')}
                  action={
                    <button type="button" className="primary" onClick={() => setSimulated(true)}>
                      <FormattedMessage id="insights.simulatedOnly.include" />
                    </button>
                  }
                >
                  <FormattedMessage id="insights.simulatedOnlyHint" values={{ count: simulatedOnly }} />
                </EmptyState>
              ) : (
                <EmptyState title={t('insights.empty')}>
                  <FormattedMessage id="insights.emptyHint" />
                </EmptyState>
              )
            ) : (
              <Figures totals={value} top={top.data} range={range} period={period} />
            )
          }
        </QueryView>
      )}
    </section>
  );
}

function describeRange(
  t: (id: string, values?: Record<string, string | number>) => string,
  period: Period,
  range: DateRange,
): string {
  const last = new Date(new Date(range.to).getTime() - 1);
  return t('insights.export.describe', { period, from: localDay(new Date(range.from)), to: localDay(last) });
}

function Figures({
  totals,
  top,
  range,
  period,
}: {
  totals: CallTotalsResult;
  top: TopContactsResult | undefined;
  range: DateRange;
  period: Period;
}) {
  const { t, intl, money, number } = useFormat();
  // Costs are drawn in one currency: the one most spent (a Hoiio account has one).
  const currency = top?.currency ?? totals.overall.costs[0]?.currency ?? null;
  const span = useMemo(
    () =>
      chartBuckets(
        range,
        period,
        totals.buckets.map((bucket) => bucket.bucket),
      ),
    [totals, range, period],
  );
  const points = useMemo<Point[]>(() => {
    const byBucket = new Map(totals.buckets.map((bucket) => [bucket.bucket, bucket]));
    return span.keys.map((bucket) => {
      const found = byBucket.get(bucket);
      const amount = found?.costs.find((cost) => cost.currency === currency)?.amount ?? '0.000';
      const date = bucketStart(bucket);
      return {
        bucket,
        label:
          period === 'day'
            ? intl.formatDate(date, { month: 'short', day: 'numeric' })
            : intl.formatDate(date, { month: 'short', year: 'numeric' }),
        calls: found?.calls ?? 0,
        connected: found?.connected ?? 0,
        minutes: found?.minutes ?? 0,
        cost: Number(amount),
        costText: amount,
      };
    });
  }, [totals, span, period, currency, intl]);
  const bucketHeader = t(period === 'day' ? 'insights.col.day' : 'insights.col.month');
  const moneyText = (amount: string) => (currency ? money(amount, currency) : t('common.none'));

  return (
    <>
      <dl className={styles.summary} aria-label={t('insights.summary')}>
        <Fact label={t('insights.summary.calls')} value={number(totals.overall.calls)} />
        <Fact label={t('insights.summary.connected')} value={number(totals.overall.connected)} />
        <Fact label={t('insights.summary.minutes')} value={number(totals.overall.minutes)} />
        <Fact
          label={t('insights.summary.cost')}
          value={
            totals.overall.costs.length === 0
              ? t('common.none')
              : totals.overall.costs.map((cost) => money(cost.amount, cost.currency)).join(t('common.listSeparator'))
          }
        />
      </dl>
      {(span.clamped || span.cutFrom !== null) && points.length > 0 && (
        <p className={`muted ${styles.spanNote}`} data-testid="insights-span-note">
          {span.cutFrom === null
            ? t('insights.chartClamped', { from: points[0]!.label, to: points[points.length - 1]!.label })
            : t('insights.chartCut', {
                period,
                shown: points.length,
                total: span.cutFrom,
                from: points[0]!.label,
                to: points[points.length - 1]!.label,
              })}
        </p>
      )}
      <div className={styles.grid}>
        <ChartFigure
          title={t('insights.chart.calls', { period })}
          chart={
            <BarChart data={points as Point[]} accessibilityLayer={false}>
              <Axes />
              <Bar
                dataKey="calls"
                name={t('insights.col.calls')}
                fill="var(--color-chart-1)"
                isAnimationActive={false}
              />
              <Bar
                dataKey="connected"
                name={t('insights.col.connected')}
                fill="var(--color-chart-2)"
                isAnimationActive={false}
              />
            </BarChart>
          }
          legend={[
            { label: t('insights.col.calls'), colour: 'var(--color-chart-1)' },
            { label: t('insights.col.connected'), colour: 'var(--color-chart-2)' },
          ]}
          headers={[bucketHeader, t('insights.col.calls'), t('insights.col.connected')]}
          rows={points.map((point) => [point.label, number(point.calls), number(point.connected)])}
        />
        <ChartFigure
          title={t('insights.chart.minutes', { period })}
          chart={
            <BarChart data={points as Point[]} accessibilityLayer={false}>
              <Axes />
              <Bar
                dataKey="minutes"
                name={t('insights.col.minutes')}
                fill="var(--color-chart-1)"
                isAnimationActive={false}
              />
            </BarChart>
          }
          headers={[bucketHeader, t('insights.col.minutes')]}
          rows={points.map((point) => [point.label, number(point.minutes)])}
        />
        {currency && (
          <ChartFigure
            title={t('insights.chart.cost', { period, currency })}
            chart={
              <BarChart data={points as Point[]} accessibilityLayer={false}>
                <Axes decimals />
                <Bar
                  dataKey="cost"
                  name={t('insights.col.cost')}
                  fill="var(--color-chart-3)"
                  isAnimationActive={false}
                />
              </BarChart>
            }
            headers={[bucketHeader, t('insights.col.cost')]}
            rows={points.map((point) => [point.label, moneyText(point.costText)])}
          />
        )}
        {top && (
          <TopFigure
            title={t('insights.chart.topMinutes')}
            parties={top.byMinutes}
            value={(party) => party.minutes}
            text={(party) => number(party.minutes)}
            header={t('insights.col.minutes')}
            colour="var(--color-chart-2)"
          />
        )}
        {top && currency && (
          <TopFigure
            title={t('insights.chart.topCost', { currency })}
            parties={top.byCost}
            value={(party) => Number(party.cost)}
            text={(party) => moneyText(party.cost)}
            header={t('insights.col.cost')}
            colour="var(--color-chart-3)"
          />
        )}
      </div>
    </>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className={styles.fact}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/**
 * Axis, grid and tooltip in the theme's colours (tokens), shared by the period charts. `decimals`:
 * a money axis, whose ticks fit cents (whole-number ticks stretch 0.03–0.06 to a 0–4 axis, bars unseen).
 */
function Axes({ decimals = false }: { decimals?: boolean } = {}) {
  return (
    <>
      <CartesianGrid stroke="var(--color-chart-grid)" vertical={false} />
      <XAxis
        dataKey="label"
        stroke="var(--color-muted)"
        tick={{ fill: 'var(--color-muted)', fontSize: 12 }}
        minTickGap={12}
      />
      <YAxis
        stroke="var(--color-muted)"
        tick={{ fill: 'var(--color-muted)', fontSize: 12 }}
        allowDecimals={decimals}
        width={48}
      />
      <Tooltip
        cursor={{ fill: 'var(--color-chart-grid)' }}
        contentStyle={{
          background: 'var(--color-surface)',
          borderColor: 'var(--color-border)',
          color: 'var(--color-text)',
        }}
        labelStyle={{ color: 'var(--color-text)' }}
      />
    </>
  );
}

/**
 * A chart with its caption, a colour key, and the same figures as a table (for screen readers and
 * anyone who wants the numbers). The drawing itself is hidden from assistive technology.
 */
function ChartFigure({
  title,
  chart,
  legend = [],
  headers,
  rows,
}: {
  title: string;
  chart: ReactNode;
  legend?: { label: string; colour: string }[];
  headers: string[];
  rows: string[][];
}) {
  const id = useId();
  return (
    <figure className={`panel ${styles.figure}`} aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className={styles.caption}>
        {title}
      </figcaption>
      {legend.length > 0 && (
        <ul className={styles.legend} aria-hidden="true">
          {legend.map((item) => (
            <li key={item.label}>
              <span className={styles.swatch} style={{ background: item.colour }} />
              {item.label}
            </li>
          ))}
        </ul>
      )}
      <div className={styles.chart} aria-hidden="true" data-testid="insights-chart">
        <ResponsiveContainer width="100%" height="100%">
          {chart as never}
        </ResponsiveContainer>
      </div>
      <details className={styles.details}>
        <summary>
          <FormattedMessage id="insights.showTable" />
        </summary>
        <div className={styles.tableWrap}>
          <table className={styles.table} aria-label={title}>
            <thead>
              <tr>
                {headers.map((header, index) => (
                  <th key={header} scope="col" className={index > 0 ? styles.numeric : undefined}>
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((cells, row) => (
                <tr key={row}>
                  {cells.map((cell, index) =>
                    index === 0 ? (
                      <th key={index} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={index} className={styles.numeric}>
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

function TopFigure({
  title,
  parties,
  value,
  text,
  header,
  colour,
}: {
  title: string;
  parties: TopParty[];
  value: (party: TopParty) => number;
  text: (party: TopParty) => string;
  header: string;
  colour: string;
}) {
  const { t, number } = useFormat();
  const data = parties.map((party) => ({ name: party.name ?? formatPhoneNumber(party.number), value: value(party) }));
  if (parties.length === 0) {
    return (
      <figure className={`panel ${styles.figure}`}>
        <figcaption className={styles.caption}>{title}</figcaption>
        <p className="muted">
          <FormattedMessage id="insights.noTop" />
        </p>
      </figure>
    );
  }
  return (
    <ChartFigure
      title={title}
      chart={
        <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ left: 8, right: 16 }}>
          <CartesianGrid stroke="var(--color-chart-grid)" horizontal={false} />
          <XAxis type="number" stroke="var(--color-muted)" tick={{ fill: 'var(--color-muted)', fontSize: 12 }} />
          <YAxis
            type="category"
            dataKey="name"
            width={PARTY_AXIS_WIDTH}
            interval={0}
            stroke="var(--color-muted)"
            tick={PartyTick}
          />
          <Bar dataKey="value" name={header} fill={colour} isAnimationActive={false} />
        </BarChart>
      }
      headers={[t('insights.col.party'), t('insights.col.calls'), header]}
      rows={parties.map((party, index) => [data[index]!.name, number(party.calls), text(party)])}
    />
  );
}

let context: CanvasRenderingContext2D | null | undefined;

/**
 * A pixel measure of text in `font` (a CSS font shorthand, e.g. `12px system-ui`), through a shared
 * off-screen canvas; falls back to 0.6 em per character where no canvas is available.
 */
function canvasMeasure(font: string): (value: string) => number {
  if (context === undefined)
    context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  return (value) => {
    if (!context) return Array.from(value).length * size * 0.6;
    context.font = font;
    return context.measureText(value).width;
  };
}

/** Width of the top charts' name axis, px; a name longer than fits is shortened with "…" (PartyTick). */
const PARTY_AXIS_WIDTH = 150;

/**
 * A name (or number) on the top charts' axis: shortened at its end to fit the axis (recharts draws a
 * tick's text right-aligned at the axis, so a longer one would be cut at its start), the whole name
 * in an SVG <title> (a hover tooltip); the table below the chart lists it in full.
 */
function PartyTick({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
  const name = String(payload?.value ?? '');
  const font = `12px ${getComputedStyle(document.body).fontFamily}`;
  // 8 px between the text and the axis line (recharts' tick size and margin).
  const shown = fitText(name, PARTY_AXIS_WIDTH - 12, canvasMeasure(font));
  return (
    <text
      x={Number(x)}
      y={Number(y)}
      dy="0.355em"
      textAnchor="end"
      fill="var(--color-muted)"
      fontSize={12}
      data-testid="party-tick"
    >
      <title>{name}</title>
      {shown}
    </text>
  );
}
