import { stringify } from 'csv-stringify/sync';
import { csvExact, csvMs, csvSigned } from './format.js';
import { SAMPLE_COLUMNS, type RunResult, type SampleRow } from '../core/model.js';
import { METRICS, summarize, type VariantSummary } from '../core/summary.js';
import { resolutionOf } from '../stats/resolution.js';
import type { Description } from '../stats/describe.js';
import {
  baselineOf,
  compareVariants,
  scenarioJudgements,
  type Judgement,
  type ScenarioJudgements,
  type TwoSampleComparison,
} from './verdict.js';

const MS_FIELDS = new Set<keyof SampleRow>(['e2eMs', 'initMs', 'invokeMs', 'billedMs', 'maxMemoryMb', 'cpuAfterMs']);

function cells(row: SampleRow): string[] {
  return SAMPLE_COLUMNS.map(([, field]) => {
    const value = row[field];
    if (value === undefined) return '';
    return MS_FIELDS.has(field) ? csvExact(value as number) : String(value);
  });
}

/**
 * The header line of samples.csv (SAMPLE_COLUMNS, documented in
 * docs/reading-reports.md and docs/running.md). The last three were added
 * later and are filled by the local target only: `pending_after`, what the
 * handler left pending once the response was written (`none`, or
 * `Timeout=1;Thread=2`, core/pending.ts); `frozen_after`, sandboxed: `true`
 * when the environment then waited frozen, `false` when the next request
 * followed back to back (or it ended unfrozen); `cpu_after_ms`, sandboxed: the
 * CPU time the environment used from that freeze until it was thawed or ended.
 */
export function samplesCsvHeader(): string {
  return stringify([SAMPLE_COLUMNS.map(([name]) => name)]);
}

/** samples.csv lines for some rows, without header (samples are appended as they arrive). */
export function samplesCsvRows(rows: readonly SampleRow[]): string {
  return rows.length === 0 ? '' : stringify(rows.map(cells));
}

const number = (v: number) => String(Math.round(v * 10000) / 10000);

/** What one summary.csv row is about: a variant's metric, and its comparison with the baseline where there is one. */
interface SummaryCell {
  runId: string;
  s: VariantSummary;
  metric: (typeof METRICS)[number];
  d: Description;
  base: VariantSummary | undefined;
  c: TwoSampleComparison | undefined;
  j: Judgement | undefined;
}

/**
 * The summary.csv columns, in their order, each a name and how its cell is
 * written. The columns after `errors` were added later (interval bounds of the
 * tails, spread, outliers, the test against the baseline); empty where they do
 * not apply. `significant` is the single comparison's (p < 0.05, interval
 * excluding 0); `p_value_holm` and `verdict` are the report's: Holm-adjusted
 * over the comparisons of the report's table (cold e2e, INIT, first invoke,
 * warm e2e of every variant against the baseline), and `equivalent` where the
 * interval lies within the instrument's resolution. Differences and their
 * bounds keep the digits their sign needs.
 */
export const SUMMARY_COLUMN_CELLS: readonly (readonly [string, (x: SummaryCell) => string])[] = [
  ['run_id', (x) => x.runId],
  ['scenario', (x) => x.s.scenario],
  ['variant', (x) => x.s.variant],
  ['strategy', (x) => x.s.strategy],
  ['runtime', (x) => x.s.runtime],
  ['memory_mb', (x) => (x.s.memoryMb === undefined ? '' : String(x.s.memoryMb))],
  ['metric', (x) => x.metric.id],
  ['n', (x) => String(x.d.n)],
  ['mean', (x) => csvMs(x.d.mean)],
  ['median', (x) => csvMs(x.d.median)],
  ['p90', (x) => csvMs(x.d.p90)],
  ['p99', (x) => csvMs(x.d.p99)],
  ['min', (x) => csvMs(x.d.min)],
  ['max', (x) => csvMs(x.d.max)],
  ['stddev', (x) => csvMs(x.d.stddev)],
  ['median_ci95_low', (x) => csvMs(x.d.medianCi?.[0])],
  ['median_ci95_high', (x) => csvMs(x.d.medianCi?.[1])],
  ['errors', (x) => String(x.s.errors[x.metric.kind])],
  ['p90_ci95_low', (x) => csvMs(x.d.p90Ci?.[0])],
  ['p90_ci95_high', (x) => csvMs(x.d.p90Ci?.[1])],
  ['p99_ci95_low', (x) => csvMs(x.d.p99Ci?.[0])],
  ['p99_ci95_high', (x) => csvMs(x.d.p99Ci?.[1])],
  ['cv', (x) => number(x.d.cv)],
  ['outliers', (x) => String(x.d.outliers)],
  ['baseline', (x) => x.base?.variant ?? ''],
  ['diff_median_vs_baseline', (x) => (x.c ? csvSigned(x.c.diffMedian) : '')],
  ['diff_ci95_low', (x) => (x.c ? csvSigned(x.c.diffCi[0]) : '')],
  ['diff_ci95_high', (x) => (x.c ? csvSigned(x.c.diffCi[1]) : '')],
  ['p_value', (x) => (x.c ? String(Number(x.c.pValue.toPrecision(6))) : '')],
  ['cliffs_delta', (x) => (x.c ? number(x.c.effect) : '')],
  ['significant', (x) => (x.c ? String(x.c.significant) : '')],
  ['p_value_holm', (x) => (x.j ? String(Number(x.j.pHolm.toPrecision(6))) : '')],
  ['verdict', (x) => x.j?.verdict ?? ''],
];

/** The summary.csv header, in order. */
export const SUMMARY_COLUMNS = SUMMARY_COLUMN_CELLS.map(([name]) => name);

/** summary.csv: one row per scenario × variant × metric that has values (columns: SUMMARY_COLUMN_CELLS). */
export function summaryCsv(result: RunResult): string {
  const rows: string[][] = [];
  const summaries = summarize(result);
  const resolutionMs = resolutionOf(result.meta).ms;
  const families = new Map<VariantSummary, ScenarioJudgements>();
  for (const s of summaries) {
    const group = summaries.filter((o) => o.scenario === s.scenario && o.memoryMb === s.memoryMb);
    const base = baselineOf(group, result.meta.baseline);
    if (base && !families.has(base)) families.set(base, scenarioJudgements(group, base, resolutionMs));
    const judged = base ? families.get(base) : undefined;
    for (const metric of METRICS) {
      const d = s.metrics[metric.id];
      if (!d) continue;
      const cell: SummaryCell = {
        runId: result.meta.runId,
        s,
        metric,
        d,
        base,
        c: base && base !== s ? compareVariants(s, base, metric.id) : undefined,
        j: base !== s ? judged?.get(s, metric.id) : undefined,
      };
      rows.push(SUMMARY_COLUMN_CELLS.map(([, cellOf]) => cellOf(cell)));
    }
  }
  return stringify([SUMMARY_COLUMNS, ...rows]);
}
