import type { RunMeta, TrafficSettings } from '../core/model.js';
import { baselineOf, type VariantSummary } from '../core/summary.js';
import { strategyOf } from '../core/strategies.js';
import { modelTraffic, type PlanOutcome } from './plans.js';
import { trafficSettings } from './settings.js';

export interface ScenarioTraffic {
  results: PlanOutcome[];
  settings: TrafficSettings;
  /** Memory size the costs assume, and whether it was assumed (a run without memory sizes) rather than measured. */
  memoryMb: number;
  memoryAssumed: boolean;
}

/** Simulations by run metadata and by the scenario's first summary: the report and the chart of one flush share them. */
const cache = new WeakMap<RunMeta, WeakMap<VariantSummary, ScenarioTraffic>>();

/**
 * The traffic model of one scenario of a run, with the run's settings
 * (defaults where it has none). The baseline (on-demand variants) gives the
 * start overhead of a prewarmed variant's real cold starts.
 */
export function scenarioTraffic(meta: RunMeta, variants: readonly VariantSummary[]): ScenarioTraffic {
  const key = variants[0];
  const cached = key ? cache.get(meta)?.get(key) : undefined;
  if (cached) return cached;
  const settings = trafficSettings(meta.traffic);
  const measured = variants.find((v) => v.memoryMb !== undefined)?.memoryMb;
  const memoryMb = measured ?? settings.memoryMb;
  const baseline = baselineOf(
    variants.filter((v) => !strategyOf(v.strategy).keptWarmByPings),
    meta.baseline,
  );
  const traffic = {
    results: modelTraffic(variants, settings, memoryMb, baseline),
    settings,
    memoryMb,
    memoryAssumed: measured === undefined,
  };
  if (key) {
    let inner = cache.get(meta);
    if (!inner) cache.set(meta, (inner = new WeakMap()));
    inner.set(key, traffic);
  }
  return traffic;
}
