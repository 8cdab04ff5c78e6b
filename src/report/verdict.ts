import type { Description } from '../stats/describe.js';
import type { MetricId, VariantSummary } from './summary.js';

/** Differences smaller than this share of the baseline are never called out. */
export const MIN_RELATIVE_DIFFERENCE = 0.05;

export interface Comparison {
  diffMs: number;
  baseMs: number;
  /** True when the medians' 95 % intervals do not overlap and the difference is at least 5 %. */
  clear: boolean;
  /** Why a difference is not clear: too few samples for an interval, overlapping intervals, or under 5 %. */
  why?: 'too few samples' | 'intervals overlap' | 'under 5 %';
}

/**
 * Compares two medians conservatively: a difference counts as clear only when
 * the distribution-free 95 % intervals of the two medians do not overlap and
 * the difference is at least 5 % of the baseline.
 */
export function compareMedians(candidate: Description, baseline: Description): Comparison {
  const diffMs = candidate.median - baseline.median;
  const a = candidate.medianCi;
  const b = baseline.medianCi;
  const base = { diffMs, baseMs: baseline.median };
  if (a === undefined || b === undefined) return { ...base, clear: false, why: 'too few samples' };
  if (!(a[1] < b[0] || b[1] < a[0])) return { ...base, clear: false, why: 'intervals overlap' };
  if (Math.abs(diffMs) < MIN_RELATIVE_DIFFERENCE * Math.abs(baseline.median)) return { ...base, clear: false, why: 'under 5 %' };
  return { ...base, clear: true };
}

/** The baseline of a scenario: the variant named `preload`, else its first `preload` variant, else its first variant. */
export function baselineOf(variants: readonly VariantSummary[]): VariantSummary | undefined {
  return variants.find((v) => v.variant === 'preload') ?? variants.find((v) => v.strategy === 'preload') ?? variants[0];
}

/**
 * The variants with the lowest median of a metric that no other variant clearly beats.
 * One name means a clear winner; several mean they are statistically tied.
 */
export function leaders(variants: readonly VariantSummary[], metric: MetricId): VariantSummary[] {
  const measured = variants.filter((v) => v.metrics[metric]);
  if (measured.length === 0) return [];
  const best = measured.reduce((a, b) => (b.metrics[metric]!.median < a.metrics[metric]!.median ? b : a));
  return measured.filter((v) => v === best || !compareMedians(v.metrics[metric]!, best.metrics[metric]!).clear);
}
