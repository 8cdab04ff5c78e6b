import { median } from 'simple-statistics';
import { bootstrapMedianDiffCi, type BootstrapOptions } from './bootstrap.js';
import { cliffsDelta, effectLabel, mannWhitney } from './mann-whitney.js';

/** Significance level of every test in the reports. */
export const ALPHA = 0.05;

/** A candidate sample against a baseline sample. */
export interface TwoSampleComparison {
  /** median(candidate) − median(baseline). */
  diffMedian: number;
  baseMedian: number;
  /** 95 % percentile-bootstrap interval of the difference of medians (seeded, reproducible). */
  diffCi: [number, number];
  /** Two-sided Mann–Whitney U p-value. */
  pValue: number;
  pMethod: 'exact' | 'normal';
  /** Cliff's delta of candidate against baseline: negative means the candidate tends to be faster. */
  effect: number;
  effectLabel: ReturnType<typeof effectLabel>;
  /** p < 0.05 and the interval of the difference excludes 0. */
  significant: boolean;
}

/** The fewest values per sample for which a comparison is attempted. */
export const MIN_COMPARE_SAMPLES = 3;

/**
 * Compares two samples of a latency: difference of medians with a bootstrap
 * interval, a Mann–Whitney U test and Cliff's delta. Undefined when either
 * sample has fewer than 3 values.
 */
export function compareSamples(
  candidate: readonly number[],
  baseline: readonly number[],
  bootstrap: BootstrapOptions = {},
): TwoSampleComparison | undefined {
  if (candidate.length < MIN_COMPARE_SAMPLES || baseline.length < MIN_COMPARE_SAMPLES) return undefined;
  // The reports ask for the same pair several times (table, verdict, CSV, traffic): compute it once per pair of arrays.
  const cacheable = Object.keys(bootstrap).length === 0;
  const cached = cacheable ? memo.get(candidate)?.get(baseline) : undefined;
  if (cached) return cached;
  const result = compute(candidate, baseline, bootstrap);
  if (cacheable) {
    let inner = memo.get(candidate);
    if (!inner) memo.set(candidate, (inner = new WeakMap()));
    inner.set(baseline, result);
  }
  return result;
}

/** Results by the identity of the two arrays; the arrays are never modified after they are compared. */
const memo = new WeakMap<readonly number[], WeakMap<readonly number[], TwoSampleComparison>>();

function compute(candidate: readonly number[], baseline: readonly number[], bootstrap: BootstrapOptions): TwoSampleComparison {
  const baseMedian = median([...baseline]);
  const diffMedian = median([...candidate]) - baseMedian;
  const diffCi = bootstrapMedianDiffCi(candidate, baseline, bootstrap);
  const test = mannWhitney(candidate, baseline);
  const effect = cliffsDelta(candidate, baseline, test.u);
  const excludesZero = diffCi[0] > 0 || diffCi[1] < 0;
  return {
    diffMedian,
    baseMedian,
    diffCi,
    pValue: test.pValue,
    pMethod: test.method,
    effect,
    effectLabel: effectLabel(effect),
    significant: test.pValue < ALPHA && excludesZero,
  };
}
