import { describe, type Description } from '../stats/describe.js';
import type { RunResult, SampleRow } from './model.js';

/** The metrics summarised per variant. */
export const METRICS = [
  { id: 'cold_e2e_ms', kind: 'cold', field: 'e2eMs', label: 'cold start, end to end' },
  { id: 'init_ms', kind: 'cold', field: 'initMs', label: 'INIT (module load + initializer)' },
  { id: 'first_invoke_ms', kind: 'cold', field: 'invokeMs', label: 'first invoke (handler only)' },
  { id: 'warm_e2e_ms', kind: 'warm', field: 'e2eMs', label: 'warm request, end to end' },
  { id: 'warm_invoke_ms', kind: 'warm', field: 'invokeMs', label: 'warm invoke (handler only)' },
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
}

/**
 * Groups rows by scenario × variant × memory and describes each metric over the
 * rows without errors. Groups come in the order the run declared its scenarios
 * and variants (rows arrive interleaved).
 */
export function summarize(result: RunResult): VariantSummary[] {
  const position = new Map<string, number>();
  result.meta.scenarios.forEach((s, i) => s.variants.forEach((v, j) => position.set(`${s.name}\u0000${v.name}`, i * 1000 + j)));
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
    for (const metric of METRICS) {
      const values = rows
        .filter((r) => r.kind === metric.kind && !r.error)
        .map((r) => r[metric.field])
        .filter((v): v is number => typeof v === 'number');
      if (values.length > 0) metrics[metric.id] = describe(values);
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
    };
  });
}
