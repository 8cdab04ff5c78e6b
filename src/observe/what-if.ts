import type { TrafficSettings } from '../core/model.js';
import type { VariantSummary } from '../core/summary.js';
import { ms, percent, usd } from '../report/format.js';
import { mixtureQuantile } from '../traffic/model.js';
import { modelTraffic, type PlanKind } from '../traffic/plans.js';
import type { ObservedTraffic } from './traffic.js';

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
  /** Hours in which requests overlap beyond what the one-environment model covers. */
  hoursBeyondModel: number;
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
 * A thin adapter over the current traffic model (src/traffic/plans.ts:
 * Poisson arrivals, one environment, idle reclaim): every hour of the period
 * is modelled at its observed rate and weighted by its requests; hours
 * without requests still pay keep-warm pings and provisioned concurrency.
 * The idle reclaim is the one estimated from the log where the observe run
 * has one, else `settings.idleReclaimSeconds`. The discrete-event simulation
 * will replace the per-hour Poisson model by replaying `traffic.arrivalTimesS`;
 * this function's inputs and outputs are meant to stay.
 */
export function whatIfObserved(variants: readonly VariantSummary[], traffic: ObservedTraffic, settings: TrafficSettings): ObservedWhatIf {
  const idleReclaimSeconds = traffic.idleReclaimEstimateS ?? settings.idleReclaimSeconds;
  const memoryMb = traffic.memoryMb > 0 ? traffic.memoryMb : settings.memoryMb;
  const plans: PlanOverPeriod[] = [];
  for (const v of variants) {
    const cold = v.values.cold_e2e_ms;
    const warm = v.values.warm_e2e_ms;
    if (!cold || !warm) continue;
    const byPlan = new Map<string, { variant: string; kind: PlanKind; coldStarts: number; costUsd: number; hoursBeyondModel: number }>();
    traffic.hourlyRates.forEach((rate, k) => {
      const lengthS = Math.min(3600, traffic.periodS - k * 3600);
      if (lengthS <= 0) return;
      const requests = rate * lengthS;
      // An hour without requests is modelled at one request per hour, for its standing costs only.
      const modelRate = rate > 0 ? rate : 1 / 3600;
      for (const o of modelTraffic([v], { ...settings, idleReclaimSeconds, ratesPerSecond: [modelRate] }, memoryMb)) {
        const acc = byPlan.get(o.plan) ?? { variant: o.variant, kind: o.kind, coldStarts: 0, costUsd: 0, hoursBeyondModel: 0 };
        if (requests > 0) {
          acc.coldStarts += requests * o.coldShare;
          acc.costUsd += (requests / MILLION) * o.cost.total;
          if (o.beyondModel) acc.hoursBeyondModel++;
        } else {
          acc.costUsd += ((modelRate * lengthS) / MILLION) * (o.cost.pings + o.cost.provisioned);
        }
        byPlan.set(o.plan, acc);
      }
    });
    for (const [plan, acc] of byPlan) {
      const share = traffic.invocations > 0 ? acc.coldStarts / traffic.invocations : 0;
      const mix = [
        { weight: share, values: cold },
        { weight: 1 - share, values: warm },
      ];
      plans.push({
        plan,
        variant: acc.variant,
        kind: acc.kind,
        coldStarts: acc.coldStarts,
        coldStartsAvoided: traffic.coldStarts - acc.coldStarts,
        p50Ms: mixtureQuantile(mix, 0.5),
        p99Ms: mixtureQuantile(mix, 0.99),
        costUsd: acc.costUsd,
        hoursBeyondModel: acc.hoursBeyondModel,
      });
    }
  }
  return { functionName: traffic.functionName, periodS: traffic.periodS, invocations: traffic.invocations, observedColdStarts: traffic.coldStarts, idleReclaimSeconds, plans };
}

/** The "on the observed traffic" section for a benchmark's report.md. Pure. */
export function whatIfMarkdown(w: ObservedWhatIf): string[] {
  if (w.plans.length === 0) return [];
  const days = (w.periodS / 86_400).toFixed(1);
  const out = [
    `### On the observed traffic of ${w.functionName}`,
    '',
    `The ${w.invocations} requests of ${days} observed days (${w.observedColdStarts} of them cold, ${percent(w.observedColdStarts / Math.max(1, w.invocations))}), replayed hour by hour through the traffic model (Poisson arrivals at each hour's rate, one environment, idle environments reclaimed after ${Math.round(w.idleReclaimSeconds)} s).`,
    '',
    '| plan | cold starts | fewer than observed | p50 | p99 | cost of the period |',
    '|---|---|---|---|---|---|',
  ];
  for (const p of w.plans) {
    out.push(`| ${p.plan} | ${Math.round(p.coldStarts)} | ${Math.round(p.coldStartsAvoided)} | ${ms(p.p50Ms)} | ${ms(p.p99Ms)}${p.hoursBeyondModel > 0 ? ' ‡' : ''} | ${usd(p.costUsd)} |`);
  }
  out.push('');
  if (w.plans.some((p) => p.hoursBeyondModel > 0)) out.push('‡ in some hours requests overlap: one environment is not enough there, so the model underestimates cold starts.', '');
  return out;
}
