import type { Prices } from './prices.js';

/**
 * The closed form of the traffic model, kept as the oracle of the simulation
 * (src/traffic/simulate.ts) where it is exact: Poisson arrivals of
 * `ratePerSecond`, requests so short that they never overlap (rate × latency
 * → 0), so one environment serves them all; it is reclaimed after
 * `idleReclaimSeconds` idle, so a request is cold when the gap before it
 * exceeds the idle time: P(cold) = exp(−rate · idle). With overlapping
 * requests it undercounts cold starts (a request that finds the environment
 * busy needs another one); the reports use the simulation.
 */
export function coldShare(ratePerSecond: number, idleReclaimSeconds: number): number {
  return Math.exp(-ratePerSecond * idleReclaimSeconds);
}

/** What one request costs on average, split into its parts, in USD per million requests. */
export interface CostPerMillion {
  requests: number;
  duration: number;
  pings: number;
  provisioned: number;
  total: number;
}

export interface BilledDurations {
  /** Billed ms of a cold request: INIT + first invoke, rounded up to a whole ms. */
  coldMs: number;
  /** Billed ms of a warm request: rounded up to a whole ms, at least 1. */
  warmMs: number;
}

const MILLION = 1_000_000;

/** On-demand, closed form: every request pays the request fee and its duration; cold ones also their INIT (billed since 2025-08-01). */
export function onDemandCost(cold: number, billed: BilledDurations, memoryGb: number, prices: Prices): CostPerMillion {
  const requests = MILLION * prices.request;
  const meanBilledMs = cold * billed.coldMs + (1 - cold) * billed.warmMs;
  const duration = MILLION * (meanBilledMs / 1000) * memoryGb * prices.gbSecond;
  return { requests, duration, pings: 0, provisioned: 0, total: requests + duration };
}

/**
 * Keep-warm pings every `pingIntervalSeconds` keep one environment alive, so no
 * request is cold (closed form: requests and pings never overlap); each ping is
 * a billed request of `pingBilledMs`. Per million requests there are
 * 1e6 / (rate · interval) pings.
 */
export function keepWarmCost(
  ratePerSecond: number,
  pingIntervalSeconds: number,
  billed: BilledDurations,
  pingBilledMs: number,
  memoryGb: number,
  prices: Prices,
): CostPerMillion {
  const base = onDemandCost(0, billed, memoryGb, prices);
  const pingsPerMillion = MILLION / (ratePerSecond * pingIntervalSeconds);
  const pings = pingsPerMillion * (prices.request + (pingBilledMs / 1000) * memoryGb * prices.gbSecond);
  return { ...base, pings, total: base.total + pings };
}

/**
 * Provisioned concurrency of one environment, closed form (no request ever
 * finds it busy, so none spills over): its GB-seconds are paid for the whole
 * time a million requests take to arrive (1e6 / rate seconds), requests run at
 * the lower provisioned duration price, INIT is off the request path.
 */
export function provisionedCost(ratePerSecond: number, billed: BilledDurations, memoryGb: number, prices: Prices): CostPerMillion {
  const requests = MILLION * prices.request;
  const duration = MILLION * (billed.warmMs / 1000) * memoryGb * prices.provisionedDurationGbSecond;
  const provisioned = (MILLION / ratePerSecond) * memoryGb * prices.provisionedGbSecond;
  return { requests, duration, pings: 0, provisioned, total: requests + duration + provisioned };
}
