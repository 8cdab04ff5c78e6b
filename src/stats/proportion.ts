/** z for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/**
 * Wilson score interval of a proportion `successes / n` (95 % by default):
 * unlike the normal approximation it stays inside [0, 1] and keeps its
 * coverage for shares near 0 or 1 and for small n. Undefined for n = 0.
 */
export function wilsonInterval(successes: number, n: number, z = Z95): [number, number] | undefined {
  if (n <= 0) return undefined;
  if (successes < 0 || successes > n) throw new Error(`wilsonInterval: ${successes} successes out of ${n}`);
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
