import { mean } from 'simple-statistics';
import type { TrafficSettings } from '../core/model.js';
import type { VariantSummary } from '../core/summary.js';
import { coldShare, keepWarmCost, mixtureQuantile, onDemandCost, provisionedCost, type BilledDurations, type CostPerMillion } from './model.js';
import { pricesWith } from './prices.js';

export type PlanKind = 'on-demand' | 'keep-warm' | 'provisioned';

/** What users would see at one arrival rate with one variant deployed one way. */
export interface PlanOutcome {
  plan: string;
  variant: string;
  kind: PlanKind;
  ratePerSecond: number;
  coldShare: number;
  p50Ms: number;
  p99Ms: number;
  cost: CostPerMillion;
  /** Rate × mean request latency above 0.1: requests overlap, one environment is not enough and the model underestimates cold starts. */
  beyondModel: boolean;
}

/**
 * Billed milliseconds of a cold and a warm request: Lambda's own billed
 * durations where the run has them (aws), else INIT + first invoke and the
 * warm invoke time, rounded up to a whole ms.
 */
function billedOf(v: VariantSummary): BilledDurations | undefined {
  const coldBilled = v.values.cold_billed_ms;
  const warmBilled = v.values.warm_billed_ms;
  if (coldBilled && warmBilled) return { coldMs: mean(coldBilled), warmMs: mean(warmBilled) };
  const init = v.values.init_ms;
  const first = v.values.first_invoke_ms;
  const warm = v.values.warm_invoke_ms;
  if (!init || !first) return undefined;
  const coldMs = Math.max(1, Math.ceil(mean(init) + mean(first)));
  const warmMs = Math.max(1, Math.ceil(warm ? mean(warm) : mean(first)));
  return { coldMs, warmMs };
}

/**
 * Models every variant at every rate: variants with the `prewarmed` strategy
 * as keep-warm pings and as one environment of provisioned concurrency (no
 * request is cold), every other variant on demand (cold with probability
 * exp(−rate · idle)). A variant without cold e2e, INIT or warm values is left out.
 * `memoryMb` is used for cost where a summary has no memory size (local runs).
 */
export function modelTraffic(variants: readonly VariantSummary[], settings: TrafficSettings, memoryMb: number): PlanOutcome[] {
  const prices = pricesWith(settings.prices);
  const out: PlanOutcome[] = [];
  for (const rate of settings.ratesPerSecond) {
    for (const v of variants) {
      const cold = v.values.cold_e2e_ms;
      const warm = v.values.warm_e2e_ms;
      const billed = billedOf(v);
      if (!cold || !warm || !billed) continue;
      // A run with several memory sizes (aws) has one summary per size: each is a plan of its own, costed at its size.
      const gb = (v.memoryMb ?? memoryMb) / 1024;
      const name = v.memoryMb !== undefined ? `${v.variant} @ ${v.memoryMb} MB` : v.variant;
      const outcome = (plan: string, kind: PlanKind, share: number, cost: CostPerMillion): PlanOutcome => {
        const mix = [
          { weight: share, values: cold },
          { weight: 1 - share, values: warm },
        ];
        const meanLatencyS = (share * mean(cold) + (1 - share) * mean(warm)) / 1000;
        return {
          plan,
          variant: v.variant,
          kind,
          ratePerSecond: rate,
          coldShare: share,
          p50Ms: mixtureQuantile(mix, 0.5),
          p99Ms: mixtureQuantile(mix, 0.99),
          cost,
          beyondModel: rate * meanLatencyS > 0.1,
        };
      };
      if (v.strategy === 'prewarmed') {
        out.push(outcome(`${name}, keep-warm every ${settings.pingIntervalSeconds} s`, 'keep-warm', 0, keepWarmCost(rate, settings.pingIntervalSeconds, billed, gb, prices)));
        out.push(outcome(`${name}, provisioned ×1`, 'provisioned', 0, provisionedCost(rate, billed, gb, prices)));
      } else {
        const share = coldShare(rate, settings.idleReclaimSeconds);
        out.push(outcome(`${name}, on demand`, 'on-demand', share, onDemandCost(share, billed, gb, prices)));
      }
    }
  }
  return out;
}
