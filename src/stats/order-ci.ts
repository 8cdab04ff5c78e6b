/**
 * Order-statistic ranks (1-based) of a distribution-free confidence interval
 * for the q-quantile of a continuous distribution from n values. With
 * B ~ Binomial(n, q) the number of values below the true quantile, the lower
 * rank j is the largest with P(B < j) ≤ α/2 and the upper rank k the smallest
 * with P(B ≥ k) ≤ α/2; [x(j), x(k)] then covers the quantile with probability
 * at least 1 − α. Undefined when n is too small for either bound (for a 95 %
 * interval: the median needs 6 values, p90 36, p99 368).
 */
export function quantileCiRanks(n: number, q: number, alpha = 0.05): [number, number] | undefined {
  if (!(q > 0 && q < 1)) throw new Error(`quantileCiRanks: q must be in (0, 1), not ${q}`);
  if (n < 1) return undefined;
  // P(B = k) for k = 0..n, in log space to stay finite for large n.
  const logQ = Math.log(q);
  const log1Q = Math.log1p(-q);
  const pmf: number[] = [];
  let logC = 0; // log C(n, k)
  for (let k = 0; k <= n; k++) {
    pmf.push(Math.exp(logC + k * logQ + (n - k) * log1Q));
    logC += Math.log((n - k) / (k + 1));
  }
  const tolerance = 1e-12; // cumulative sums must not miss a published rank by rounding
  let j = 0;
  let below = 0; // P(B < j)
  while (j < n && below + pmf[j]! <= alpha / 2 + tolerance) {
    below += pmf[j]!;
    j++;
  }
  let k = n + 1;
  let above = 0; // P(B ≥ k)
  while (k > 1 && above + pmf[k - 1]! <= alpha / 2 + tolerance) {
    above += pmf[k - 1]!;
    k--;
  }
  if (j < 1 || k > n || j > k) return undefined;
  return [j, k];
}

/** The smallest n for which a distribution-free interval of the q-quantile exists. */
export function minSamplesForQuantileCi(q: number, alpha = 0.05): number {
  let n = 1;
  while (!quantileCiRanks(n, q, alpha)) n++;
  return n;
}
