import { stringify } from 'csv-stringify/sync';
import { csvExact, csvMs, csvSigned } from './format.js';
import { SAMPLE_COLUMNS, type RunResult, type SampleRow } from '../core/model.js';
import { METRICS, summarize, type VariantSummary } from '../core/summary.js';
import { resolutionOf } from '../stats/resolution.js';
import { baselineOf, compareVariants, scenarioJudgements, type ScenarioJudgements } from './verdict.js';

const MS_FIELDS = new Set<keyof SampleRow>(['e2eMs', 'initMs', 'invokeMs', 'billedMs', 'maxMemoryMb']);

function cells(row: SampleRow): string[] {
  return SAMPLE_COLUMNS.map(([, field]) => {
    const value = row[field];
    if (value === undefined) return '';
    return MS_FIELDS.has(field) ? csvExact(value as number) : String(value);
  });
}

/** The header line of samples.csv. */
export function samplesCsvHeader(): string {
  return stringify([SAMPLE_COLUMNS.map(([name]) => name)]);
}

/** samples.csv lines for some rows, without header (samples are appended as they arrive). */
export function samplesCsvRows(rows: readonly SampleRow[]): string {
  return rows.length === 0 ? '' : stringify(rows.map(cells));
}

export const SUMMARY_COLUMNS = [
  'run_id',
  'scenario',
  'variant',
  'strategy',
  'runtime',
  'memory_mb',
  'metric',
  'n',
  'mean',
  'median',
  'p90',
  'p99',
  'min',
  'max',
  'stddev',
  'median_ci95_low',
  'median_ci95_high',
  'errors',
  'p90_ci95_low',
  'p90_ci95_high',
  'p99_ci95_low',
  'p99_ci95_high',
  'cv',
  'outliers',
  'baseline',
  'diff_median_vs_baseline',
  'diff_ci95_low',
  'diff_ci95_high',
  'p_value',
  'cliffs_delta',
  'significant',
  'p_value_holm',
  'verdict',
] as const;

const number = (v: number) => String(Math.round(v * 10000) / 10000);

/**
 * summary.csv: one row per scenario × variant × metric that has values. The
 * columns after `errors` were added later (interval bounds of the tails, spread,
 * outliers, the test against the baseline); empty where they do not apply.
 * `significant` is the single comparison's (p < 0.05, interval excluding 0);
 * `p_value_holm` and `verdict` are the report's: Holm-adjusted over the
 * comparisons of the report's table (cold e2e, INIT, first invoke, warm e2e of
 * every variant against the baseline), and `equivalent` where the interval lies
 * within the instrument's resolution. Differences and their bounds keep the
 * digits their sign needs.
 */
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
      const c = base && base !== s ? compareVariants(s, base, metric.id) : undefined;
      const j = base !== s ? judged?.get(s, metric.id) : undefined;
      rows.push([
        result.meta.runId,
        s.scenario,
        s.variant,
        s.strategy,
        s.runtime,
        s.memoryMb === undefined ? '' : String(s.memoryMb),
        metric.id,
        String(d.n),
        ...[d.mean, d.median, d.p90, d.p99, d.min, d.max, d.stddev, d.medianCi?.[0], d.medianCi?.[1]].map(csvMs),
        String(s.errors[metric.kind]),
        ...[d.p90Ci?.[0], d.p90Ci?.[1], d.p99Ci?.[0], d.p99Ci?.[1]].map(csvMs),
        number(d.cv),
        String(d.outliers),
        base?.variant ?? '',
        ...(c
          ? [
              csvSigned(c.diffMedian),
              csvSigned(c.diffCi[0]),
              csvSigned(c.diffCi[1]),
              String(Number(c.pValue.toPrecision(6))),
              number(c.effect),
              String(c.significant),
            ]
          : ['', '', '', '', '', '']),
        ...(j ? [String(Number(j.pHolm.toPrecision(6))), j.verdict] : ['', '']),
      ]);
    }
  }
  return stringify([[...SUMMARY_COLUMNS], ...rows]);
}
