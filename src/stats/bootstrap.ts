import { quantileSorted } from 'simple-statistics';
import { seededRandom } from './rng.js';

export interface BootstrapOptions {
  /** Number of resamples (default 2000). */
  resamples?: number;
  /** Seed of the generator; the same seed gives the same interval (default 1). */
  seed?: number;
  /** 1 − confidence (default 0.05). */
  alpha?: number;
}

/** Median of a resample drawn into `scratch` (a typed array: its native numeric sort is fast). */
function resampleMedian(values: readonly number[], random: () => number, scratch: Float64Array): number {
  const n = values.length;
  for (let i = 0; i < n; i++) scratch[i] = values[Math.floor(random() * n)]!;
  scratch.sort();
  const mid = (n - 1) / 2;
  return (scratch[Math.floor(mid)]! + scratch[Math.ceil(mid)]!) / 2;
}

/**
 * Percentile-bootstrap confidence interval of median(candidate) − median(baseline):
 * both samples are resampled with replacement, independently, `resamples`
 * times, and the α/2 and 1 − α/2 quantiles of the differences are returned.
 */
export function bootstrapMedianDiffCi(
  candidate: readonly number[],
  baseline: readonly number[],
  options: BootstrapOptions = {},
): [number, number] {
  if (candidate.length === 0 || baseline.length === 0) throw new Error('bootstrapMedianDiffCi() needs at least one value in each sample');
  const resamples = options.resamples ?? 2000;
  const alpha = options.alpha ?? 0.05;
  const random = seededRandom(options.seed ?? 1);
  const a = new Float64Array(candidate.length);
  const b = new Float64Array(baseline.length);
  const diffs = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) diffs[r] = resampleMedian(candidate, random, a) - resampleMedian(baseline, random, b);
  diffs.sort();
  const sorted = Array.from(diffs);
  return [quantileSorted(sorted, alpha / 2), quantileSorted(sorted, 1 - alpha / 2)];
}
