import type { RunResult } from '../core/model.js';
import { summarize, type MetricId, type VariantSummary } from '../core/summary.js';
import type { Description } from '../stats/describe.js';
import { DEFAULT_RESOLUTION_MS, resolutionOf, withinResolution } from '../stats/resolution.js';
import { compareSamples, type TwoSampleComparison } from '../stats/two-sample.js';

/** The metrics a comparison covers, in report order. */
export const COMPARED_METRICS: readonly { id: MetricId; label: string }[] = [
  { id: 'cold_e2e_ms', label: 'cold e2e' },
  { id: 'init_ms', label: 'INIT' },
  { id: 'first_invoke_ms', label: 'first invoke' },
  { id: 'warm_e2e_ms', label: 'warm e2e' },
];

/** `equivalent`: the change's interval lies within the instrument's resolution (unchanged, and said why). */
export type ChangeStatus = 'regression' | 'improvement' | 'unchanged' | 'equivalent' | 'untested';

export interface MetricChange {
  scenario: string;
  variant: string;
  strategy: VariantSummary['strategy'];
  memoryMb?: number;
  metric: MetricId;
  label: string;
  before: Description;
  after: Description;
  /** The later run against the earlier: after − before. Undefined below 3 values on either side. */
  test?: TwoSampleComparison;
  /** Relative change of the median, after / before − 1. */
  relative: number;
  status: ChangeStatus;
}

export interface EnvironmentDifference {
  what: string;
  before: string;
  after: string;
}

export interface RunComparison {
  before: RunResult['meta'];
  /** The resolution the `equivalent` status used, ms (the coarser of the two runs'). */
  resolutionMs: number;
  after: RunResult['meta'];
  thresholdPct: number;
  changes: MetricChange[];
  environment: EnvironmentDifference[];
  /** scenario/variant present in one run only. */
  onlyBefore: string[];
  onlyAfter: string[];
}

const key = (v: VariantSummary) => `${v.scenario}/${v.variant}${v.memoryMb !== undefined ? `@${v.memoryMb}MB` : ''}`;

/**
 * A change counts as a regression (or improvement) when the test finds it
 * significant and the median moved by at least `thresholdPct` %; anything else
 * is unchanged (or untested, with too few samples). A change whose interval
 * lies within the instrument's resolution is `equivalent` whatever its p-value.
 */
export function classify(
  test: TwoSampleComparison | undefined,
  relative: number,
  thresholdPct: number,
  resolutionMs = DEFAULT_RESOLUTION_MS,
): ChangeStatus {
  if (!test) return 'untested';
  if (withinResolution(test.diffCi, resolutionMs)) return 'equivalent';
  if (!test.significant || Math.abs(relative) * 100 < thresholdPct) return 'unchanged';
  return relative > 0 ? 'regression' : 'improvement';
}

/** What differs between the two runs' environments: results from different machines or versions compare with care. */
export function environmentDifferences(a: RunResult, b: RunResult): EnvironmentDifference[] {
  const out: EnvironmentDifference[] = [];
  const add = (what: string, x: unknown, y: unknown) => {
    const sx = x === undefined || x === null ? '–' : String(x);
    const sy = y === undefined || y === null ? '–' : String(y);
    if (sx !== sy) out.push({ what, before: sx, after: sy });
  };
  add('target', a.meta.target, b.meta.target);
  add('region', a.meta.region, b.meta.region);
  // Only runtimes both runs used: a runtime of one run alone has no scenarios to compare.
  for (const name of Object.keys(a.meta.interpreters)
    .filter((n) => n in b.meta.interpreters)
    .sort()) {
    add(`${name} version`, a.meta.interpreters[name]?.version, b.meta.interpreters[name]?.version);
  }
  add('CPU', a.meta.host.cpu, b.meta.host.cpu);
  add('cores', a.meta.host.cores, b.meta.host.cores);
  add('host memory (GB)', a.meta.host.memoryGb, b.meta.host.memoryGb);
  add(
    'OS',
    `${a.meta.host.os} ${a.meta.host.release} (${a.meta.host.arch})`,
    `${b.meta.host.os} ${b.meta.host.release} (${b.meta.host.arch})`,
  );
  const memories = (r: RunResult) =>
    [...new Set(r.samples.map((s) => s.memoryMb).filter((m) => m !== undefined))].sort((x, y) => x! - y!).join(', ') || 'none (local)';
  add('memory size (MB)', memories(a), memories(b));
  add(
    'coldbench',
    `${a.meta.harness.version}${a.meta.harness.gitCommit ? ` ${a.meta.harness.gitCommit.slice(0, 10)}` : ''}`,
    `${b.meta.harness.version}${b.meta.harness.gitCommit ? ` ${b.meta.harness.gitCommit.slice(0, 10)}` : ''}`,
  );
  add('page cache', a.meta.pageCache?.mode ?? 'warm', b.meta.pageCache?.mode ?? 'warm');
  add(
    'samples per variant (cold / warm)',
    `${a.meta.samples.cold} / ${a.meta.samples.warm}`,
    `${b.meta.samples.cold} / ${b.meta.samples.warm}`,
  );
  return out;
}

/** Compares a later run (`after`) with an earlier one (`before`), per scenario × variant × metric. */
export function compareRuns(before: RunResult, after: RunResult, thresholdPct: number): RunComparison {
  const a = summarize(before);
  const b = summarize(after);
  const resolutionMs = Math.max(resolutionOf(before.meta).ms, resolutionOf(after.meta).ms);
  const byKey = new Map(a.map((v) => [key(v), v]));
  const changes: MetricChange[] = [];
  for (const later of b) {
    const earlier = byKey.get(key(later));
    if (!earlier) continue;
    for (const metric of COMPARED_METRICS) {
      const x = earlier.metrics[metric.id];
      const y = later.metrics[metric.id];
      if (!x || !y) continue;
      const test = compareSamples(later.values[metric.id]!, earlier.values[metric.id]!);
      const relative = x.median !== 0 ? y.median / x.median - 1 : 0;
      changes.push({
        scenario: later.scenario,
        variant: later.variant,
        strategy: later.strategy,
        ...(later.memoryMb !== undefined ? { memoryMb: later.memoryMb } : {}),
        metric: metric.id,
        label: metric.label,
        before: x,
        after: y,
        ...(test ? { test } : {}),
        relative,
        status: classify(test, relative, thresholdPct, resolutionMs),
      });
    }
  }
  const keysB = new Set(b.map(key));
  return {
    before: before.meta,
    after: after.meta,
    resolutionMs,
    thresholdPct,
    changes,
    environment: environmentDifferences(before, after),
    onlyBefore: a.map(key).filter((k) => !keysB.has(k)),
    onlyAfter: b.map(key).filter((k) => !byKey.has(k)),
  };
}

/** True when the comparison holds a significant regression beyond the threshold: the CI gate. */
export function hasRegression(comparison: RunComparison): boolean {
  return comparison.changes.some((c) => c.status === 'regression');
}
