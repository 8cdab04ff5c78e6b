import { stringify } from 'csv-stringify/sync';
import { csvMs } from './format.js';
import { SAMPLE_COLUMNS, type RunResult, type SampleRow } from './model.js';
import { METRICS, summarize } from './summary.js';

const MS_FIELDS = new Set<keyof SampleRow>(['e2eMs', 'initMs', 'invokeMs', 'billedMs', 'maxMemoryMb']);

function cells(row: SampleRow): string[] {
  return SAMPLE_COLUMNS.map(([, field]) => {
    const value = row[field];
    if (value === undefined) return '';
    return MS_FIELDS.has(field) ? csvMs(value as number) : String(value);
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
  'run_id', 'scenario', 'variant', 'strategy', 'runtime', 'memory_mb', 'metric',
  'n', 'mean', 'median', 'p90', 'p99', 'min', 'max', 'stddev', 'median_ci95_low', 'median_ci95_high', 'errors',
] as const;

/** summary.csv: one row per scenario × variant × metric that has values. */
export function summaryCsv(result: RunResult): string {
  const rows: string[][] = [];
  for (const s of summarize(result)) {
    for (const metric of METRICS) {
      const d = s.metrics[metric.id];
      if (!d) continue;
      rows.push([
        result.meta.runId, s.scenario, s.variant, s.strategy, s.runtime, s.memoryMb === undefined ? '' : String(s.memoryMb),
        metric.id, String(d.n),
        ...[d.mean, d.median, d.p90, d.p99, d.min, d.max, d.stddev, d.medianCi?.[0], d.medianCi?.[1]].map(csvMs),
        String(s.errors[metric.kind]),
      ]);
    }
  }
  return stringify([[...SUMMARY_COLUMNS], ...rows]);
}
