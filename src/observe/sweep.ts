import type { ObservedInvocation } from './invocation.js';

/** What the sweep over the invocations' [start, end] intervals found for one invocation. Pure. */
export interface ArrivalContext {
  /** Invocations in flight when this one started (not counting itself). */
  inFlight: number;
  /** Seconds since the last earlier invocation of the function ended, when none was in flight; undefined when one was, or for the first invocation. */
  idleS?: number;
  /** Seconds since the previous invocation in the same environment ended; undefined for an environment's first invocation in the period. */
  environmentIdleS?: number;
}

export interface SweepResult {
  /** One per invocation, in the order given. */
  arrivals: ArrivalContext[];
  /** Highest number of invocations in flight at once, and when it was first reached. */
  peak: number;
  peakAtMs: number;
  /** Highest concurrency inside each window of `bucketMs` starting at `originMs` (index = window). */
  peakByBucket: number[];
}

/**
 * Sweeps the invocations' intervals [startMs, reportMs) in time order (an
 * invocation ending at the instant another starts does not overlap it): how
 * many were in flight at each arrival, the idle time before it, and the peak
 * concurrency overall and per window.
 */
export function sweepInvocations(
  invocations: readonly ObservedInvocation[],
  originMs: number,
  bucketMs: number,
  buckets: number,
): SweepResult {
  const events: { t: number; delta: 1 | -1; i: number }[] = [];
  invocations.forEach((inv, i) => {
    events.push({ t: inv.startMs, delta: 1, i });
    events.push({ t: Math.max(inv.startMs, inv.reportMs), delta: -1, i });
  });
  events.sort((a, b) => a.t - b.t || a.delta - b.delta);
  const arrivals: ArrivalContext[] = invocations.map(() => ({ inFlight: 0 }));
  const peakByBucket = new Array<number>(Math.max(0, buckets)).fill(0);
  const bucketOf = (t: number) => Math.min(buckets - 1, Math.max(0, Math.floor((t - originMs) / bucketMs)));
  const lastEndByEnvironment = new Map<string, number>();
  let level = 0;
  let lastEndMs: number | undefined;
  let peak = 0;
  let peakAtMs = originMs;
  let lastBucket = -1;
  for (const e of events) {
    const b = buckets > 0 ? bucketOf(e.t) : -1;
    // Windows entered carry the level they started with (intervals are half-open: one ending at a window's start is not in it).
    for (let k = lastBucket + 1; k <= b; k++)
      if (k < b || e.t > originMs + k * bucketMs) peakByBucket[k] = Math.max(peakByBucket[k]!, level);
    if (b > lastBucket) lastBucket = b;
    const inv = invocations[e.i]!;
    if (e.delta === 1) {
      const ctx = arrivals[e.i]!;
      ctx.inFlight = level;
      if (level === 0 && lastEndMs !== undefined) ctx.idleS = (e.t - lastEndMs) / 1000;
      const envEnd = lastEndByEnvironment.get(inv.environment);
      if (envEnd !== undefined) ctx.environmentIdleS = Math.max(0, (e.t - envEnd) / 1000);
      level++;
      if (level > peak) {
        peak = level;
        peakAtMs = e.t;
      }
      if (b >= 0) peakByBucket[b] = Math.max(peakByBucket[b]!, level);
    } else {
      level--;
      lastEndMs = lastEndMs === undefined ? e.t : Math.max(lastEndMs, e.t);
      lastEndByEnvironment.set(inv.environment, Math.max(lastEndByEnvironment.get(inv.environment) ?? e.t, e.t));
    }
  }
  return { arrivals, peak, peakAtMs, peakByBucket };
}
