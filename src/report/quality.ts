import { minSamplesForQuantileCi } from '../stats/order-ci.js';
import type { MetricId, VariantSummary } from '../core/summary.js';

/** A coefficient of variation above this makes a metric "noisy". */
export const NOISY_CV = 0.2;
/** Fewer cold samples than this are warned about. */
export const FEW_SAMPLES = 10;

/** Sample counts a 95 % distribution-free interval needs, per quantile. */
export const QUANTILE_SUPPORT = {
  p50: minSamplesForQuantileCi(0.5),
  p90: minSamplesForQuantileCi(0.9),
  p99: minSamplesForQuantileCi(0.99),
} as const;

const CHECKED: readonly [MetricId, string][] = [
  ['cold_e2e_ms', 'cold e2e'],
  ['warm_e2e_ms', 'warm e2e'],
];

/**
 * What a reader should know before trusting a scenario's figures: outliers
 * (flagged, kept in the statistics), too few samples, noisy metrics.
 */
export function qualityNotes(variants: readonly VariantSummary[]): string[] {
  const notes: string[] = [];
  const outliers = variants.flatMap((v) =>
    CHECKED.flatMap(([id, label]) => {
      const d = v.metrics[id];
      return d && d.outliers > 0 ? [`${v.variant} ${label} ${d.outliers} of ${d.n}`] : [];
    }),
  );
  if (outliers.length > 0) notes.push(`Outliers (modified z-score above 3.5 on the MAD, kept in the figures): ${outliers.join('; ')}.`);
  const few = variants.filter((v) => (v.metrics.cold_e2e_ms?.n ?? 0) < FEW_SAMPLES);
  if (few.length > 0) {
    const list = few.map((v) => `${v.variant} (${v.metrics.cold_e2e_ms?.n ?? 0})`).join(', ');
    notes.push(
      `Too few cold samples: ${list}. Below ${QUANTILE_SUPPORT.p50} there is no interval for a median and below ${FEW_SAMPLES} the tests can miss real differences: run with --cold 20 or more, or --cold auto.`,
    );
  }
  const noisy = variants.flatMap((v) =>
    CHECKED.flatMap(([id, label]) => {
      const d = v.metrics[id];
      return d && d.n > 1 && d.cv > NOISY_CV ? [`${v.variant} ${label} ${Math.round(d.cv * 100)} %`] : [];
    }),
  );
  if (noisy.length > 0) {
    notes.push(
      `Noisy (coefficient of variation above ${NOISY_CV * 100} %): ${noisy.join('; ')}. Another load on the machine, CPU frequency changes or a bimodal variant widen the intervals; quiet the machine or take more samples.`,
    );
  }
  return notes;
}
