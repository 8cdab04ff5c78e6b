import type { Prices } from './prices.js';

/**
 * The traffic model, in pure functions. Requests arrive as a Poisson process
 * of `ratePerSecond`; one environment serves them one at a time (valid while
 * rate × request duration is small: the model flags when it is not); an
 * environment idle for `idleReclaimSeconds` is reclaimed, so the next request
 * is a cold start. A request is therefore cold when the gap before it exceeds
 * the idle time: P(cold) = exp(−rate · idle).
 */
export function coldShare(ratePerSecond: number, idleReclaimSeconds: number): number {
  return Math.exp(-ratePerSecond * idleReclaimSeconds);
}

/** One component of a latency mixture: its weight and its measured values. */
export interface MixtureComponent {
  weight: number;
  values: readonly number[];
}

/**
 * The q-quantile of a mixture of empirical distributions: the smallest
 * measured value x with Σ weight·F(x) ≥ q, F being each component's empirical
 * CDF (share of its values ≤ x). Components with weight 0 or no values are ignored.
 */
export function mixtureQuantile(components: readonly MixtureComponent[], q: number): number {
  const used = components.filter((c) => c.weight > 0 && c.values.length > 0).map((c) => ({ weight: c.weight, sorted: [...c.values].sort((a, b) => a - b) }));
  if (used.length === 0) throw new Error('mixtureQuantile() needs a component with weight and values');
  const total = used.reduce((s, c) => s + c.weight, 0);
  const candidates = [...new Set(used.flatMap((c) => c.sorted))].sort((a, b) => a - b);
  const cdf = (x: number) => used.reduce((s, c) => s + (c.weight / total) * (upperBound(c.sorted, x) / c.sorted.length), 0);
  for (const x of candidates) if (cdf(x) >= q - 1e-12) return x;
  return candidates[candidates.length - 1]!;
}

/** Number of sorted values ≤ x. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
  /** Billed ms of a warm request (also of a keep-warm ping): rounded up to a whole ms, at least 1. */
  warmMs: number;
}

const MILLION = 1_000_000;

/** On-demand: every request pays the request fee and its duration; cold ones also their INIT (billed since 2025-08-01). */
export function onDemandCost(cold: number, billed: BilledDurations, memoryGb: number, prices: Prices): CostPerMillion {
  const requests = MILLION * prices.request;
  const meanBilledMs = cold * billed.coldMs + (1 - cold) * billed.warmMs;
  const duration = MILLION * (meanBilledMs / 1000) * memoryGb * prices.gbSecond;
  return { requests, duration, pings: 0, provisioned: 0, total: requests + duration };
}

/**
 * Keep-warm pings every `pingIntervalSeconds` keep one environment alive, so no
 * request is cold; each ping is a billed request of warm duration. Per million
 * requests there are 1e6 / (rate · interval) pings.
 */
export function keepWarmCost(ratePerSecond: number, pingIntervalSeconds: number, billed: BilledDurations, memoryGb: number, prices: Prices): CostPerMillion {
  const base = onDemandCost(0, billed, memoryGb, prices);
  const pingsPerMillion = MILLION / (ratePerSecond * pingIntervalSeconds);
  const pings = pingsPerMillion * (prices.request + (billed.warmMs / 1000) * memoryGb * prices.gbSecond);
  return { ...base, pings, total: base.total + pings };
}

/**
 * Provisioned concurrency of one environment: its GB-seconds are paid for the
 * whole time a million requests take to arrive (1e6 / rate seconds), requests
 * run at the lower provisioned duration price, INIT is off the request path.
 */
export function provisionedCost(ratePerSecond: number, billed: BilledDurations, memoryGb: number, prices: Prices): CostPerMillion {
  const requests = MILLION * prices.request;
  const duration = MILLION * (billed.warmMs / 1000) * memoryGb * prices.provisionedDurationGbSecond;
  const provisioned = (MILLION / ratePerSecond) * memoryGb * prices.provisionedGbSecond;
  return { requests, duration, pings: 0, provisioned, total: requests + duration + provisioned };
}
