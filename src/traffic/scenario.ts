import type { RunMeta, TrafficSettings } from '../core/model.js';
import type { VariantSummary } from '../core/summary.js';
import { modelTraffic, type PlanOutcome } from './plans.js';
import { trafficSettings } from './settings.js';

export interface ScenarioTraffic {
  results: PlanOutcome[];
  settings: TrafficSettings;
  /** Memory size the costs assume, and whether it was assumed (a run without memory sizes) rather than measured. */
  memoryMb: number;
  memoryAssumed: boolean;
}

/** The traffic model of one scenario of a run, with the run's settings (defaults where it has none). */
export function scenarioTraffic(meta: RunMeta, variants: readonly VariantSummary[]): ScenarioTraffic {
  const settings = trafficSettings(meta.traffic);
  const measured = variants.find((v) => v.memoryMb !== undefined)?.memoryMb;
  const memoryMb = measured ?? settings.memoryMb;
  return { results: modelTraffic(variants, settings, memoryMb), settings, memoryMb, memoryAssumed: measured === undefined };
}
