import type { TrafficSettings } from '../core/model.js';
import type { VariantSummary } from '../core/summary.js';
import type { ObservedTraffic } from '../core/observed.js';
import { replayTraffic, type PlanKind } from './plans.js';

/** What one strategy, deployed one way, would have given over the observed period. */
export interface PlanOverPeriod {
  plan: string;
  variant: string;
  kind: PlanKind;
  /** Expected cold starts over the period, and how many fewer than observed (negative: more). */
  coldStarts: number;
  coldStartsAvoided: number;
  p50Ms: number;
  p99Ms: number;
  /** Cost of the whole period in USD, standing costs (pings, provisioned concurrency) of hours without requests included. */
  costUsd: number;
  /** The p99 rests on too few measured samples to be told apart (†). */
  p99Dagger: boolean;
  /** The most environments busy at once in the replay. */
  maxConcurrent: number;
}

export interface ObservedWhatIf {
  functionName: string;
  periodS: number;
  invocations: number;
  observedColdStarts: number;
  idleReclaimSeconds: number;
  plans: PlanOverPeriod[];
}

const MILLION = 1_000_000;

/**
 * What each strategy would have changed over the observed period. Pure.
 *
 * Replays the observed arrival times (`traffic.arrivalTimesS`) through the
 * traffic simulation (src/traffic/: several environments, most-recently-used
 * routing, idle reclaim, keep-warm pings that occupy an environment,
 * provisioned concurrency with spill-over), each request drawing its latency
 * from the variant's measured samples. The idle reclaim is the one estimated
 * from the log where the observe run has one, else `settings.idleReclaimSeconds`.
 */
export function whatIfObserved(
  variants: readonly VariantSummary[],
  traffic: ObservedTraffic,
  settings: TrafficSettings,
  baseline?: VariantSummary,
): ObservedWhatIf {
  const idleReclaimSeconds = traffic.idleReclaimEstimateS ?? settings.idleReclaimSeconds;
  const memoryMb = traffic.memoryMb > 0 ? traffic.memoryMb : settings.memoryMb;
  const outcomes = replayTraffic(variants, traffic.arrivalTimesS, traffic.periodS, { ...settings, idleReclaimSeconds }, memoryMb, baseline);
  const plans: PlanOverPeriod[] = outcomes.map((o) => {
    const coldStarts = o.coldShare * o.requests;
    return {
      plan: o.plan,
      variant: o.variant,
      kind: o.kind,
      coldStarts,
      coldStartsAvoided: traffic.coldStarts - coldStarts,
      p50Ms: o.p50Ms,
      p99Ms: o.p99.valueMs,
      p99Dagger: o.p99.ci === undefined,
      costUsd: (o.requests / MILLION) * o.cost.total,
      maxConcurrent: o.maxBusy,
    };
  });
  return {
    functionName: traffic.functionName,
    periodS: traffic.periodS,
    invocations: traffic.invocations,
    observedColdStarts: traffic.coldStarts,
    idleReclaimSeconds,
    plans,
  };
}
