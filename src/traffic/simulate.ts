import { seededRandom } from '../stats/rng.js';
import { MinHeap } from './min-heap.js';

/**
 * Where requests come from: a Poisson process of `ratePerSecond` for
 * `durationS` seconds, or recorded arrival times in seconds (replayed as given,
 * sorted; for example the arrivals `coldbench observe` recorded).
 */
export type ArrivalInput = { kind: 'poisson'; ratePerSecond: number; durationS: number } | { kind: 'replay'; timesS: readonly number[] };

/** Keep-warm pings: every `intervalS` seconds (from t = 0), `concurrency` pings at once, each occupying an environment as a request does. */
export interface KeepWarmInput {
  intervalS: number;
  /** How long a ping keeps a warm environment busy, ms. */
  occupancyMs: number;
  /** Pings sent at once (default 1): each needs an environment of its own. */
  concurrency?: number;
}

/** One deployment of one function under one arrival process. */
export interface SimulationInput {
  arrivals: ArrivalInput;
  /** Latencies (ms) of a request that has to start an environment (cold start, INIT, first response); each such request draws one, with replacement. */
  coldMs: readonly number[];
  /** Latencies (ms) of a request served by a warm environment; drawn the same way. */
  warmMs: readonly number[];
  /** An environment idle for longer than this is reclaimed (its next request would need a new one). */
  idleReclaimS: number;
  /** Environments of provisioned concurrency: always initialised, never reclaimed, used first; requests beyond them spill over to on-demand environments. */
  provisioned?: number;
  keepWarm?: KeepWarmInput;
  /** Arrivals (and pings) before this time only warm the pool up: they are simulated but not counted (default 0). */
  warmupS?: number;
  /** Seed of the generator (default 1): the same input gives the same result. */
  seed?: number;
}

/** What the counted part of a simulation saw. */
export interface SimulationResult {
  /** User requests counted (after the warm-up). */
  requests: number;
  /** Of them, those that had to start an on-demand environment. */
  coldRequests: number;
  /** Of them, those served by an on-demand environment although the deployment has provisioned concurrency (cold or warm): the spill-over. */
  spilledRequests: number;
  /** Pings counted, and those of them that had to start an environment. */
  pings: number;
  coldPings: number;
  /** On-demand environments started (by requests or pings) in the counted part. */
  environmentsStarted: number;
  /** The most environments busy at once, over the whole simulation. */
  maxBusy: number;
  /** Seconds from the end of the warm-up to the last arrival: what provisioned concurrency is paid for. */
  countedSpanS: number;
  /** Latency of every counted request in arrival order, ms, and whether it was cold. */
  latenciesMs: Float64Array;
  cold: Uint8Array;
}

/** Arrival times, ascending: exponential gaps for Poisson, the recorded times otherwise. */
export function arrivalTimes(input: ArrivalInput, random: () => number): Float64Array {
  if (input.kind === 'replay') {
    for (const t of input.timesS)
      if (!Number.isFinite(t)) throw new Error(`simulateTraffic: replayed arrival time ${t} is not a number of seconds`);
    return Float64Array.from(input.timesS).sort();
  }
  const { ratePerSecond: rate, durationS } = input;
  if (!(rate > 0) || !(durationS > 0))
    throw new Error(`simulateTraffic: Poisson arrivals need a positive rate and duration (got ${rate}/s for ${durationS} s)`);
  const times: number[] = [];
  for (let t = -Math.log(1 - random()) / rate; t < durationS; t += -Math.log(1 - random()) / rate) times.push(t);
  return Float64Array.from(times);
}

/**
 * A seeded discrete-event simulation of a serverless function's environments
 * (Lambda's model): every request needs an environment of its own for as long
 * as it runs; it goes to an idle provisioned environment if there is one, else
 * to the most recently used idle on-demand environment (Lambda routes to warm
 * environments that way, so the least recently used ones idle out), else a new
 * environment starts (a cold start). An on-demand environment idle for longer
 * than `idleReclaimS` is reclaimed. Keep-warm pings are routed like requests
 * and occupy their environment for `occupancyMs`. Busy times are the drawn
 * latencies: a cold request holds its new environment for its whole cold
 * latency, a warm one for its warm latency.
 */
export function simulateTraffic(input: SimulationInput): SimulationResult {
  if (input.coldMs.length === 0 || input.warmMs.length === 0)
    throw new Error('simulateTraffic: needs at least one cold and one warm latency');
  if (!(input.idleReclaimS >= 0)) throw new Error(`simulateTraffic: idleReclaimS must be ≥ 0 (got ${input.idleReclaimS})`);
  const random = seededRandom(input.seed ?? 1);
  const arrivals = arrivalTimes(input.arrivals, random);
  const draw = (values: readonly number[]) => values[Math.floor(random() * values.length)]! / 1000;
  const warmupS = input.warmupS ?? 0;
  const idleS = input.idleReclaimS;
  const pingEvery = input.keepWarm?.intervalS;
  if (pingEvery !== undefined && !(pingEvery > 0))
    throw new Error(`simulateTraffic: keep-warm interval must be positive (got ${pingEvery})`);
  const pingConcurrency = input.keepWarm?.concurrency ?? 1;
  const pingS = (input.keepWarm?.occupancyMs ?? 0) / 1000;

  // On-demand environments: busy ones by the time they finish; idle ones by when they last finished, oldest first (a deque: reclaim takes from the front, routing from the back).
  const busy = new MinHeap();
  let idle = new Float64Array(64);
  let head = 0;
  let tail = 0;
  // Provisioned environments: busy ones by finish time, and how many are idle.
  const provisionedBusy = new MinHeap();
  let provisionedIdle = input.provisioned ?? 0;

  const counted = arrivals.filter((t) => t >= warmupS).length;
  const latenciesMs = new Float64Array(counted);
  const cold = new Uint8Array(counted);
  const out = { requests: 0, coldRequests: 0, spilledRequests: 0, pings: 0, coldPings: 0, environmentsStarted: 0, maxBusy: 0 };

  const pushIdle = (lastUsed: number) => {
    if (tail === idle.length) {
      const live = idle.subarray(head, tail);
      const grown = new Float64Array(Math.max(64, live.length * 2));
      grown.set(live);
      idle = grown;
      tail -= head;
      head = 0;
    }
    idle[tail++] = lastUsed;
  };
  const settle = (t: number) => {
    while (busy.size > 0 && busy.peek() <= t) pushIdle(busy.pop());
    while (provisionedBusy.size > 0 && provisionedBusy.peek() <= t) {
      provisionedBusy.pop();
      provisionedIdle++;
    }
    while (head < tail && t - idle[head]! > idleS) head++; // idle longer than the reclaim time: gone
  };
  /** Routes one request or ping at time t; returns whether it started an environment and whether it ran on demand. */
  const route = (t: number, coldS: () => number, warmS: () => number): { started: boolean; onDemand: boolean; latencyS: number } => {
    if (provisionedIdle > 0) {
      provisionedIdle--;
      const s = warmS();
      provisionedBusy.push(t + s);
      return { started: false, onDemand: false, latencyS: s };
    }
    if (tail > head) {
      tail--; // the most recently used idle environment
      const s = warmS();
      busy.push(t + s);
      return { started: false, onDemand: true, latencyS: s };
    }
    const s = coldS();
    busy.push(t + s);
    return { started: true, onDemand: true, latencyS: s };
  };

  const coldDraw = () => draw(input.coldMs);
  const warmDraw = () => draw(input.warmMs);
  const pingDraw = () => pingS;
  let nextPing = pingEvery !== undefined ? 0 : Number.POSITIVE_INFINITY;
  const lastArrival = arrivals.length > 0 ? arrivals[arrivals.length - 1]! : 0;
  let index = 0;
  for (const t of arrivals) {
    while (nextPing <= t) {
      settle(nextPing);
      for (let k = 0; k < pingConcurrency; k++) {
        const r = route(nextPing, coldDraw, pingDraw);
        if (nextPing >= warmupS) {
          out.pings++;
          if (r.started) {
            out.coldPings++;
            out.environmentsStarted++;
          }
        }
      }
      out.maxBusy = Math.max(out.maxBusy, busy.size + provisionedBusy.size);
      nextPing += pingEvery!;
    }
    settle(t);
    const r = route(t, coldDraw, warmDraw);
    out.maxBusy = Math.max(out.maxBusy, busy.size + provisionedBusy.size);
    if (t < warmupS) continue;
    latenciesMs[index] = r.latencyS * 1000;
    cold[index] = r.started ? 1 : 0;
    index++;
    out.requests++;
    if (r.started) {
      out.coldRequests++;
      out.environmentsStarted++;
    }
    if (r.onDemand && (input.provisioned ?? 0) > 0) out.spilledRequests++;
  }
  return { ...out, countedSpanS: Math.max(0, lastArrival - warmupS), latenciesMs, cold };
}
