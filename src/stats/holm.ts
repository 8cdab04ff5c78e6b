/**
 * Holm's step-down adjustment of a family of p-values: the i-th smallest of m
 * becomes max over j ≤ i of min(1, (m − j + 1) · p(j)). Rejecting where the
 * adjusted p-value is below α keeps the family-wise error rate (the chance of
 * any false "significant" in the family) at most α, under any dependence
 * between the tests. Returns the adjusted values in the input order.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
