import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';

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
}

/**
 * Order-statistic ranks (1-based) of a distribution-free confidence interval
 * for the median: the widest j with P(Binomial(n, ½) < j) ≤ α/2 gives
 * [x(j), x(n+1−j)], whose coverage is at least 1 − α.
 */
export function medianCiRanks(n: number, alpha = 0.05): [number, number] | undefined {
  // P(X = k) for X ~ Binomial(n, 1/2), summed from k = 0 upward, in log space to stay finite for large n.
  let logP = -n * Math.LN2; // log P(X = 0)
  let cumulative = 0;
  let j = 0;
  for (let k = 0; k < n; k++) {
    const p = Math.exp(logP);
    if (cumulative + p > alpha / 2) break;
    cumulative += p;
    j = k + 1; // P(X < j) = P(X ≤ k) ≤ α/2
    logP += Math.log((n - k) / (k + 1));
  }
  if (j < 1) return undefined;
  return [j, n + 1 - j];
}

/** Describes a non-empty list of values. */
export function describe(values: readonly number[]): Description {
  if (values.length === 0) throw new Error('describe() needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const ranks = medianCiRanks(n);
  return {
    n,
    mean: mean(sorted),
    median: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p99: quantileSorted(sorted, 0.99),
    min: sorted[0]!,
    max: sorted[n - 1]!,
    stddev: n > 1 ? sampleStandardDeviation(sorted) : 0,
    ...(ranks ? { medianCi: [sorted[ranks[0] - 1]!, sorted[ranks[1] - 1]!] as [number, number] } : {}),
  };
}
