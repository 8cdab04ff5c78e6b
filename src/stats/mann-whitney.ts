import { normalUpperTail } from './normal.js';

export interface MannWhitneyResult {
  /** U of the first sample: the number of pairs (x, y) with x > y, ties counting ½. */
  u: number;
  /** Two-sided p-value. */
  pValue: number;
  /** `exact` (no ties, both samples ≤ 50 values) or `normal` (tie-corrected, with continuity correction). */
  method: 'exact' | 'normal';
}

/** Mid-ranks (1-based) of the values; tied values share the average of their ranks. Also returns Σ(t³ − t) over tie groups. */
export function midRanks(values: readonly number[]): { ranks: number[]; tieTerm: number } {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  let tieTerm = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]![0] === order[start]![0]) end++;
    const t = end - start + 1;
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i]![1]] = rank;
    tieTerm += t * t * t - t;
    start = end + 1;
  }
  return { ranks, tieTerm };
}

/** P(U ≤ u) under the null hypothesis for samples of m and n distinct values (exact distribution by recursion). */
export function exactUCdf(m: number, n: number, u: number): number {
  // p[i][j][k]: P(U = k) for samples of i and j values; p(i,j,k) = i/(i+j)·p(i−1,j,k−j) + j/(i+j)·p(i,j−1,k).
  let prev: number[][] = []; // row i−1: prev[j] = distribution for (i−1, j)
  for (let i = 0; i <= m; i++) {
    const row: number[][] = [];
    for (let j = 0; j <= n; j++) {
      if (i === 0 || j === 0) {
        row.push([1]);
        continue;
      }
      const dist = new Array<number>(i * j + 1).fill(0);
      const a = prev[j]!; // (i−1, j): the largest value is from the first sample, it beats all j
      const b = row[j - 1]!; // (i, j−1): the largest value is from the second sample
      for (let k = 0; k < a.length; k++) dist[k + j]! += (i / (i + j)) * a[k]!;
      for (let k = 0; k < b.length; k++) dist[k]! += (j / (i + j)) * b[k]!;
      row.push(dist);
    }
    prev = row;
  }
  const dist = prev[n]!;
  let cdf = 0;
  for (let k = 0; k <= Math.min(Math.floor(u), dist.length - 1); k++) cdf += dist[k]!;
  return Math.min(1, cdf);
}

/**
 * The largest samples (values per side) for which the exact distribution is
 * used, when there are no ties. Note: R's `wilcox.test` switches to the normal
 * approximation from 50 values per side (exact only below 50); this code is
 * exact up to and including 50, so at exactly 50 it differs from R.
 */
export const EXACT_LIMIT = 50;

/**
 * Two-sided Mann–Whitney U test (Wilcoxon rank-sum) of x against y: does one
 * tend to give larger values? Distribution-free, so it suits skewed latency
 * data. Without ties and with at most 50 values per sample the p-value is
 * exact (by the recursion of exactUCdf); otherwise — any tie, or more than 50
 * values on either side — it uses the normal approximation with the tie
 * correction of the variance and a continuity correction (the approximation
 * R's `wilcox.test` and SciPy's `mannwhitneyu` use; where each switches from
 * the exact distribution differs: R's is exact only below 50 values per side).
 */
export function mannWhitney(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) throw new Error('mannWhitney() needs at least one value in each sample');
  const { ranks, tieTerm } = midRanks([...x, ...y]);
  let rankSum = 0;
  for (let i = 0; i < m; i++) rankSum += ranks[i]!;
  const u = rankSum - (m * (m + 1)) / 2;
  const uMin = Math.min(u, m * n - u);
  if (tieTerm === 0 && m <= EXACT_LIMIT && n <= EXACT_LIMIT) {
    return { u, pValue: Math.min(1, 2 * exactUCdf(m, n, uMin)), method: 'exact' };
  }
  const big = m + n;
  const variance = ((m * n) / 12) * (big + 1 - tieTerm / (big * (big - 1)));
  if (variance <= 0) return { u, pValue: 1, method: 'normal' }; // every value equal
  const z = (Math.abs(u - (m * n) / 2) - 0.5) / Math.sqrt(variance);
  return { u, pValue: Math.min(1, 2 * normalUpperTail(Math.max(0, z))), method: 'normal' };
}

/**
 * Cliff's delta of x against y: P(x > y) − P(x < y), from −1 (every x below
 * every y) to 1. Equals 2U/(mn) − 1, the rank-biserial correlation.
 */
export function cliffsDelta(x: readonly number[], y: readonly number[], u = mannWhitney(x, y).u): number {
  return (2 * u) / (x.length * y.length) - 1;
}

/** Magnitude labels of Cliff's delta (Romano et al. 2006: 0.147, 0.33, 0.474). */
export function effectLabel(delta: number): 'negligible' | 'small' | 'medium' | 'large' {
  const d = Math.abs(delta);
  return d < 0.147 ? 'negligible' : d < 0.33 ? 'small' : d < 0.474 ? 'medium' : 'large';
}
