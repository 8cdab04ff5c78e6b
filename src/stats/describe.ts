import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { quantileCiRanks } from './order-ci.js';
import { outlierIndexes } from './outliers.js';

/** Descriptive statistics of one metric. Quantiles use linear interpolation (type 7, as R and numpy). */
export interface Description {
  n: number;
  mean: number;
  median: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  stddev: number;
  /** Distribution-free 95 % confidence interval of the median; undefined below 6 values, where none exists. */
  medianCi?: [number, number];
  /** Distribution-free 95 % interval of p90; undefined below 36 values: then p90 is not supported by the sample count. */
  p90Ci?: [number, number];
  /** Distribution-free 95 % interval of p99; undefined below 368 values: then p99 is only "near the worst seen". */
  p99Ci?: [number, number];
  /** Coefficient of variation, stddev / mean (0 when the mean is 0). */
  cv: number;
  /** Values with a modified z-score above 3.5 (flagged, still included). */
  outliers: number;
}

/**
 * Order-statistic ranks (1-based) of a distribution-free confidence interval
 * for the median: the widest j with P(Binomial(n, ½) < j) ≤ α/2 gives
 * [x(j), x(n+1−j)], whose coverage is at least 1 − α.
 */
export function medianCiRanks(n: number, alpha = 0.05): [number, number] | undefined {
  return quantileCiRanks(n, 0.5, alpha);
}

function interval(sorted: number[], q: number): { ci?: [number, number] } {
  const ranks = quantileCiRanks(sorted.length, q);
  return ranks ? { ci: [sorted[ranks[0] - 1]!, sorted[ranks[1] - 1]!] } : {};
}

/**
 * The one quantile definition of every report: linear interpolation between
 * order statistics (type 7, as R's and numpy's default), over values sorted
 * ascending. The traffic model's percentiles use it too.
 */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  return quantileSorted(sorted as number[], q);
}

/** Describes a non-empty list of values. */
export function describe(values: readonly number[]): Description {
  if (values.length === 0) throw new Error('describe() needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const m = mean(sorted);
  const stddev = n > 1 ? sampleStandardDeviation(sorted) : 0;
  const medianCi = interval(sorted, 0.5).ci;
  const p90Ci = interval(sorted, 0.9).ci;
  const p99Ci = interval(sorted, 0.99).ci;
  return {
    n,
    mean: m,
    median: quantileOfSorted(sorted, 0.5),
    p90: quantileOfSorted(sorted, 0.9),
    p99: quantileOfSorted(sorted, 0.99),
    min: sorted[0]!,
    max: sorted[n - 1]!,
    stddev,
    ...(medianCi ? { medianCi } : {}),
    ...(p90Ci ? { p90Ci } : {}),
    ...(p99Ci ? { p99Ci } : {}),
    cv: m !== 0 ? stddev / Math.abs(m) : 0,
    outliers: outlierIndexes(sorted).length,
  };
}
