import { describe, type Description } from '../stats/describe.js';
import type { RunResult, SampleRow } from './model.js';

/** The metrics summarised per variant. */
export const METRICS = [
  { id: 'cold_e2e_ms', kind: 'cold', field: 'e2eMs', label: 'cold start, end to end' },
  { id: 'init_ms', kind: 'cold', field: 'initMs', label: 'INIT (module load + initializer)' },
  { id: 'first_invoke_ms', kind: 'cold', field: 'invokeMs', label: 'first invoke (handler only)' },
  { id: 'warm_e2e_ms', kind: 'warm', field: 'e2eMs', label: 'warm request, end to end' },
  { id: 'warm_invoke_ms', kind: 'warm', field: 'invokeMs', label: 'warm invoke (handler only)' },
  // Only where the target reports billing (aws): Lambda's billed duration, INIT included on cold requests.
  { id: 'cold_billed_ms', kind: 'cold', field: 'billedMs', label: 'billed duration, cold request' },
  { id: 'warm_billed_ms', kind: 'warm', field: 'billedMs', label: 'billed duration, warm request' },
] as const;
export type MetricId = (typeof METRICS)[number]['id'];

export interface VariantSummary {
  scenario: string;
  variant: string;
  strategy: SampleRow['strategy'];
  runtime: SampleRow['runtime'];
  memoryMb?: number;
  coldCount: number;
  warmCount: number;
  /** Rows with an error, by kind. */
  errors: { cold: number; warm: number; first?: string };
  metrics: Partial<Record<MetricId, Description>>;
  /** The values behind each description, in the order they were measured (for tests between variants and charts). */
  values: Partial<Record<MetricId, number[]>>;
}

/**
 * Groups rows by scenario × variant × memory and describes each metric over the
 * rows without errors. Groups come in the order the run declared its scenarios
 * and variants (rows arrive interleaved).
 */
export function summarize(result: RunResult): VariantSummary[] {
  // The exporters of one flush each summarise the same rows: reuse the summaries while no row was added.
  const cached = cache.get(result.samples);
  if (cached && cached.length === result.samples.length && cached.meta === result.meta) return cached.summaries;
  const summaries = summarizeRows(result);
  cache.set(result.samples, { length: result.samples.length, meta: result.meta, summaries });
  return summaries;
}

const cache = new WeakMap<RunResult['samples'], { length: number; meta: RunResult['meta']; summaries: VariantSummary[] }>();

function summarizeRows(result: RunResult): VariantSummary[] {
  const position = new Map<string, number>();
  for (const [i, s] of result.meta.scenarios.entries())
    for (const [j, v] of s.variants.entries()) position.set(`${s.name}\u0000${v.name}`, i * 1000 + j);
  const rank = (row: SampleRow) => position.get(`${row.scenario}\u0000${row.variant}`) ?? Number.MAX_SAFE_INTEGER;
  const groups = new Map<string, SampleRow[]>();
  for (const row of result.samples) {
    const key = `${row.scenario}\u0000${row.variant}\u0000${row.memoryMb ?? ''}`;
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  const ordered = [...groups.values()].sort((a, b) => rank(a[0]!) - rank(b[0]!) || (a[0]!.memoryMb ?? 0) - (b[0]!.memoryMb ?? 0));
  return ordered.map((rows) => {
    const first = rows[0]!;
    const failed = rows.filter((r) => r.error);
    const metrics: VariantSummary['metrics'] = {};
    const values: VariantSummary['values'] = {};
    for (const metric of METRICS) {
      const list = rows
        .filter((r) => r.kind === metric.kind && !r.error)
        .map((r) => r[metric.field])
        .filter((v): v is number => typeof v === 'number');
      if (list.length > 0) {
        metrics[metric.id] = describe(list);
        values[metric.id] = list;
      }
    }
    return {
      scenario: first.scenario,
      variant: first.variant,
      strategy: first.strategy,
      runtime: first.runtime,
      ...(first.memoryMb !== undefined ? { memoryMb: first.memoryMb } : {}),
      coldCount: rows.filter((r) => r.kind === 'cold').length,
      warmCount: rows.filter((r) => r.kind === 'warm').length,
      errors: {
        cold: failed.filter((r) => r.kind === 'cold').length,
        warm: failed.filter((r) => r.kind === 'warm').length,
        ...(failed[0]?.error ? { first: failed[0].error } : {}),
      },
      metrics,
      values,
    };
  });
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
