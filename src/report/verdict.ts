import { compareSamples, type TwoSampleComparison } from '../stats/two-sample.js';
import type { MetricId, VariantSummary } from '../core/summary.js';

export type { TwoSampleComparison } from '../stats/two-sample.js';

/**
 * A variant against the baseline on one metric: difference of medians with a
 * bootstrap interval, Mann–Whitney U, Cliff's delta. Undefined when either has
 * fewer than 3 values of the metric.
 */
export function compareVariants(candidate: VariantSummary, baseline: VariantSummary, metric: MetricId): TwoSampleComparison | undefined {
  const a = candidate.values[metric];
  const b = baseline.values[metric];
  return a && b ? compareSamples(a, b) : undefined;
}

/**
 * The baseline of a scenario: the variant named `name` when given, else the
 * variant named `preload`, else its first `preload` variant, else its first variant.
 */
export function baselineOf(variants: readonly VariantSummary[], name?: string): VariantSummary | undefined {
  if (name !== undefined) {
    const named = variants.find((v) => v.variant === name);
    if (named) return named;
  }
  return variants.find((v) => v.variant === 'preload') ?? variants.find((v) => v.strategy === 'preload') ?? variants[0];
}

/**
 * The variants with the lowest median of a metric that no other variant beats
 * significantly: the one with the lowest median, and every variant whose
 * difference to it is not significant. One name means a significant winner.
 */
export function leaders(variants: readonly VariantSummary[], metric: MetricId): VariantSummary[] {
  const measured = variants.filter((v) => v.metrics[metric]);
  if (measured.length === 0) return [];
  const best = measured.reduce((a, b) => (b.metrics[metric]!.median < a.metrics[metric]!.median ? b : a));
  return measured.filter((v) => v === best || !compareVariants(v, best, metric)?.significant);
}
