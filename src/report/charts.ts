import type { VariantSummary } from '../core/summary.js';

/** The charts of one scenario, written beside report.md as `<scenario>-<kind>.svg`. */
export const CHART_KINDS = {
  cold: 'Cold start, end to end: every sample per variant, with median and interquartile box',
  phases: 'Where the cold start goes: INIT and first invoke (medians) per variant',
  warm: 'Warm requests, end to end: every sample per variant, with median and interquartile box',
  traffic: 'Traffic model: p99 request latency and cost per million requests across arrival rates',
} as const;
export type ChartKind = keyof typeof CHART_KINDS;

/** File name of a chart, safe for any scenario name (they are lower-case, checked at load). */
export function chartFile(scenario: string, kind: ChartKind): string {
  return `${scenario}-${kind}.svg`;
}

/** The distribution charts a scenario has data for, in report order (the traffic chart is decided by the traffic model). */
export type DistributionKind = Exclude<ChartKind, 'traffic'>;

export function distributionCharts(variants: readonly VariantSummary[]): DistributionKind[] {
  const kinds: DistributionKind[] = [];
  if (variants.some((v) => v.values.cold_e2e_ms)) kinds.push('cold');
  if (variants.some((v) => v.values.init_ms || v.values.first_invoke_ms)) kinds.push('phases');
  if (variants.some((v) => v.values.warm_e2e_ms)) kinds.push('warm');
  return kinds;
}

/** The traffic chart needs two rates or more to draw lines. */
export function hasTrafficChart(rates: readonly number[]): boolean {
  return rates.length > 1;
}

/** File name of a scenario's chart across memory sizes (its sections' name without `@<mb>mb`). */
export function memorySweepChartFile(scenario: string): string {
  return `${scenario.replace(/@/g, '-')}-memory.svg`;
}
