import { mean, median } from 'simple-statistics';
import type { TrafficSettings } from '../core/model.js';
import type { VariantSummary } from '../core/summary.js';
import type { CostPerMillion } from './closed-form.js';
import { strategyOf } from '../core/strategies.js';
import { pricesWith, type Prices } from './prices.js';
import { simulateTraffic, type SimulationInput, type SimulationResult } from './simulate.js';
import { DEFAULT_SIMULATED_REQUESTS } from './settings.js';
import { simulatedQuantiles, type SimulatedQuantile } from './tail.js';

export type PlanKind = 'on-demand' | 'keep-warm' | 'provisioned';

/** What users would see at one arrival rate with one variant deployed one way (simulated). */
export interface PlanOutcome {
  plan: string;
  variant: string;
  kind: PlanKind;
  ratePerSecond: number;
  /** Share of requests that had to start an environment. */
  coldShare: number;
  /** Share of requests served on demand although the plan has provisioned concurrency (0 for other plans). */
  spillShare: number;
  /** Requests simulated (after the warm-up), and the most environments busy at once. */
  requests: number;
  maxBusy: number;
  p50Ms: number;
  p99: SimulatedQuantile;
  cost: CostPerMillion;
}

/** Billed durations in ms, as Lambda rounds them (up to a whole ms). */
export interface BilledMs {
  /** A request that started its environment: INIT + first invoke (Lambda bills INIT of on-demand environments since 2025-08-01). */
  coldMs: number;
  /** A warm request. */
  warmMs: number;
  /** INIT alone: what a keep-warm ping that had to start an environment pays besides the ping. */
  initMs: number;
}

/**
 * Billed milliseconds of a cold and a warm request: Lambda's own billed
 * durations where the run has them (aws), else INIT + first invoke and the
 * warm invoke time, rounded up to a whole ms.
 */
export function billedOf(v: VariantSummary): BilledMs | undefined {
  const init = v.values.init_ms;
  const first = v.values.first_invoke_ms;
  const warm = v.values.warm_invoke_ms;
  const initMs = init ? Math.ceil(mean(init)) : 0;
  const coldBilled = v.values.cold_billed_ms;
  const warmBilled = v.values.warm_billed_ms;
  if (coldBilled && warmBilled) return { coldMs: mean(coldBilled), warmMs: mean(warmBilled), initMs };
  if (!init || !first) return undefined;
  const coldMs = Math.max(1, Math.ceil(mean(init) + mean(first)));
  const warmMs = Math.max(1, Math.ceil(warm ? mean(warm) : mean(first)));
  return { coldMs, warmMs, initMs };
}

/**
 * Billed ms of one keep-warm ping. The harness does not record the ping's own
 * time; the wrapper answers it without calling the handler, in microseconds
 * (an empty handler's warm invoke takes about 0.01 ms), and Lambda rounds a
 * billed duration up to a whole ms, so a ping bills the 1 ms minimum. A run
 * that measured it sets `pingBilledMs`.
 */
export const ESTIMATED_PING_BILLED_MS = 1;

/**
 * How long a ping keeps its environment busy, ms: a warm round trip without
 * the handler's work, estimated as the variant's warm e2e minus its warm
 * invoke (medians), at least 0.
 */
export function pingOccupancyMs(v: VariantSummary): number {
  const e2e = v.metrics.warm_e2e_ms?.median ?? 0;
  const invoke = v.metrics.warm_invoke_ms?.median ?? 0;
  return Math.max(0, e2e - invoke);
}

/**
 * The latency of a real cold start of a `prewarmed` variant (a request that
 * finds no pre-started environment): its measured first request to a
 * pre-started environment, plus its median INIT, plus the baseline's start
 * overhead (cold e2e − INIT − first invoke, medians) when there is a
 * baseline. The run never measures it directly: its cold rows are first
 * requests to environments started before.
 */
export function prewarmedColdStartMs(v: VariantSummary, baseline: VariantSummary | undefined): number[] {
  const first = v.values.cold_e2e_ms ?? [];
  const init = v.values.init_ms ? median(v.values.init_ms) : 0;
  const b = baseline?.metrics;
  const start =
    b?.cold_e2e_ms && b.init_ms && b.first_invoke_ms ? Math.max(0, b.cold_e2e_ms.median - b.init_ms.median - b.first_invoke_ms.median) : 0;
  return first.map((x) => x + init + start);
}

/** Cost per million requests of one simulated plan. */
export function simulatedCost(
  sim: SimulationResult,
  kind: PlanKind,
  billed: BilledMs,
  pingBilledMs: number,
  memoryGb: number,
  prices: Prices,
  provisioned: number,
): CostPerMillion {
  const perMillion = 1_000_000 / sim.requests;
  const gbS = (ms: number) => (ms / 1000) * memoryGb;
  const onDemandWarm = (kind === 'provisioned' ? sim.spilledRequests : sim.requests) - sim.coldRequests;
  const onProvisioned = kind === 'provisioned' ? sim.requests - sim.spilledRequests : 0;
  const requests = 1_000_000 * prices.request;
  const duration =
    perMillion *
    (gbS(sim.coldRequests * billed.coldMs + onDemandWarm * billed.warmMs) * prices.gbSecond +
      gbS(onProvisioned * billed.warmMs) * prices.provisionedDurationGbSecond);
  const pings = perMillion * (sim.pings * prices.request + gbS(sim.pings * pingBilledMs + sim.coldPings * billed.initMs) * prices.gbSecond);
  const provisionedUsd = perMillion * sim.countedSpanS * provisioned * memoryGb * prices.provisionedGbSecond;
  return { requests, duration, pings, provisioned: provisionedUsd, total: requests + duration + pings + provisionedUsd };
}

/** Where a plan's requests come from, and the part of them that only warms the pool up. */
interface PlanArrivals {
  arrivals: SimulationInput['arrivals'];
  warmupS: number;
  /** The rate the outcome is reported at (requests per second over the counted span, for replayed arrivals). */
  ratePerSecond: number;
}

/** The plans of one variant (on demand; or keep-warm and provisioned ×1 for a strategy kept warm by pings), simulated under one arrival process. */
function variantPlans(
  v: VariantSummary,
  at: PlanArrivals,
  settings: TrafficSettings,
  memoryMb: number,
  baseline: VariantSummary | undefined,
): PlanOutcome[] {
  const prices = pricesWith(settings.prices);
  const pingBilledMs = settings.pingBilledMs ?? ESTIMATED_PING_BILLED_MS;
  const first = v.values.cold_e2e_ms;
  const warm = v.values.warm_e2e_ms;
  const billed = billedOf(v);
  if (!first || !warm || !billed) return [];
  // A run with several memory sizes has one summary per size: each is a plan of its own, costed at its size.
  const gb = (v.memoryMb ?? memoryMb) / 1024;
  const name = v.memoryMb !== undefined ? `${v.variant} @ ${v.memoryMb} MB` : v.variant;
  const keptWarm = strategyOf(v.strategy).keptWarmByPings;
  const coldMs = keptWarm ? prewarmedColdStartMs(v, baseline) : first;
  const base: SimulationInput = {
    arrivals: at.arrivals,
    coldMs,
    warmMs: warm,
    idleReclaimS: settings.idleReclaimSeconds,
    warmupS: at.warmupS,
    seed: 1,
  };
  const outcome = (plan: string, kind: PlanKind, input: SimulationInput): PlanOutcome => {
    const sim = simulateTraffic(input);
    const provisioned = input.provisioned ?? 0;
    const [p50, p99] = simulatedQuantiles(sim.latenciesMs, sim.cold, [0.5, 0.99], { cold: coldMs, warm });
    return {
      plan,
      variant: v.variant,
      kind,
      ratePerSecond: at.ratePerSecond,
      coldShare: sim.requests > 0 ? sim.coldRequests / sim.requests : 0,
      spillShare: sim.requests > 0 ? sim.spilledRequests / sim.requests : 0,
      requests: sim.requests,
      maxBusy: sim.maxBusy,
      p50Ms: p50!.valueMs,
      p99: p99!,
      cost: simulatedCost(sim, kind, billed, pingBilledMs, gb, prices, provisioned),
    };
  };
  if (!keptWarm) return [outcome(`${name}, on demand`, 'on-demand', base)];
  return [
    outcome(`${name}, keep-warm every ${settings.pingIntervalSeconds} s`, 'keep-warm', {
      ...base,
      keepWarm: { intervalS: settings.pingIntervalSeconds, occupancyMs: pingOccupancyMs(v) },
    }),
    outcome(`${name}, provisioned ×1`, 'provisioned', { ...base, provisioned: 1 }),
  ];
}

/**
 * Simulates every variant at every rate (src/traffic/simulate.ts): variants
 * of a strategy kept warm by pings with keep-warm pings and with one environment
 * of provisioned concurrency, every other variant on demand. Poisson arrivals,
 * `simulatedRequests` of them counted after a warm-up of one idle-reclaim
 * time, seeded: the same run gives the same figures. A variant without cold
 * e2e, INIT or warm values is left out. `memoryMb` is used for cost where a
 * summary has no memory size (local runs); `baseline` gives the start overhead
 * of a prewarmed variant's real cold starts.
 */
export function modelTraffic(
  variants: readonly VariantSummary[],
  settings: TrafficSettings,
  memoryMb: number,
  baseline?: VariantSummary,
): PlanOutcome[] {
  const counted = settings.simulatedRequests ?? DEFAULT_SIMULATED_REQUESTS;
  return settings.ratesPerSecond.flatMap((rate) =>
    variants.flatMap((v) =>
      variantPlans(
        v,
        {
          arrivals: { kind: 'poisson', ratePerSecond: rate, durationS: settings.idleReclaimSeconds + counted / rate },
          warmupS: settings.idleReclaimSeconds,
          ratePerSecond: rate,
        },
        settings,
        memoryMb,
        baseline,
      ),
    ),
  );
}

/**
 * The same plans on recorded arrival times (seconds from the start of a
 * period, e.g. what `coldbench observe` read): every arrival is replayed and
 * counted, the pool starting empty as after a deploy.
 */
export function replayTraffic(
  variants: readonly VariantSummary[],
  timesS: readonly number[],
  periodS: number,
  settings: TrafficSettings,
  memoryMb: number,
  baseline?: VariantSummary,
): PlanOutcome[] {
  const at: PlanArrivals = { arrivals: { kind: 'replay', timesS }, warmupS: 0, ratePerSecond: periodS > 0 ? timesS.length / periodS : 0 };
  return variants.flatMap((v) => variantPlans(v, at, settings, memoryMb, baseline));
}
