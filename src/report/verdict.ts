import { holmAdjust } from '../stats/holm.js';
import { preStarted } from '../core/strategies.js';
import { effectLabel } from '../stats/mann-whitney.js';
import { withinResolution } from '../stats/resolution.js';
import { ALPHA, compareSamples, type TwoSampleComparison } from '../stats/two-sample.js';
import { baselineOf, type MetricId, type VariantSummary } from '../core/summary.js';

export type { TwoSampleComparison } from '../stats/two-sample.js';
export { baselineOf };

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

/** The metrics a scenario's comparison table tests against the baseline: together, one family for Holm's correction. */
export const COMPARED: readonly [MetricId, string][] = [
  ['cold_e2e_ms', 'cold e2e'],
  ['init_ms', 'INIT'],
  ['first_invoke_ms', 'first invoke'],
  ['warm_e2e_ms', 'warm e2e'],
];

/** What a `prewarmed` variant's cold row measures: it is not a cold start. */
export const PRE_STARTED = 'first request to a pre-started environment';

/** How a metric is named for a variant: a prewarmed variant's cold e2e is its first request to a pre-started environment. */
export function metricLabel(v: Pick<VariantSummary, 'strategy'>, metric: MetricId, label: string): string {
  return preStarted(v.strategy) && metric === 'cold_e2e_ms' ? PRE_STARTED : label;
}

export type VerdictKind = 'faster' | 'slower' | 'equivalent' | 'no-difference';

/** One comparison of a family, judged. */
export interface Judgement {
  comparison: TwoSampleComparison;
  /** Holm-adjusted p-value over the family. */
  pHolm: number;
  /** Comparisons in the family. */
  family: number;
  /** Holm-adjusted p < α and the interval excludes 0. */
  significant: boolean;
  /** The difference's interval lies within ±resolution: equivalent within the instrument's resolution, whatever the test says. */
  withinResolution: boolean;
  verdict: VerdictKind;
  /** Set when the test and the effect size (or the interval) point different ways: what a reader should know. */
  disagreement?: string;
}

/** Cliff's δ from this magnitude on ("medium") is a difference a test should see. */
const NOTABLE_EFFECT = 0.33;

function judge(c: TwoSampleComparison, pHolm: number, family: number, resolutionMs: number): Judgement {
  const excludesZero = c.diffCi[0] > 0 || c.diffCi[1] < 0;
  const significant = pHolm < ALPHA && excludesZero;
  const equivalent = withinResolution(c.diffCi, resolutionMs);
  const verdict: VerdictKind = equivalent ? 'equivalent' : significant ? (c.diffMedian < 0 ? 'faster' : 'slower') : 'no-difference';
  const delta = `δ ${c.effect < 0 ? '−' : ''}${Math.abs(c.effect).toFixed(2)}`;
  let disagreement: string | undefined;
  if (!equivalent) {
    if (!significant && Math.abs(c.effect) >= NOTABLE_EFFECT) {
      disagreement = `the effect size (${delta}, ${effectLabel(c.effect)}) suggests a difference that the test does not confirm${family > 1 && c.pValue < ALPHA ? " after Holm's correction" : ''}: the two criteria disagree; take more samples`;
    } else if (significant && effectLabel(c.effect) === 'negligible') {
      disagreement = `significant, but the effect size is negligible (${delta}): the distributions overlap almost entirely, the criteria disagree on whether it matters`;
    } else if (!significant && pHolm < ALPHA && !excludesZero) {
      disagreement = 'the test rejects but the interval of the difference of medians includes 0: the two criteria disagree';
    }
  }
  return { comparison: c, pHolm, family, significant, withinResolution: equivalent, verdict, ...(disagreement ? { disagreement } : {}) };
}

/**
 * Judges a family of comparisons together: p-values adjusted by Holm's method
 * over the family (so that "significant" anywhere in it keeps the chance of a
 * false claim at 5 %), then each one faster / slower / equivalent within the
 * resolution / no significant difference. Entries without a comparison stay
 * undefined and are not counted in the family.
 */
export function judgeFamily(comparisons: readonly (TwoSampleComparison | undefined)[], resolutionMs: number): (Judgement | undefined)[] {
  const present = comparisons.flatMap((c, i) => (c ? [[c, i] as const] : []));
  const adjusted = holmAdjust(present.map(([c]) => c.pValue));
  const out: (Judgement | undefined)[] = comparisons.map(() => undefined);
  for (const [k, [c, i]] of present.entries()) out[i] = judge(c, adjusted[k]!, present.length, resolutionMs);
  return out;
}

/** A scenario's comparison table: every non-baseline variant on every compared metric, judged as one family. */
export interface ScenarioJudgements {
  rows: { variant: VariantSummary; metric: MetricId; label: string; judgement: Judgement }[];
  family: number;
  get(variant: VariantSummary, metric: MetricId): Judgement | undefined;
}

export function scenarioJudgements(variants: readonly VariantSummary[], base: VariantSummary, resolutionMs: number): ScenarioJudgements {
  const pairs = variants
    .filter((v) => v !== base)
    .flatMap((v) => COMPARED.map(([metric, label]) => ({ variant: v, metric, label, comparison: compareVariants(v, base, metric) })));
  const judged = judgeFamily(
    pairs.map((p) => p.comparison),
    resolutionMs,
  );
  const rows = pairs.flatMap((p, i) =>
    judged[i] ? [{ variant: p.variant, metric: p.metric, label: metricLabel(p.variant, p.metric, p.label), judgement: judged[i]! }] : [],
  );
  return { rows, family: rows.length, get: (variant, metric) => rows.find((r) => r.variant === variant && r.metric === metric)?.judgement };
}

/** The leaders of a metric and how they were told apart. */
export interface Leaders {
  /** The variant with the lowest median and every variant not shown to be slower than it. */
  variants: VariantSummary[];
  /** Comparisons against the lowest median (the Holm family). */
  family: number;
  /** Of the variants tied with the lowest, those whose difference lies within the instrument's resolution. */
  equivalent: VariantSummary[];
}

/**
 * The variants with the lowest median of a metric that no other variant beats:
 * the one with the lowest median, and every variant not significantly slower
 * than it, with Holm's correction over these comparisons (or equivalent within
 * the resolution). One name means a winner.
 */
export function leaders(variants: readonly VariantSummary[], metric: MetricId, resolutionMs: number): Leaders {
  const measured = variants.filter((v) => v.metrics[metric]);
  if (measured.length === 0) return { variants: [], family: 0, equivalent: [] };
  const best = measured.reduce((a, b) => (b.metrics[metric]!.median < a.metrics[metric]!.median ? b : a));
  const others = measured.filter((v) => v !== best);
  const judged = judgeFamily(
    others.map((v) => compareVariants(v, best, metric)),
    resolutionMs,
  );
  const tied = others.filter((_, i) => judged[i]?.verdict !== 'slower');
  const equivalent = others.filter((_, i) => judged[i]?.verdict === 'equivalent');
  return {
    variants: [best, ...tied].sort((a, b) => measured.indexOf(a) - measured.indexOf(b)),
    family: judged.filter(Boolean).length,
    equivalent,
  };
}
